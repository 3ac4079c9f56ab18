package io.skyshard.replication.registry;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ChunkRef;
import io.skyshard.common.catalog.ClusterSnapshot;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.Registry;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.common.catalog.ViewDef;
import io.skyshard.common.catalog.Visibility;
import io.skyshard.common.catalog.WorkerInfo;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.common.util.IntList;
import io.skyshard.common.util.LongList;
import io.skyshard.replication.ReplicationErrorCode;
import io.skyshard.replication.transaction.ContributionRecord;
import io.skyshard.replication.transaction.ContributionState;
import io.skyshard.replication.transaction.ContributionStats;
import io.skyshard.replication.transaction.DirectorEntries;
import io.skyshard.replication.transaction.TransactionRecord;
import io.skyshard.replication.transaction.TransactionState;
import java.util.Optional;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The controller's persistent metadata: databases, tables, workers, chunk placement, director
 * indexes and ingest transactions, kept in an embedded DuckDB file. Every mutation is one DuckDB
 * transaction, so a crash leaves either the old or the new state and readers see whole snapshots.
 *
 * <p>Reads never touch the database: the current {@link ClusterSnapshot} and the director indexes
 * are held in memory (rebuilt from the file at open).
 *
 * <h2>Ingest transactions and what queries see</h2>
 * A transaction is begun on a database, receives contributions (each recorded here before any of its
 * rows reaches a worker, with an id that every one of its rows carries), and is committed or aborted.
 * Rows reach the workers' chunk tables while the transaction runs; what makes them visible is only
 * the snapshot: commit is one metadata transaction that merges the transaction's director index
 * entries, publishes placement for the chunks it created, marks it committed and bumps the version.
 * Each snapshot carries a {@link Visibility} (committed transactions, and the open, aborted or failed
 * ones whose rows may still sit on a worker), which the czar sends with every chunk query; workers
 * filter only tables that hold such rows. Aborted transactions and failed contributions stay hidden
 * until every registered worker confirmed it deleted their rows ({@link #confirmPurge}).
 *
 * <p>A contribution still IN_PROGRESS when the controller stops (its loader ran in this process and
 * died with it) is marked FAILED when the store opens again: none of its rows can ever become visible.
 *
 * <p>Databases created for ingest start unpublished: queries do not see them ({@link #snapshot()} is
 * the published view, {@link #catalog()} the whole catalog) until {@link #publishDatabase}.
 */
public final class MetadataStore implements Registry, AutoCloseable {
    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS meta_version (version BIGINT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS meta_database (name VARCHAR PRIMARY KEY, doc VARCHAR NOT NULL)",
        "CREATE TABLE IF NOT EXISTS meta_table (database VARCHAR NOT NULL, name VARCHAR NOT NULL, doc VARCHAR NOT NULL,"
                + " PRIMARY KEY (database, name))",
        "CREATE TABLE IF NOT EXISTS meta_worker (id VARCHAR PRIMARY KEY, doc VARCHAR NOT NULL)",
        "CREATE TABLE IF NOT EXISTS meta_placement (database VARCHAR NOT NULL, chunk_id INTEGER NOT NULL,"
                + " worker_id VARCHAR NOT NULL)",
        // Director index rows name their table by a number: millions of rows each carrying the
        // database and table names cost the loads that write them more than the keys did.
        "CREATE TABLE IF NOT EXISTS meta_director_table (id INTEGER NOT NULL, database VARCHAR NOT NULL, table_name VARCHAR NOT NULL)",
        "CREATE TABLE IF NOT EXISTS meta_director_key (table_id INTEGER NOT NULL, key BIGINT NOT NULL, chunk_id INTEGER NOT NULL,"
                + " sub_chunk_id INTEGER NOT NULL)",
        "ALTER TABLE meta_database ADD COLUMN IF NOT EXISTS published BOOLEAN DEFAULT TRUE",
        "CREATE TABLE IF NOT EXISTS meta_transaction (id BIGINT NOT NULL, database VARCHAR NOT NULL, state VARCHAR NOT NULL,"
                + " note VARCHAR, created_ms BIGINT NOT NULL, ended_ms BIGINT NOT NULL, commit_version BIGINT NOT NULL,"
                + " error VARCHAR, purged BOOLEAN NOT NULL)",
        "CREATE TABLE IF NOT EXISTS meta_contribution (id BIGINT NOT NULL, transaction_id BIGINT NOT NULL,"
                + " database VARCHAR NOT NULL, table_name VARCHAR NOT NULL, key VARCHAR, source VARCHAR, state VARCHAR NOT NULL,"
                + " rows_read BIGINT NOT NULL, rows_loaded BIGINT NOT NULL, overlap_rows BIGINT NOT NULL, bytes_read BIGINT NOT NULL,"
                + " skipped_rows BIGINT NOT NULL, error VARCHAR, created_ms BIGINT NOT NULL, ended_ms BIGINT NOT NULL,"
                + " retry_of BIGINT NOT NULL, chunks VARCHAR NOT NULL, purged BOOLEAN NOT NULL)",
        "CREATE TABLE IF NOT EXISTS meta_director_pending_key (contribution_id BIGINT NOT NULL, table_id INTEGER NOT NULL,"
                + " key BIGINT NOT NULL, chunk_id INTEGER NOT NULL, sub_chunk_id INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS meta_assignment (database VARCHAR NOT NULL, chunk_id INTEGER NOT NULL, worker_id VARCHAR NOT NULL)",
        "CREATE TABLE IF NOT EXISTS meta_purge (kind VARCHAR NOT NULL, id BIGINT NOT NULL, worker_id VARCHAR NOT NULL)",
        // Transaction ids are never reused, even after their database is dropped: workers keep
        // tombstones of purged ids and would refuse the rows of a new transaction with an old id.
        "CREATE TABLE IF NOT EXISTS meta_counter (name VARCHAR NOT NULL, value BIGINT NOT NULL)",
    };
    /** Names no catalog database may take: the workers' own bookkeeping schema, and engine schemas. */
    private static final java.util.Set<String> RESERVED_DATABASES = java.util.Set.of("skyshard_internal", "main",
            "information_schema", "pg_catalog", "temp", "system");
    /** Most pending per-contribution index parts kept per table before they are merged into one. */
    private static final int PENDING_PARTS = 16;

    private final Connection conn;
    private final Map<String, DirectorIndexTable> directorIndexes = new ConcurrentHashMap<>();
    /** Number of each table with director index rows (meta_director_table), by {@link #indexKey}. */
    private final Map<String, Integer> directorTableIds = new ConcurrentHashMap<>();
    /** Director index entries of loaded contributions of open transactions: transaction -> table key -> parts. */
    private final Map<Long, Map<String, List<DirectorIndexTable>>> pendingIndexes = new ConcurrentHashMap<>();
    private final Map<Long, TransactionRecord> transactions = new ConcurrentHashMap<>();
    /** The whole catalog, unpublished databases included. */
    private volatile ClusterSnapshot full;
    /** What queries see: published databases only. */
    private volatile ClusterSnapshot snapshot;
    private volatile java.util.Set<String> unpublished = java.util.Set.of();

    private MetadataStore(Connection conn) {
        this.conn = conn;
        try (Statement st = conn.createStatement()) {
            for (String ddl : SCHEMA) {
                st.execute(ddl);
            }
            migrateDirectorTables(st);
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM meta_version")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    st.execute("INSERT INTO meta_version VALUES (0)");
                }
            }
            // Loaders run inside the controller: one still running when it stopped died with it.
            int interrupted = st.executeUpdate("UPDATE meta_contribution SET state = 'FAILED', ended_ms = "
                    + System.currentTimeMillis() + ", error = 'the controller stopped while the contribution was loading; "
                    + "none of its rows will be visible (retry it)' WHERE state = 'IN_PROGRESS'");
            if (interrupted > 0) {
                st.execute("UPDATE meta_version SET version = version + 1");
            }
            loadTransactions();
            publishSnapshots();
            loadDirectorTableIds();
            loadDirectorIndexes();
            loadPendingIndexes();
        } catch (SQLException e) {
            throw storeFailure("open", e);
        }
    }

    /**
     * Moves the director index of a store written before tables were numbered (rows naming their
     * database and table) into the numbered tables, in one transaction: a crash leaves the old tables.
     */
    private void migrateDirectorTables(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main'"
                + " AND table_name IN ('meta_director_index', 'meta_director_pending')")) {
            rs.next();
            if (rs.getInt(1) < 2) {
                return;
            }
        }
        conn.setAutoCommit(false);
        try {
            st.execute("INSERT INTO meta_director_table SELECT (SELECT coalesce(max(id), 0) FROM meta_director_table)"
                    + " + row_number() OVER (ORDER BY database, table_name), database, table_name FROM ("
                    + "SELECT database, table_name FROM meta_director_index UNION SELECT database, table_name FROM meta_director_pending)"
                    + " n WHERE NOT EXISTS (SELECT 1 FROM meta_director_table t WHERE t.database = n.database AND t.table_name = n.table_name)");
            st.execute("INSERT INTO meta_director_key SELECT t.id, i.key, i.chunk_id, i.sub_chunk_id FROM meta_director_index i"
                    + " JOIN meta_director_table t ON t.database = i.database AND t.table_name = i.table_name");
            st.execute("INSERT INTO meta_director_pending_key SELECT p.contribution_id, t.id, p.key, p.chunk_id, p.sub_chunk_id"
                    + " FROM meta_director_pending p JOIN meta_director_table t ON t.database = p.database AND t.table_name = p.table_name");
            st.execute("DROP TABLE meta_director_index");
            st.execute("DROP TABLE meta_director_pending");
            conn.commit();
        } catch (SQLException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(true);
        }
    }

    private void loadDirectorTableIds() throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT id, database, table_name FROM meta_director_table")) {
            while (rs.next()) {
                directorTableIds.put(indexKey(rs.getString(2), rs.getString(3)), rs.getInt(1));
            }
        }
    }

    /**
     * The number of a table's director index rows, given one (committed on its own) the first time:
     * a number without rows is harmless, a row without its number would be lost.
     */
    private int directorTableId(String database, String table) {
        String key = indexKey(database, table);
        Integer id = directorTableIds.get(key);
        if (id != null) {
            return id;
        }
        int next = directorTableIds.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        write(() -> update("INSERT INTO meta_director_table VALUES (?, ?, ?)", next, database, table));
        directorTableIds.put(key, next);
        return next;
    }

    /** Opens (creating if needed) the store in {@code dir/metadata.duckdb}. */
    public static MetadataStore open(Path dir) {
        try {
            Files.createDirectories(dir);
            return new MetadataStore(DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("metadata.duckdb")));
        } catch (java.io.IOException | SQLException e) {
            throw new SkyshardException(ReplicationErrorCode.METADATA_STORE_FAILURE,
                    "cannot open metadata store in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A store that keeps nothing on disk (tests). */
    public static MetadataStore inMemory() {
        try {
            return new MetadataStore(DriverManager.getConnection("jdbc:duckdb:"));
        } catch (SQLException e) {
            throw storeFailure("open", e);
        }
    }

    /** What queries see: the published databases, with the visibility of ingest transactions. */
    @Override
    public ClusterSnapshot snapshot() {
        return snapshot;
    }

    /** The whole catalog, databases not yet published included (ingest and administration). */
    public ClusterSnapshot catalog() {
        return full;
    }

    public boolean isPublished(String database) {
        return full.database(database).isPresent() && !unpublished.contains(database);
    }

    /** Creates a database visible to queries at once (databases loaded outside ingest transactions). */
    @Override
    public void createDatabase(DatabaseDef database) {
        createDatabase(database, true);
    }

    /**
     * Creates a database; unpublished, queries do not see it until {@link #publishDatabase}, while its
     * tables are defined and loaded.
     */
    public synchronized void createDatabase(DatabaseDef database, boolean published) {
        requireNonNull(database, "database");
        if (full.database(database.name()).isPresent()) {
            throw new SkyshardException(ReplicationErrorCode.DATABASE_EXISTS, "database '" + database.name() + "' already exists");
        }
        String name = database.name();
        if (name.isBlank() || name.length() > 64 || RESERVED_DATABASES.contains(name.toLowerCase(java.util.Locale.ROOT))
                || name.chars().anyMatch(c -> c < 0x20 || c == '"' || c == '`' || c == '.' || c == '/')) {
            throw new SkyshardException(ReplicationErrorCode.INVALID_REQUEST, "invalid database name '" + name
                    + "': 1-64 characters, none of . / \" ` or control characters, and not a reserved name " + RESERVED_DATABASES);
        }
        mutate(() -> update("INSERT INTO meta_database (name, doc, published) VALUES (?, ?, ?)", name,
                SnapshotJson.write(database), published));
    }

    /**
     * Makes a database visible to queries. Its transactions must be finished: publishing mid-load
     * would show whatever happened to be committed.
     */
    public synchronized void publishDatabase(String database) {
        requireDatabase(database);
        if (!unpublished.contains(database)) {
            return;
        }
        List<Long> open = transactions.values().stream()
                .filter(t -> t.database().equals(database) && t.state() == TransactionState.STARTED)
                .map(TransactionRecord::id).sorted().toList();
        if (!open.isEmpty()) {
            throw new SkyshardException(ReplicationErrorCode.INVALID_STATE, "cannot publish database '" + database
                    + "': transaction(s) " + open + " are still open; commit or abort them first");
        }
        mutate(() -> update("UPDATE meta_database SET published = true WHERE name = ?", database));
    }

    private DatabaseDef requireDatabase(String database) {
        return full.database(database).orElseThrow(() -> new SkyshardException(ReplicationErrorCode.UNKNOWN_DATABASE,
                "unknown database '" + database + "'"));
    }

    @Override
    public synchronized void createTable(TableDef table) {
        requireNonNull(table, "table");
        if (full.database(table.database()).isEmpty()) {
            throw new SkyshardException(ReplicationErrorCode.UNKNOWN_DATABASE,
                    "cannot create table '" + table.name() + "': unknown database '" + table.database() + "'");
        }
        if (full.table(table.database(), table.name()).isPresent()) {
            throw new SkyshardException(ReplicationErrorCode.TABLE_EXISTS,
                    "table '" + table.database() + "." + table.name() + "' already exists");
        }
        validate(table);
        mutate(() -> update("INSERT INTO meta_table VALUES (?, ?, ?)", table.database(), table.name(), SnapshotJson.write(table)));
    }

    /**
     * Adds a view to a database: its base table must be a table of the database and every column
     * one of that table's; its name must not be taken by a table or view.
     */
    public synchronized void createView(String database, ViewDef view) {
        requireNonNull(view, "view");
        DatabaseDef db = requireDatabase(database);
        if (full.table(database, view.name()).isPresent() || db.view(view.name()).isPresent()) {
            throw new SkyshardException(ReplicationErrorCode.TABLE_EXISTS,
                    "cannot create view '" + database + "." + view.name() + "': a table or view of that name exists");
        }
        TableDef base = full.table(database, view.baseTable()).orElseThrow(() -> new SkyshardException(
                ReplicationErrorCode.INVALID_REQUEST, "view '" + view.name() + "': unknown base table '" + database + "."
                        + view.baseTable() + "'"));
        java.util.Set<String> names = new java.util.HashSet<>();
        for (ViewDef.Column c : view.columns()) {
            if (c.baseColumn() != null && base.column(c.baseColumn()).isEmpty()) {
                throw new SkyshardException(ReplicationErrorCode.INVALID_REQUEST, "view '" + view.name() + "': table '"
                        + base.name() + "' has no column '" + c.baseColumn() + "'");
            }
            if (!names.add(c.name().toLowerCase(java.util.Locale.ROOT))) {
                throw new SkyshardException(ReplicationErrorCode.INVALID_REQUEST, "view '" + view.name()
                        + "': column '" + c.name() + "' appears twice");
            }
        }
        DatabaseDef updated = db.withView(new ViewDef(view.name(), base.name(), view.columns()));
        mutate(() -> update("UPDATE meta_database SET doc = ? WHERE name = ?", SnapshotJson.write(updated), database));
    }

    private void validate(TableDef t) {
        String where = "table '" + t.database() + "." + t.name() + "'";
        if (t.columns().isEmpty()) {
            throw new SkyshardException(ReplicationErrorCode.INVALID_REQUEST, where + " has no columns");
        }
        if (t.name().isBlank() || t.name().length() > 64 || t.name().chars().anyMatch(c -> c < 0x20 || c == '"' || c == '`')) {
            throw new SkyshardException(ReplicationErrorCode.INVALID_REQUEST, "invalid table name '" + t.name() + "'");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (var c : t.columns()) {
            if (c.name().isBlank() || c.name().toLowerCase(java.util.Locale.ROOT).startsWith("_skyshard")
                    || c.name().chars().anyMatch(ch -> ch < 0x20 || ch == '"' || ch == '`')) {
                throw new SkyshardException(ReplicationErrorCode.INVALID_REQUEST, where + ": invalid column name '" + c.name()
                        + "' (names starting with _skyshard are reserved)");
            }
            if (!seen.add(c.name().toLowerCase(java.util.Locale.ROOT))) {
                throw new SkyshardException(ReplicationErrorCode.INVALID_REQUEST, where + ": column '" + c.name() + "' declared twice");
            }
        }
        switch (t.kind()) {
            case DIRECTOR -> {
                requireColumn(t, t.directorKey(), "director key", where);
                requireColumn(t, t.raColumn(), "longitude column", where);
                requireColumn(t, t.decColumn(), "latitude column", where);
            }
            case CHILD -> {
                requireColumn(t, t.directorKey(), "director key", where);
                requireDirector(t, t.directorTable(), where);
                if (t.raColumn() != null || t.decColumn() != null) {
                    requireColumn(t, t.raColumn(), "longitude column", where);
                    requireColumn(t, t.decColumn(), "latitude column", where);
                }
            }
            case MATCH -> {
                requireColumn(t, t.directorKey(), "first director key", where);
                requireColumn(t, t.directorKey2(), "second director key", where);
                requireDirector(t, t.directorTable(), where);
                requireDirector(t, t.directorTable2(), where);
                // The flag column may be left undeclared: it is then a stored column of its own (see TableDef).
            }
            default -> {
            }
        }
    }

    private void requireDirector(TableDef t, String director, String where) {
        if (director == null || full.table(t.database(), director).filter(d -> d.kind() == TableKind.DIRECTOR).isEmpty()) {
            throw new SkyshardException(ReplicationErrorCode.INVALID_REQUEST,
                    where + ": director table '" + director + "' is not a director table of the database");
        }
    }

    private static void requireColumn(TableDef t, String column, String role, String where) {
        if (column == null || t.column(column).isEmpty()) {
            throw new SkyshardException(ReplicationErrorCode.INVALID_REQUEST,
                    where + ": " + role + " '" + column + "' is not a column of the table");
        }
    }

    @Override
    public synchronized void registerWorker(WorkerInfo worker) {
        requireNonNull(worker, "worker");
        if (full.worker(worker.id()).filter(worker::equals).isPresent()) {
            return;
        }
        mutate(() -> {
            update("DELETE FROM meta_worker WHERE id = ?", worker.id());
            update("INSERT INTO meta_worker VALUES (?, ?)", worker.id(), SnapshotJson.write(worker));
        });
    }

    @Override
    public synchronized void setPlacement(String database, Map<Integer, List<String>> chunkReplicas) {
        if (full.database(database).isEmpty()) {
            throw new SkyshardException(ReplicationErrorCode.UNKNOWN_DATABASE, "unknown database '" + database + "'");
        }
        for (List<String> replicas : chunkReplicas.values()) {
            for (String w : replicas) {
                if (full.worker(w).isEmpty()) {
                    throw new SkyshardException(ReplicationErrorCode.INVALID_REQUEST, "placement names unknown worker '" + w + "'");
                }
            }
        }
        mutate(() -> {
            try (PreparedStatement del = conn.prepareStatement("DELETE FROM meta_placement WHERE database = ? AND chunk_id = ?")) {
                for (Integer chunk : chunkReplicas.keySet()) {
                    del.setString(1, database);
                    del.setInt(2, chunk);
                    del.addBatch();
                }
                del.executeBatch();
            }
            try (DuckDBAppender app = conn.unwrap(DuckDBConnection.class).createAppender("main", "meta_placement")) {
                for (var e : chunkReplicas.entrySet()) {
                    for (String w : e.getValue()) {
                        app.beginRow().append(database).append(e.getKey().intValue()).append(w).endRow();
                    }
                }
            }
        });
    }

    @Override
    public synchronized void addDirectorIndex(String database, String directorTable, long[] keys, int[] chunkIds, int[] subChunkIds) {
        TableDef table = full.table(database, directorTable).orElseThrow(() -> new SkyshardException(
                ReplicationErrorCode.UNKNOWN_TABLE, "unknown table '" + database + "." + directorTable + "'"));
        String indexKey = indexKey(database, table.name());
        DirectorIndexTable merged;
        try {
            merged = directorIndexes.getOrDefault(indexKey, DirectorIndexTable.EMPTY).plus(keys, chunkIds, subChunkIds);
        } catch (IllegalArgumentException e) {
            throw new SkyshardException(ReplicationErrorCode.DUPLICATE_DIRECTOR_KEY,
                    "table '" + database + "." + table.name() + "': " + e.getMessage());
        }
        int tableId = directorTableId(database, table.name());
        mutate(() -> {
            try (DuckDBAppender app = conn.unwrap(DuckDBConnection.class).createAppender("main", "meta_director_key")) {
                for (int i = 0; i < keys.length; i++) {
                    app.beginRow().append(tableId).append(keys[i]).append(chunkIds[i]).append(subChunkIds[i]).endRow();
                }
            }
        });
        directorIndexes.put(indexKey, merged);
    }

    @Override
    public synchronized void dropDatabase(String database) {
        if (full.database(database).isEmpty()) {
            throw new SkyshardException(ReplicationErrorCode.UNKNOWN_DATABASE, "unknown database '" + database + "'");
        }
        mutate(() -> {
            for (String t : List.of("meta_director_key", "meta_director_pending_key")) {
                update("DELETE FROM " + t + " WHERE table_id IN (SELECT id FROM meta_director_table WHERE database = ?)", database);
            }
            for (String t : List.of("meta_database WHERE name", "meta_table WHERE database", "meta_placement WHERE database",
                    "meta_director_table WHERE database", "meta_transaction WHERE database", "meta_contribution WHERE database",
                    "meta_assignment WHERE database")) {
                update("DELETE FROM " + t + " = ?", database);
            }
        });
        directorIndexes.keySet().removeIf(k -> k.startsWith(database + "\u0000"));
        directorTableIds.keySet().removeIf(k -> k.startsWith(database + "\u0000"));
        transactions.values().removeIf(t -> t.database().equals(database));
        loadTransactionsQuietly();
    }

    @Override
    public Map<Long, ChunkRef> lookup(String database, String directorTable, Collection<Long> keys) {
        String name = full.table(database, directorTable).map(TableDef::name).orElse(directorTable);
        DirectorIndexTable index = directorIndexes.get(indexKey(database, name));
        Map<Long, ChunkRef> out = new HashMap<>();
        if (index != null) {
            index.lookupInto(keys, out);
        }
        return out;
    }

    /** Number of director index entries of a table (0 if none). */
    public int directorIndexSize(String database, String directorTable) {
        DirectorIndexTable index = directorIndexes.get(indexKey(database, directorTable));
        return index == null ? 0 : index.size();
    }

    // ------------------------------------------------------------------ ingest transactions

    /** Starts a transaction on a database (published or not). */
    public synchronized TransactionRecord beginTransaction(String database, String note) {
        requireDatabase(database);
        long id;
        try (Statement st = conn.createStatement()) {
            long last = 0;
            try (ResultSet rs = st.executeQuery("SELECT value FROM meta_counter WHERE name = 'transaction'")) {
                if (rs.next()) {
                    last = rs.getLong(1);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT coalesce(max(id), 0) FROM meta_transaction")) {
                rs.next();
                last = Math.max(last, rs.getLong(1));
            }
            id = last + 1;
        } catch (SQLException e) {
            throw storeFailure("begin transaction", e);
        }
        if (id > Visibility.MAX_TRANSACTION) {
            throw new SkyshardException(ReplicationErrorCode.INVALID_STATE, "transaction ids are exhausted");
        }
        long txn = id;
        long now = System.currentTimeMillis();
        write(() -> {
            update("DELETE FROM meta_counter WHERE name = 'transaction'");
            update("INSERT INTO meta_counter VALUES ('transaction', ?)", txn);
            update("INSERT INTO meta_transaction VALUES (?, ?, 'STARTED', ?, ?, 0, 0, NULL, false)", txn, database, note, now);
        });
        TransactionRecord t = new TransactionRecord(txn, database, TransactionState.STARTED, note, now, 0, 0, null, false);
        transactions.put(txn, t);
        return t;
    }

    public Optional<TransactionRecord> transaction(long id) {
        return Optional.ofNullable(transactions.get(id));
    }

    /** Transactions of a database (all databases when null), by id. */
    public List<TransactionRecord> transactions(String database) {
        return transactions.values().stream().filter(t -> database == null || t.database().equals(database))
                .sorted(java.util.Comparator.comparingLong(TransactionRecord::id)).toList();
    }

    private TransactionRecord requireTransaction(long id) {
        TransactionRecord t = transactions.get(id);
        if (t == null) {
            throw new SkyshardException(ReplicationErrorCode.UNKNOWN_TRANSACTION, "unknown transaction " + id);
        }
        return t;
    }

    private TransactionRecord requireOpen(long id, String action) {
        TransactionRecord t = requireTransaction(id);
        if (t.state() != TransactionState.STARTED) {
            throw new SkyshardException(ReplicationErrorCode.INVALID_STATE, "cannot " + action + ": transaction " + id
                    + " is " + t.state() + (t.error() == null ? "" : " (" + t.error() + ")"));
        }
        return t;
    }

    /**
     * Records a new contribution, before any of its rows is sent. With a {@code key} already used in
     * the transaction: a LOADED contribution is returned as is (the caller must not load it again),
     * an IN_PROGRESS one is an error, a FAILED one is retried under a new id.
     */
    public synchronized ContributionRecord beginContribution(long transactionId, String table, String key, String source) {
        TransactionRecord t = requireOpen(transactionId, "add a contribution");
        TableDef def = full.table(t.database(), table).orElseThrow(() -> new SkyshardException(ReplicationErrorCode.UNKNOWN_TABLE,
                "unknown table '" + t.database() + "." + table + "'"));
        long retryOf = 0;
        if (key != null) {
            Optional<ContributionRecord> previous = contributions(transactionId).stream()
                    .filter(c -> key.equals(c.key())).reduce((a, b) -> b);
            if (previous.isPresent()) {
                ContributionRecord p = previous.get();
                switch (p.state()) {
                    case LOADED -> {
                        return p;
                    }
                    case IN_PROGRESS -> throw new SkyshardException(ReplicationErrorCode.INVALID_STATE, "contribution '" + key
                            + "' of transaction " + transactionId + " is already loading as contribution " + p.id());
                    case FAILED -> retryOf = p.id();
                }
            }
        }
        long seq;
        try (PreparedStatement ps = conn.prepareStatement("SELECT coalesce(max(id), 0) FROM meta_contribution WHERE transaction_id = ?")) {
            ps.setLong(1, transactionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                seq = (rs.getLong(1) & 0xFFFF_FFFFL) + 1;
            }
        } catch (SQLException e) {
            throw storeFailure("begin contribution", e);
        }
        long id = Visibility.contributionId(transactionId, seq);
        long now = System.currentTimeMillis();
        long retry = retryOf;
        write(() -> update("INSERT INTO meta_contribution VALUES (?, ?, ?, ?, ?, ?, 'IN_PROGRESS', 0, 0, 0, 0, 0, NULL, ?, 0, ?, '[]', false)",
                id, transactionId, t.database(), def.name(), key, source, now, retry));
        return new ContributionRecord(id, transactionId, t.database(), def.name(), key, source, ContributionState.IN_PROGRESS,
                ContributionStats.NONE, null, now, 0, retry, List.of(), false);
    }

    public Optional<ContributionRecord> contribution(long id) {
        List<ContributionRecord> found = queryContributions("WHERE id = ?", id);
        return found.stream().findFirst();
    }

    /** The contributions of a transaction, by id. */
    public List<ContributionRecord> contributions(long transactionId) {
        return queryContributions("WHERE transaction_id = ? ORDER BY id", transactionId);
    }

    private synchronized List<ContributionRecord> queryContributions(String where, long arg) {
        List<ContributionRecord> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT id, transaction_id, database, table_name, key, source, state,"
                + " rows_read, rows_loaded, overlap_rows, bytes_read, skipped_rows, error, created_ms, ended_ms, retry_of, chunks, purged"
                + " FROM meta_contribution " + where)) {
            ps.setLong(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ContributionRecord(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), ContributionState.valueOf(rs.getString(7)),
                            new ContributionStats(rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(12)),
                            rs.getString(13), rs.getLong(14), rs.getLong(15), rs.getLong(16),
                            List.of(SnapshotJson.read(rs.getString(17), Integer[].class)), rs.getBoolean(18)));
                }
            }
        } catch (SQLException e) {
            throw storeFailure("read contributions", e);
        }
        return out;
    }

    /**
     * The workers of each chunk: the published or earlier assigned replicas, or for a chunk nobody
     * holds yet, the {@code replicas} workers holding fewest chunks of the database (ties by id),
     * recorded at once so that concurrent contributions put a new chunk in the same place.
     */
    public synchronized Map<Integer, List<String>> assignChunks(String database, Collection<Integer> chunks, int replicas) {
        requireDatabase(database);
        if (replicas < 1) {
            throw new SkyshardException(ReplicationErrorCode.INVALID_REQUEST, "replication level must be >= 1, got " + replicas);
        }
        Map<Integer, List<String>> current = assignments(database);
        Map<Integer, List<String>> out = new TreeMap<>();
        Map<Integer, List<String>> added = new TreeMap<>();
        List<WorkerInfo> workers = full.workers();
        Map<String, Integer> load = new HashMap<>();
        workers.forEach(w -> load.put(w.id(), 0));
        current.values().forEach(ws -> ws.forEach(w -> load.merge(w, 1, Integer::sum)));
        for (int chunk : new java.util.TreeSet<>(chunks)) {
            List<String> known = current.get(chunk);
            if (known != null) {
                out.put(chunk, known);
                continue;
            }
            if (workers.size() < replicas) {
                throw new SkyshardException(ReplicationErrorCode.NOT_ENOUGH_WORKERS, "database '" + database + "' needs "
                        + replicas + " worker(s) per chunk, " + workers.size() + " registered");
            }
            List<String> chosen = workers.stream().map(WorkerInfo::id)
                    .sorted(java.util.Comparator.<String>comparingInt(load::get).thenComparing(java.util.Comparator.naturalOrder()))
                    .limit(replicas).sorted().toList();
            chosen.forEach(w -> load.merge(w, 1, Integer::sum));
            out.put(chunk, chosen);
            added.put(chunk, chosen);
        }
        if (!added.isEmpty()) {
            write(() -> {
                try (DuckDBAppender app = conn.unwrap(DuckDBConnection.class).createAppender("main", "meta_assignment")) {
                    for (var e : added.entrySet()) {
                        for (String w : e.getValue()) {
                            app.beginRow().append(database).append(e.getKey().intValue()).append(w).endRow();
                        }
                    }
                }
            });
        }
        return out;
    }

    /** Published placement, completed by the assignments of chunks not published yet. */
    private Map<Integer, List<String>> assignments(String database) {
        Map<Integer, List<String>> out = new TreeMap<>(full.chunks(database));
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT chunk_id, worker_id FROM meta_assignment WHERE database = ? ORDER BY chunk_id, worker_id")) {
            ps.setString(1, database);
            Map<Integer, List<String>> assigned = new TreeMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assigned.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
            assigned.forEach(out::putIfAbsent);
        } catch (SQLException e) {
            throw storeFailure("read chunk assignments", e);
        }
        return out;
    }

    /**
     * Marks a contribution loaded: every worker committed its rows. Director index entries are kept
     * pending until the transaction commits; a key already in the index or pending in the
     * transaction fails the contribution, naming the keys.
     */
    public synchronized ContributionRecord finishContribution(long id, ContributionStats stats, Collection<Integer> chunks,
            DirectorEntries entries) {
        ContributionRecord c = contribution(id).orElseThrow(() -> new SkyshardException(ReplicationErrorCode.UNKNOWN_CONTRIBUTION,
                "unknown contribution " + id));
        if (c.state() != ContributionState.IN_PROGRESS) {
            throw new SkyshardException(ReplicationErrorCode.INVALID_STATE, "contribution " + id + " is " + c.state()
                    + (c.error() == null ? "" : ": " + c.error()));
        }
        TransactionRecord t = requireTransaction(c.transactionId());
        if (t.state() != TransactionState.STARTED) {
            failContribution(id, "transaction " + t.id() + " was " + t.state().name().toLowerCase(java.util.Locale.ROOT)
                    + " while the contribution was loading", stats);
            throw new SkyshardException(ReplicationErrorCode.INVALID_STATE, "contribution " + id + " cannot finish: transaction "
                    + t.id() + " is " + t.state());
        }
        // The catalog's spelling of the table, which the director index is kept under.
        String tableName = entries == null ? null : full.table(t.database(), entries.table()).map(TableDef::name)
                .orElse(entries.table());
        String tableKey = entries == null ? null : indexKey(t.database(), tableName);
        DirectorIndexTable part = null;
        if (entries != null && entries.size() > 0) {
            try {
                part = DirectorIndexTable.EMPTY.plus(entries.keys(), entries.chunkIds(), entries.subChunkIds());
            } catch (IllegalArgumentException e) {
                failContribution(id, "table " + t.database() + "." + entries.table() + ": " + e.getMessage(), stats);
                throw new SkyshardException(ReplicationErrorCode.DUPLICATE_DIRECTOR_KEY, "contribution " + id + ": table "
                        + t.database() + "." + entries.table() + ": " + e.getMessage());
            }
            java.util.SortedSet<Long> dups = new java.util.TreeSet<>(
                    directorIndexes.getOrDefault(tableKey, DirectorIndexTable.EMPTY).present(entries.keys(), 10));
            for (DirectorIndexTable p : pendingIndexes.getOrDefault(t.id(), Map.of()).getOrDefault(tableKey, List.of())) {
                dups.addAll(p.present(entries.keys(), 10));
            }
            if (!dups.isEmpty()) {
                String message = "table " + t.database() + "." + entries.table() + ": duplicate director keys " + dups
                        + " (already in the director index or loaded earlier in transaction " + t.id() + ")";
                failContribution(id, message, stats);
                throw new SkyshardException(ReplicationErrorCode.DUPLICATE_DIRECTOR_KEY, "contribution " + id + ": " + message);
            }
        }
        long now = System.currentTimeMillis();
        List<Integer> chunkList = new ArrayList<>(new java.util.TreeSet<>(chunks));
        int tableId = entries != null && entries.size() > 0 ? directorTableId(t.database(), tableName) : 0;
        write(() -> {
            update("UPDATE meta_contribution SET state = 'LOADED', rows_read = ?, rows_loaded = ?, overlap_rows = ?, bytes_read = ?,"
                    + " skipped_rows = ?, ended_ms = ?, chunks = ? WHERE id = ?", stats.rowsRead(), stats.rowsLoaded(),
                    stats.overlapRows(), stats.bytesRead(), stats.skippedRows(), now, SnapshotJson.write(chunkList), id);
            if (entries != null && entries.size() > 0) {
                try (DuckDBAppender app = conn.unwrap(DuckDBConnection.class).createAppender("main", "meta_director_pending_key")) {
                    for (int i = 0; i < entries.size(); i++) {
                        app.beginRow().append(id).append(tableId).append(entries.keys()[i])
                                .append(entries.chunkIds()[i]).append(entries.subChunkIds()[i]).endRow();
                    }
                }
            }
        });
        if (part != null) {
            addPending(t.id(), tableKey, part);
        }
        return contribution(id).orElseThrow();
    }

    private void addPending(long txn, String tableKey, DirectorIndexTable part) {
        List<DirectorIndexTable> parts = pendingIndexes.computeIfAbsent(txn, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(tableKey, k -> new java.util.concurrent.CopyOnWriteArrayList<>());
        parts.add(part);
        if (parts.size() > PENDING_PARTS) {
            DirectorIndexTable merged = DirectorIndexTable.union(List.copyOf(parts));
            parts.clear();
            parts.add(merged);
        }
    }

    /** Marks a contribution failed: none of its rows will ever be visible, and workers are asked to delete them. */
    public synchronized ContributionRecord failContribution(long id, String error, ContributionStats stats) {
        ContributionRecord c = contribution(id).orElseThrow(() -> new SkyshardException(ReplicationErrorCode.UNKNOWN_CONTRIBUTION,
                "unknown contribution " + id));
        if (c.state() == ContributionState.FAILED) {
            return c;
        }
        ContributionStats s = stats == null ? c.stats() : stats;
        long now = System.currentTimeMillis();
        mutate(() -> {
            update("UPDATE meta_contribution SET state = 'FAILED', error = ?, rows_read = ?, rows_loaded = 0, overlap_rows = 0,"
                    + " bytes_read = ?, skipped_rows = ?, ended_ms = ? WHERE id = ?", error == null ? "failed" : error,
                    s.rowsRead(), s.bytesRead(), s.skippedRows(), now, id);
            update("DELETE FROM meta_director_pending_key WHERE contribution_id = ?", id);
        });
        if (c.state() == ContributionState.LOADED) {
            // Rare (an abort racing a finish): rebuild the transaction's pending index without it.
            loadPendingIndexes();
        }
        return contribution(id).orElseThrow();
    }

    /**
     * Commits a transaction: in one metadata transaction, its director index entries join the index,
     * the chunks it created join the placement, and it is marked committed in a new snapshot version.
     * Refused while a contribution is still loading, and when a director key is already in the index
     * (the keys are named; the transaction stays open and can be aborted).
     */
    public synchronized TransactionRecord commitTransaction(long id) {
        TransactionRecord t = requireTransaction(id);
        if (t.state() == TransactionState.COMMITTED) {
            return t;
        }
        requireOpen(id, "commit");
        List<ContributionRecord> all = contributions(id);
        List<Long> loading = all.stream().filter(c -> c.state() == ContributionState.IN_PROGRESS).map(ContributionRecord::id).toList();
        if (!loading.isEmpty()) {
            throw new SkyshardException(ReplicationErrorCode.INVALID_STATE, "cannot commit transaction " + id + ": contribution(s) "
                    + loading + " are still loading");
        }
        Map<String, DirectorIndexTable> merged = new HashMap<>();
        for (var e : pendingIndexes.getOrDefault(id, Map.of()).entrySet()) {
            DirectorIndexTable pending = DirectorIndexTable.union(e.getValue());
            DirectorIndexTable committed = directorIndexes.getOrDefault(e.getKey(), DirectorIndexTable.EMPTY);
            try {
                merged.put(e.getKey(), committed.size() >= pending.size() ? committed.plus(pendingKeys(pending), pendingChunks(pending),
                        pendingSubs(pending)) : pending.plus(pendingKeys(committed), pendingChunks(committed), pendingSubs(committed)));
            } catch (IllegalArgumentException dup) {
                String table = e.getKey().substring(e.getKey().indexOf('\u0000') + 1);
                String message = "table " + t.database() + "." + table + ": " + dup.getMessage()
                        + " (loaded by this transaction and already in the director index)";
                write(() -> update("UPDATE meta_transaction SET error = ? WHERE id = ?", "commit failed: " + message, id));
                transactions.put(id, withError(t, "commit failed: " + message));
                throw new SkyshardException(ReplicationErrorCode.DUPLICATE_DIRECTOR_KEY, "cannot commit transaction " + id + ": " + message);
            }
        }
        Map<Integer, List<String>> assigned = assignments(t.database());
        Map<Integer, List<String>> published = full.chunks(t.database());
        java.util.SortedSet<Integer> newChunks = new java.util.TreeSet<>();
        List<Long> loaded = new ArrayList<>();
        for (ContributionRecord c : all) {
            if (c.state() == ContributionState.LOADED) {
                loaded.add(c.id());
                for (int chunk : c.chunks()) {
                    if (!published.containsKey(chunk)) {
                        newChunks.add(chunk);
                    }
                }
            }
        }
        long now = System.currentTimeMillis();
        long commitVersion = full.version() + 1;
        mutate(() -> {
            if (!loaded.isEmpty()) {
                String ids = loaded.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
                update("INSERT INTO meta_director_key SELECT table_id, key, chunk_id, sub_chunk_id"
                        + " FROM meta_director_pending_key WHERE contribution_id IN (" + ids + ")");
                update("DELETE FROM meta_director_pending_key WHERE contribution_id IN (" + ids + ")");
            }
            try (DuckDBAppender app = conn.unwrap(DuckDBConnection.class).createAppender("main", "meta_placement")) {
                for (int chunk : newChunks) {
                    List<String> workers = assigned.get(chunk);
                    if (workers == null) {
                        throw new SQLException("chunk " + chunk + " was loaded but never assigned to a worker");
                    }
                    for (String w : workers) {
                        app.beginRow().append(t.database()).append(chunk).append(w).endRow();
                    }
                }
            }
            update("UPDATE meta_transaction SET state = 'COMMITTED', ended_ms = ?, commit_version = ?, error = NULL WHERE id = ?",
                    now, commitVersion, id);
        });
        directorIndexes.putAll(merged);
        pendingIndexes.remove(id);
        return transactions.get(id);
    }

    private static long[] pendingKeys(DirectorIndexTable t) {
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.key(i);
        }
        return out;
    }

    private static int[] pendingChunks(DirectorIndexTable t) {
        int[] out = new int[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.chunkId(i);
        }
        return out;
    }

    private static int[] pendingSubs(DirectorIndexTable t) {
        int[] out = new int[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.subChunkId(i);
        }
        return out;
    }

    private static TransactionRecord withError(TransactionRecord t, String error) {
        return new TransactionRecord(t.id(), t.database(), t.state(), t.note(), t.createdMillis(), t.endedMillis(),
                t.commitVersion(), error, t.purged());
    }

    /**
     * Aborts a transaction: none of its rows will ever be visible; contributions still loading fail
     * (their remaining writes are refused by the workers once purged). Aborting an aborted
     * transaction is a no-op; a committed one cannot be aborted.
     */
    public synchronized TransactionRecord abortTransaction(long id, String reason) {
        TransactionRecord t = requireTransaction(id);
        if (t.state() == TransactionState.ABORTED) {
            return t;
        }
        requireOpen(id, "abort");
        long now = System.currentTimeMillis();
        String why = reason == null || reason.isBlank() ? "aborted" : reason;
        mutate(() -> {
            update("UPDATE meta_contribution SET state = 'FAILED', ended_ms = ?, error = ? WHERE transaction_id = ? AND state = 'IN_PROGRESS'",
                    now, "transaction " + id + " was aborted", id);
            update("DELETE FROM meta_director_pending_key WHERE contribution_id IN (SELECT id FROM meta_contribution WHERE transaction_id = ?)", id);
            update("UPDATE meta_transaction SET state = 'ABORTED', ended_ms = ?, error = ? WHERE id = ?", now, why, id);
        });
        pendingIndexes.remove(id);
        return transactions.get(id);
    }

    /**
     * Resolves director keys for the rows of a child or match table loaded in a transaction: the
     * committed index, then the entries of the transaction's loaded contributions. Fills the chunk
     * and sub-chunk of each key found; {@code chunkOut[i]} is -1 for a key not found.
     *
     * @return the number of keys not found
     */
    public int resolveDirectorKeys(String database, String directorTable, long transactionId, long[] keys, int[] chunkOut,
            int[] subOut) {
        String name = full.table(database, directorTable).map(TableDef::name).orElse(directorTable);
        String key = indexKey(database, name);
        DirectorIndexTable committed = directorIndexes.getOrDefault(key, DirectorIndexTable.EMPTY);
        // A copy: another contribution of the transaction may add (or merge) parts meanwhile.
        List<DirectorIndexTable> pending = List.copyOf(pendingIndexes.getOrDefault(transactionId, Map.of()).getOrDefault(key, List.of()));
        int missing = 0;
        // Where the previous hit was, per index part: consecutive keys are usually close (see indexOf).
        int[] near = new int[pending.size() + 1];
        for (int i = 0; i < keys.length; i++) {
            int at = committed.indexOf(keys[i], near[0]);
            DirectorIndexTable in = committed;
            int p = 0;
            while (at < 0 && p < pending.size()) {
                in = pending.get(p++);
                at = in.indexOf(keys[i], near[p]);
            }
            if (at >= 0) {
                near[p] = at;
            }
            if (at < 0) {
                chunkOut[i] = -1;
                subOut[i] = -1;
                missing++;
            } else {
                chunkOut[i] = in.chunkId(at);
                subOut[i] = in.subChunkId(at);
            }
        }
        return missing;
    }

    /** Rows of each table loaded by committed transactions (each row once, not per replica or overlap copy). */
    public synchronized Map<String, Long> committedRows(String database) {
        Map<String, Long> out = new TreeMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT c.table_name, sum(c.rows_loaded) FROM meta_contribution c"
                + " JOIN meta_transaction t ON c.transaction_id = t.id WHERE c.database = ? AND c.state = 'LOADED'"
                + " AND t.state = 'COMMITTED' GROUP BY c.table_name")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw storeFailure("count rows", e);
        }
        return out;
    }

    /** Aborted transactions and failed contributions whose rows a worker may still hold. */
    public record DeadData(long[] transactionIds, long[] contributionIds, Map<String, java.util.Set<Long>> confirmedBy) {
        public boolean isEmpty() {
            return transactionIds.length == 0 && contributionIds.length == 0;
        }
    }

    /** What workers must still delete, and which worker confirmed which item (keyed by worker id). */
    public synchronized DeadData deadData() {
        List<Long> txns = transactions.values().stream()
                .filter(t -> t.state() == TransactionState.ABORTED && !t.purged()).map(TransactionRecord::id).sorted().toList();
        List<Long> contributions = new ArrayList<>();
        Map<String, java.util.Set<Long>> confirmed = new HashMap<>();
        try (Statement st = conn.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT c.id FROM meta_contribution c JOIN meta_transaction t ON c.transaction_id = t.id"
                    + " WHERE c.state = 'FAILED' AND NOT c.purged AND t.state <> 'ABORTED' ORDER BY c.id")) {
                while (rs.next()) {
                    contributions.add(rs.getLong(1));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT worker_id, id FROM meta_purge")) {
                while (rs.next()) {
                    confirmed.computeIfAbsent(rs.getString(1), k -> new java.util.HashSet<>()).add(rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw storeFailure("read dead data", e);
        }
        return new DeadData(txns.stream().mapToLong(Long::longValue).toArray(),
                contributions.stream().mapToLong(Long::longValue).toArray(), confirmed);
    }

    /**
     * Records that a worker deleted the rows of these dead transactions and contributions (and will
     * refuse any late write of theirs). Items every registered worker confirmed are marked purged:
     * queries stop filtering them (a new snapshot version).
     */
    public synchronized void confirmPurge(String workerId, long[] transactionIds, long[] contributionIds) {
        write(() -> {
            try (DuckDBAppender app = conn.unwrap(DuckDBConnection.class).createAppender("main", "meta_purge")) {
                for (long t : transactionIds) {
                    app.beginRow().append("T").append(t).append(workerId).endRow();
                }
                for (long c : contributionIds) {
                    app.beginRow().append("C").append(c).append(workerId).endRow();
                }
            }
        });
        java.util.Set<String> workers = new java.util.HashSet<>();
        full.workers().forEach(w -> workers.add(w.id()));
        List<Long> doneTxns = new ArrayList<>();
        List<Long> doneContributions = new ArrayList<>();
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT kind, id, worker_id FROM meta_purge ORDER BY kind, id")) {
            Map<String, java.util.Set<String>> byItem = new LinkedHashMap<>();
            while (rs.next()) {
                byItem.computeIfAbsent(rs.getString(1) + rs.getLong(2), k -> new java.util.HashSet<>()).add(rs.getString(3));
            }
            for (var e : byItem.entrySet()) {
                java.util.Set<String> have = e.getValue();
                long item = Long.parseLong(e.getKey().substring(1));
                if (have.containsAll(workers)) {
                    (e.getKey().startsWith("T") ? doneTxns : doneContributions).add(item);
                }
            }
        } catch (SQLException e) {
            throw storeFailure("read purge confirmations", e);
        }
        if (doneTxns.isEmpty() && doneContributions.isEmpty()) {
            return;
        }
        mutate(() -> {
            for (long t : doneTxns) {
                update("UPDATE meta_transaction SET purged = true WHERE id = ? AND state = 'ABORTED'", t);
                update("UPDATE meta_contribution SET purged = true WHERE transaction_id = ? AND state = 'FAILED'", t);
                update("DELETE FROM meta_purge WHERE kind = 'T' AND id = ?", t);
            }
            for (long c : doneContributions) {
                update("UPDATE meta_contribution SET purged = true WHERE id = ? AND state = 'FAILED'", c);
                update("DELETE FROM meta_purge WHERE kind = 'C' AND id = ?", c);
            }
        });
    }

    private void loadTransactions() throws SQLException {
        Map<Long, TransactionRecord> fresh = new HashMap<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT id, database, state, note, created_ms, ended_ms, commit_version, error, purged FROM meta_transaction")) {
            while (rs.next()) {
                fresh.put(rs.getLong(1), new TransactionRecord(rs.getLong(1), rs.getString(2), TransactionState.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getString(8), rs.getBoolean(9)));
            }
        }
        transactions.keySet().retainAll(fresh.keySet());
        transactions.putAll(fresh);
    }

    private void loadTransactionsQuietly() {
        try {
            loadTransactions();
        } catch (SQLException e) {
            throw storeFailure("read transactions", e);
        }
    }

    /** Director entries of loaded contributions of open transactions, rebuilt from the file. */
    private void loadPendingIndexes() {
        pendingIndexes.clear();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT c.transaction_id, t.database, t.table_name, p.key, p.chunk_id, p.sub_chunk_id FROM meta_director_pending_key p"
                        + " JOIN meta_contribution c ON p.contribution_id = c.id JOIN meta_director_table t ON p.table_id = t.id"
                        + " WHERE c.state = 'LOADED' ORDER BY 1, 2, 3")) {
            record Columns(LongList keys, IntList chunks, IntList subs) {
            }
            Map<Long, Map<String, Columns>> buffers = new HashMap<>();
            while (rs.next()) {
                Columns c = buffers.computeIfAbsent(rs.getLong(1), k -> new HashMap<>())
                        .computeIfAbsent(indexKey(rs.getString(2), rs.getString(3)), k -> new Columns(new LongList(), new IntList(), new IntList()));
                c.keys().add(rs.getLong(4));
                c.chunks().add(rs.getInt(5));
                c.subs().add(rs.getInt(6));
            }
            buffers.forEach((txn, tables) -> tables.forEach((k, c) -> addPending(txn, k,
                    DirectorIndexTable.EMPTY.plus(c.keys().toArray(), c.chunks().toArray(), c.subs().toArray()))));
        } catch (SQLException e) {
            throw storeFailure("read pending director index", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            conn.close();
        } catch (SQLException e) {
            throw storeFailure("close", e);
        }
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    /** Runs one mutation in a transaction, bumps the version and republishes the snapshot. */
    private void mutate(SqlAction action) {
        try {
            beginTransaction();
            try {
                action.run();
                update("UPDATE meta_version SET version = version + 1");
                conn.commit();
            } catch (SQLException | RuntimeException e) {
                conn.rollback();
                throw e;
            } finally {
                conn.setAutoCommit(true);
            }
            loadTransactions();
            publishSnapshots();
        } catch (SQLException e) {
            throw storeFailure("update", e);
        }
    }

    /** Runs one change in a transaction that queries need not know about (no new version). */
    private void write(SqlAction action) {
        try {
            beginTransaction();
            try {
                action.run();
                conn.commit();
            } catch (SQLException | RuntimeException e) {
                conn.rollback();
                throw e;
            } finally {
                conn.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw storeFailure("update", e);
        }
    }

    private void publishSnapshots() throws SQLException {
        ClusterSnapshot all = readSnapshot();
        java.util.Set<String> hidden = new java.util.HashSet<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT name FROM meta_database WHERE NOT published")) {
            while (rs.next()) {
                hidden.add(rs.getString(1));
            }
        }
        Map<String, Map<Integer, List<String>>> placement = new LinkedHashMap<>(all.placement());
        placement.keySet().removeAll(hidden);
        full = all;
        unpublished = java.util.Set.copyOf(hidden);
        snapshot = new ClusterSnapshot(all.version(), all.databases().stream().filter(d -> !hidden.contains(d.name())).toList(),
                all.tables().stream().filter(t -> !hidden.contains(t.database())).toList(), all.workers(), placement,
                all.visibility());
    }

    /**
     * Starts a transaction. DuckDB's JDBC driver only clears the auto-commit flag; without a first
     * statement an appender would commit each flush on its own, outside the transaction.
     */
    private void beginTransaction() throws SQLException {
        conn.setAutoCommit(false);
        try (Statement st = conn.createStatement()) {
            st.execute("SELECT 1");
        }
    }

    private void update(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    private ClusterSnapshot readSnapshot() throws SQLException {
        try (Statement st = conn.createStatement()) {
            long version;
            try (ResultSet rs = st.executeQuery("SELECT version FROM meta_version")) {
                rs.next();
                version = rs.getLong(1);
            }
            List<DatabaseDef> dbs = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT doc FROM meta_database ORDER BY name")) {
                while (rs.next()) {
                    dbs.add(SnapshotJson.read(rs.getString(1), DatabaseDef.class));
                }
            }
            List<TableDef> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT doc FROM meta_table ORDER BY database, name")) {
                while (rs.next()) {
                    tables.add(SnapshotJson.read(rs.getString(1), TableDef.class));
                }
            }
            List<WorkerInfo> workers = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT doc FROM meta_worker ORDER BY id")) {
                while (rs.next()) {
                    workers.add(SnapshotJson.read(rs.getString(1), WorkerInfo.class));
                }
            }
            Map<String, Map<Integer, List<String>>> placement = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery(
                    "SELECT database, chunk_id, worker_id FROM meta_placement ORDER BY database, chunk_id, worker_id")) {
                while (rs.next()) {
                    placement.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                            .computeIfAbsent(rs.getInt(2), k -> new ArrayList<>()).add(rs.getString(3));
                }
            }
            Map<String, Map<Integer, List<String>>> frozen = new LinkedHashMap<>();
            placement.forEach((db, chunks) -> {
                Map<Integer, List<String>> m = new TreeMap<>();
                chunks.forEach((c, ws) -> m.put(c, List.copyOf(ws)));
                frozen.put(db, java.util.Collections.unmodifiableMap(m));
            });
            return new ClusterSnapshot(version, dbs, tables, workers, frozen, readVisibility(st, version));
        }
    }

    /** Which transactions and contributions queries of this version see (see {@link Visibility}). */
    private Visibility readVisibility(Statement st, long version) throws SQLException {
        long visibleThrough = 0;
        for (TransactionRecord t : transactions.values()) {
            if (t.state() == TransactionState.COMMITTED) {
                visibleThrough = Math.max(visibleThrough, t.id());
            }
        }
        List<Long> hiddenTxns = new ArrayList<>();
        for (TransactionRecord t : transactions.values()) {
            if (t.id() <= visibleThrough && t.state() != TransactionState.COMMITTED && !t.purged()) {
                hiddenTxns.add(t.id());
            }
        }
        hiddenTxns.sort(null);
        List<Long> hiddenContributions = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT c.id FROM meta_contribution c JOIN meta_transaction t ON c.transaction_id = t.id"
                + " WHERE c.state = 'FAILED' AND NOT c.purged AND t.state <> 'ABORTED' ORDER BY c.id")) {
            while (rs.next()) {
                hiddenContributions.add(rs.getLong(1));
            }
        }
        return new Visibility(version, visibleThrough, hiddenTxns, hiddenContributions);
    }

    private void loadDirectorIndexes() throws SQLException {
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT t.database, t.table_name, k.key, k.chunk_id, k.sub_chunk_id FROM meta_director_key k"
                        + " JOIN meta_director_table t ON k.table_id = t.id")) {
            record Columns(LongList keys, IntList chunks, IntList subs) {
            }
            Map<String, Columns> buffers = new HashMap<>();
            while (rs.next()) {
                Columns c = buffers.computeIfAbsent(indexKey(rs.getString(1), rs.getString(2)),
                        k -> new Columns(new LongList(), new IntList(), new IntList()));
                c.keys().add(rs.getLong(3));
                c.chunks().add(rs.getInt(4));
                c.subs().add(rs.getInt(5));
            }
            buffers.forEach((k, c) -> directorIndexes.put(k,
                    DirectorIndexTable.EMPTY.plus(c.keys().toArray(), c.chunks().toArray(), c.subs().toArray())));
        }
    }

    private static String indexKey(String database, String table) {
        return database + "\u0000" + table;
    }

    private static SkyshardException storeFailure(String what, SQLException e) {
        return new SkyshardException(ReplicationErrorCode.METADATA_STORE_FAILURE,
                "metadata store " + what + " failed: " + e.getMessage(), e);
    }
}
