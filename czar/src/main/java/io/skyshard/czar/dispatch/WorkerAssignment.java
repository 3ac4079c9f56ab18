package io.skyshard.czar.dispatch;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.Visibility;
import io.skyshard.common.catalog.WorkerInfo;

/**
 * The chunks one worker must run for one query (one gRPC stream), and what of the ingested rows the
 * query's snapshot sees (null: the worker uses the newest visibility it knows).
 */
public record WorkerAssignment(WorkerInfo worker, int[] chunkIds, Visibility visibility) {
    public WorkerAssignment {
        requireNonNull(worker, "worker");
        chunkIds = chunkIds.clone();
    }

    public WorkerAssignment(WorkerInfo worker, int[] chunkIds) {
        this(worker, chunkIds, null);
    }
}
