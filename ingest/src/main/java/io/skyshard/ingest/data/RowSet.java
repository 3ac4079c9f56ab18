package io.skyshard.ingest.data;

import io.skyshard.rpc.ColumnarBatch;

/** Rows bound for a worker: how many there are, and any range of them as a wire batch. */
public interface RowSet {
    int rowCount();

    /** Rows {@code [from, to)} as one batch. */
    ColumnarBatch batch(int from, int to);
}
