package io.skyshard.czar.dispatch;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.WorkerInfo;

/** The chunks one worker must run for one query (one gRPC stream). */
public record WorkerAssignment(WorkerInfo worker, int[] chunkIds) {
    public WorkerAssignment {
        requireNonNull(worker, "worker");
        chunkIds = chunkIds.clone();
    }
}
