package io.skyshard.worker.storage;

import io.skyshard.rpc.ColumnSpec;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The engine holding a worker's tables. Each Skyshard database is one schema; name lookups are
 * case-insensitive, like the engines' identifiers.
 *
 * <p><b>Chunk tables are logical.</b> Queries, load streams and chunk listings speak of chunk
 * tables named as {@link io.skyshard.common.catalog.ChunkTables} says ({@code Object_1234},
 * {@code ObjectFullOverlap_1234}), but a backend stores all chunks of one table in one physical
 * <em>chunk store</em> ({@code Object}, {@code ObjectFullOverlap}) with the hidden column
 * {@value #CHUNK_COLUMN}, written chunk after chunk so that the engine's min/max zone maps skip
 * every other chunk. Measured on DuckDB (2.5 M rows in 96 chunks): one statement over a UNION ALL
 * of 96 chunk tables costs 2.4x the CPU of the same scan of one table, while reading one chunk of
 * the store costs what reading its own small table did (~0.5 ms). A full scan is therefore one
 * statement over one table per worker, whatever the number of chunks.
 */
public interface StorageBackend extends AutoCloseable {
    /** Hidden column of chunk stores: the chunk a row is stored for (for overlap rows: the chunk they border). */
    String CHUNK_COLUMN = "skyshard_chunk";

    /**
     * A new connection for one statement stream; the caller closes it, from one thread at a time.
     * Connections still open when the backend closes are closed with it (and fail afterwards).
     */
    Connection openConnection() throws SQLException;

    /**
     * A connection for one query statement, possibly used before: opening one costs more than a
     * small chunk query. Give it back with {@link #releaseQueryConnection} once its statements are
     * closed (a closed statement can no longer be cancelled, so a late cancel cannot reach the
     * connection's next user).
     */
    default Connection borrowQueryConnection() throws SQLException {
        return openConnection();
    }

    /**
     * Takes back a connection of {@link #borrowQueryConnection}: kept for the next query when
     * {@code reusable} (its statements ended normally), else closed.
     */
    default void releaseQueryConnection(Connection connection, boolean reusable) {
        try {
            connection.close();
        } catch (SQLException e) {
            // already unusable: nothing to release
        }
    }

    /** Whether a physical table exists: a replicated table, or a partitioned table's chunk store (no round trip). */
    boolean tableExists(String database, String table);

    /** Whether this worker holds rows of chunk {@code chunkId} in the chunk store {@code table} (no round trip). */
    boolean chunkExists(String database, String table, int chunkId);

    /**
     * Whether every chunk this worker lists for the store is among {@code chunkIds}. The inventory
     * lists a chunk before the load giving it rows commits and forgets it only after the load
     * emptying it commits, so when this holds after a transaction's snapshot was taken, no chunk
     * outside {@code chunkIds} is visible to that transaction: it may read the store unfiltered.
     */
    boolean holdsOnly(String database, String table, java.util.Set<Integer> chunkIds);

    /**
     * Logical table names of a database, sorted: replicated tables by their name, chunks of chunk
     * stores as {@code <store>_<chunk>}; empty if the database does not exist.
     */
    List<String> tables(String database);

    /**
     * A parenthesised SQL table expression reading chunks of a chunk store with the store's declared
     * columns only (hidden columns removed): the given chunks, every chunk when {@code chunkIds} is
     * null, no row when it is empty. The store must exist.
     */
    default String chunkSource(String database, String table, int[] chunkIds) {
        return chunkSource(database, table, chunkIds, null);
    }

    /**
     * Like {@link #chunkSource(String, String, int[])}, keeping only the rows that satisfy
     * {@code rowFilter} (SQL over the store's columns, hidden ones included; null for all rows).
     */
    String chunkSource(String database, String table, int[] chunkIds, String rowFilter);

    /**
     * Starts loading one table in its own transaction: chunk {@code chunkId} of the chunk store
     * {@code table}, or the whole (replicated) table when {@code chunkId} is
     * {@link io.skyshard.common.catalog.ChunkTables#REPLICATED_CHUNK}. {@code replace} first removes
     * what that chunk (or table) held. Nothing is visible until {@link TableLoad#commit()}.
     */
    TableLoad beginLoad(String database, String table, int chunkId, List<ColumnSpec> columns, boolean replace);

    /** Starts a load of any number of tables, all visible at {@link LoadTransaction#commit()} or none. */
    LoadTransaction beginTransaction();

    /** Which ingest transactions each chunk of each store (and each replicated table) holds rows of. */
    ContributionLedger ledger();

    /** Whether a physical table has the hidden contribution column ({@link ContributionLedger#COLUMN}). */
    boolean hasContributionColumn(String database, String table);

    /**
     * Deletes the rows of every contribution of {@code transactionIds} and of {@code contributionIds}
     * from every table holding them, with their ledger entries, in one transaction; returns the rows
     * deleted. Idempotent.
     */
    long purge(long[] transactionIds, long[] contributionIds);

    /** Ids of the contributions this worker holds rows of, ascending. */
    long[] contributions();

    /** Drops a database with all its tables; a missing database is not an error. */
    void dropDatabase(String database);

    /** Drops one (non-chunk) table, e.g. a replicated table; returns false (and does nothing) when it does not exist. */
    boolean dropTable(String database, String table);

    /** Qualified, quoted name of a physical table in this engine's SQL dialect. */
    String qualifiedName(String database, String table);

    @Override
    void close();
}
