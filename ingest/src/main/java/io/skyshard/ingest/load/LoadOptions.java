package io.skyshard.ingest.load;

import io.skyshard.common.error.CommonErrorCode;
import io.skyshard.common.error.SkyshardException;

/**
 * Tuning of {@link CatalogLoader}.
 *
 * @param replicas         workers holding each chunk (1 in the demo); must not exceed the worker count
 * @param parallelChunks   chunks written concurrently (each is one gRPC stream per table and replica at a time)
 * @param batchRows        rows per ColumnarBatch message
 * @param partitionThreads threads generating and partitioning blocks
 */
public record LoadOptions(int replicas, int parallelChunks, int batchRows, int partitionThreads) {
    public static final LoadOptions DEFAULT =
            new LoadOptions(1, 8, 4096, Math.max(2, Runtime.getRuntime().availableProcessors()));

    public LoadOptions {
        if (replicas < 1) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, "replicas must be >= 1, got " + replicas);
        }
        if (parallelChunks < 1 || batchRows < 1 || partitionThreads < 1) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, "parallelChunks, batchRows and partitionThreads must be >= 1");
        }
    }

    public LoadOptions withReplicas(int r) {
        return new LoadOptions(r, parallelChunks, batchRows, partitionThreads);
    }
}
