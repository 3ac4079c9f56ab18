package io.skyshard.worker.storage;

import io.skyshard.rpc.ColumnarBatch;

/** One table load in progress. Either {@link #commit()} or {@link #abort()} must be called once. */
public interface TableLoad extends AutoCloseable {
    /** Appends the rows of a batch; returns the rows appended. */
    int append(ColumnarBatch batch);

    /** Makes the load visible; returns the rows loaded. */
    long commit();

    /** Drops everything loaded; safe to call after a failure or twice. */
    void abort();

    /** Aborts unless committed. */
    @Override
    default void close() {
        abort();
    }
}
