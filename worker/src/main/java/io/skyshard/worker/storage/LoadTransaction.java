package io.skyshard.worker.storage;

import io.skyshard.rpc.ColumnSpec;
import io.skyshard.rpc.ColumnarBatch;

import java.util.List;

/**
 * A load of one or more tables in one storage transaction: tables are started one after the other,
 * each followed by its rows, and either all of them become visible at {@link #commit()} or none
 * does. One transaction per many tables is what makes bulk loads fast: a commit on a file-backed
 * engine costs milliseconds, far more than filling a small chunk.
 *
 * <p>Not for concurrent use: one stream feeds one transaction. Either {@link #commit()} or
 * {@link #abort()} must be called once.
 */
public interface LoadTransaction extends AutoCloseable {
    /**
     * Starts the next table: chunk {@code chunkId} of the chunk store {@code table}, or the whole
     * table when {@code chunkId} is {@link io.skyshard.common.catalog.ChunkTables#REPLICATED_CHUNK};
     * created if missing, emptied first when {@code replace}. The rows appended from now on go to
     * it. Finishes the previous table's rows.
     */
    default void startTable(String database, String table, int chunkId, List<ColumnSpec> columns, boolean replace) {
        startTable(database, table, chunkId, columns, replace, 0);
    }

    /**
     * Starts the next table for the rows of an ingest contribution ({@code contributionId} non-zero):
     * the table holds them in its hidden contribution column (see {@link ContributionLedger}), rows
     * are appended (never replaced), and the ledger records the contribution at commit, atomically
     * with the rows. {@code contributionId} 0 is a plain load.
     */
    void startTable(String database, String table, int chunkId, List<ColumnSpec> columns, boolean replace, long contributionId);

    /** Appends the rows of a batch to the current table; returns the rows appended. */
    int append(ColumnarBatch batch);

    /** Rows appended so far to each started table, in start order. */
    List<Long> tableRows();

    /** Makes every table of the transaction visible; returns the rows loaded, all tables. */
    long commit();

    /** Drops everything loaded; safe to call after a failure or twice. */
    void abort();

    /** Aborts unless committed. */
    @Override
    default void close() {
        abort();
    }
}
