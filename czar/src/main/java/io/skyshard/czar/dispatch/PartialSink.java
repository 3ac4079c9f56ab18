package io.skyshard.czar.dispatch;

import io.skyshard.rpc.ColumnarBatch;
import io.skyshard.rpc.ResultSchema;

/** Receives the partial results of one query from every worker stream; called from several threads. */
public interface PartialSink {
    /** First message of each worker stream: the worker's view of the partial schema. */
    void schema(String workerId, ResultSchema schema);

    void append(ColumnarBatch batch);

    /** Progress: chunks finished by a worker. */
    default void chunksDone(int count, long rows) {
    }
}
