package io.skyshard.ingest.load;

import io.skyshard.common.error.CommonErrorCode;
import io.skyshard.common.error.SkyshardException;

/**
 * Tuning of {@link CatalogLoader}.
 *
 * @param replicas         workers holding each chunk (1 in the demo); must not exceed the worker count
 * @param parallelChunks   Load streams in flight at once, all workers together
 * @param batchRows        most rows per ColumnarBatch message (wide tables send fewer: see {@link #BATCH_BYTES})
 * @param partitionThreads threads generating and partitioning blocks
 * @param tablesPerStream  most chunk tables one Load stream (one worker transaction) carries; a
 *                         stream also ends at about {@link #STREAM_BYTES} of row data
 * @param flushBytes       row data (8 bytes a value) a load gathers before writing it to the workers:
 *                         bounds memory, and each chunk table gets one sorted run per flush
 */
public record LoadOptions(int replicas, int parallelChunks, int batchRows, int partitionThreads, int tablesPerStream,
        long flushBytes) {
    /**
     * Row data (8 bytes a value) after which a stream is closed even below {@code tablesPerStream}
     * tables. A stream is one worker transaction, and a worker's DuckDB spends less per row in fewer,
     * larger ones: in {@code bench ingest} the workers used ~15% more CPU at 48 MB a stream (about
     * 250,000 object rows a commit) than at 128 MB. With the default flush, each worker gets one stream a flush.
     */
    public static final long STREAM_BYTES = 256L << 20;

    /**
     * Row data (8 bytes a value) of one batch message, below which a table's batches hold all of
     * {@code batchRows}. Each message costs the worker a fixed amount (decoding, flow control, a
     * thread hand-off): at 4,096 rows a message the workers used ~10% more CPU in
     * {@code bench ingest} than at 4 MB messages, which are still far below the worker's 64 MB limit.
     */
    public static final long BATCH_BYTES = 4L << 20;

    /**
     * Default {@link #flushBytes()}: 512 MB of row data. Larger flushes make fewer, longer sorted runs
     * per chunk and larger worker transactions (bench ingest: 43% -> 48-50% of a single DuckDB's rate
     * against 256 MB); {@link LoadMemory} bounds what all concurrent jobs buffer together.
     */
    public static final long FLUSH_BYTES = 512L << 20;

    public static final LoadOptions DEFAULT =
            new LoadOptions(1, 4, 65_536, Math.max(2, Runtime.getRuntime().availableProcessors()), 256, FLUSH_BYTES);

    public LoadOptions {
        if (replicas < 1) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, "replicas must be >= 1, got " + replicas);
        }
        if (parallelChunks < 1 || batchRows < 1 || partitionThreads < 1 || tablesPerStream < 1 || flushBytes < 1) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT,
                    "parallelChunks, batchRows, partitionThreads, tablesPerStream and flushBytes must be >= 1");
        }
    }

    /** Options with the default {@code tablesPerStream} and {@code flushBytes}. */
    public LoadOptions(int replicas, int parallelChunks, int batchRows, int partitionThreads) {
        this(replicas, parallelChunks, batchRows, partitionThreads, 256, FLUSH_BYTES);
    }

    public LoadOptions withReplicas(int r) {
        return new LoadOptions(r, parallelChunks, batchRows, partitionThreads, tablesPerStream, flushBytes);
    }

    public LoadOptions withTablesPerStream(int n) {
        return new LoadOptions(replicas, parallelChunks, batchRows, partitionThreads, n, flushBytes);
    }

    public LoadOptions withFlushBytes(long bytes) {
        return new LoadOptions(replicas, parallelChunks, batchRows, partitionThreads, tablesPerStream, bytes);
    }
}
