package io.skyshard.common.catalog;

import static java.util.Objects.requireNonNull;

/** A database (a catalog release) and its partitioning. */
public record DatabaseDef(String name, Partitioning partitioning) {
    public DatabaseDef {
        requireNonNull(name, "name");
        requireNonNull(partitioning, "partitioning");
    }
}
