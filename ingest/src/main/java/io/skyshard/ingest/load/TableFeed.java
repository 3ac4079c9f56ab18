package io.skyshard.ingest.load;

import io.skyshard.ingest.data.TableBlock;
import io.skyshard.ingest.partition.RowLocator;
import java.util.Map;

/**
 * The rows of one load, step by step: each step gives blocks for one or more tables (a file gives
 * one table; the sample generator gives Object and Source rows of the same objects). Directors of a
 * step are partitioned before its children, so a child may reference a director of the same step.
 */
public interface TableFeed extends AutoCloseable {
    /** One table's rows of a step and where they came from. */
    record Batch(TableBlock block, RowLocator at) {
    }

    /** The next step's blocks by table name, or null at the end. Errors name the input and the row. */
    Map<String, Batch> next();

    /** Input bytes consumed so far (compressed size for compressed input), for status and speed figures. */
    default long bytesRead() {
        return 0;
    }

    @Override
    default void close() {
    }
}
