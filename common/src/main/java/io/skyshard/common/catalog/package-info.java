/** The catalog model shared by every role: databases, tables, partitioning, workers, placement. */
package io.skyshard.common.catalog;
