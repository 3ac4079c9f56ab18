package io.skyshard.worker.storage;

import io.skyshard.rpc.ColumnSpec;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The engine holding a worker's chunk tables. Each Skyshard database is one schema; tables are
 * named as {@link io.skyshard.common.catalog.ChunkTables} says. Name lookups are
 * case-insensitive, like the engines' identifiers.
 */
public interface StorageBackend extends AutoCloseable {
    /**
     * A new connection for one statement stream; the caller closes it, from one thread at a time.
     * Connections still open when the backend closes are closed with it (and fail afterwards).
     */
    Connection openConnection() throws SQLException;

    /** Whether the table exists (from the in-memory inventory, no round trip to the engine). */
    boolean tableExists(String database, String table);

    /** Physical table names of a database, sorted; empty if the database does not exist. */
    List<String> tables(String database);

    /**
     * Starts loading one table in its own transaction: the table is created if missing (or
     * dropped first when {@code replace}), and nothing is visible until {@link TableLoad#commit()}.
     */
    TableLoad beginLoad(String database, String table, List<ColumnSpec> columns, boolean replace);

    /** Starts a load of any number of tables, all visible at {@link LoadTransaction#commit()} or none. */
    LoadTransaction beginTransaction();

    /**
     * Creates, in one transaction, the tables a contribution load will write that do not exist yet
     * (with the hidden contribution column, added to existing tables that lack it). Optional: a load
     * creates its tables itself otherwise, one commit each.
     */
    void prepareTables(List<TableSpec> tables);

    /** A table a load will write: where, and its catalog columns. */
    record TableSpec(String database, String table, List<ColumnSpec> columns) {
    }

    /** Which ingest transactions each table holds rows of. */
    ContributionLedger ledger();

    /** Whether a table has the hidden contribution column ({@link ContributionLedger#COLUMN}). */
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

    /** Qualified, quoted name of a table in this engine's SQL dialect. */
    String qualifiedName(String database, String table);

    @Override
    void close();
}
