package io.skyshard.worker.storage;

import io.skyshard.common.catalog.ChunkTables;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.common.sql.DuckDbFunctions;
import io.skyshard.rpc.ColumnSpec;
import io.skyshard.rpc.ColumnarBatch;
import io.skyshard.rpc.convert.BatchAppender;
import io.skyshard.rpc.convert.ColumnKinds;
import io.skyshard.worker.WorkerErrorCode;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * DuckDB storage: one database file per worker ({@value #FILE_NAME} in the data directory), one
 * schema per Skyshard database, one chunk store per partitioned table (see {@link StorageBackend}
 * for why chunks share a table). The sciSQL macros are (re)created at every open so that a worker
 * always runs the definitions of its own release.
 *
 * <p>An in-memory inventory of tables and of the chunks each store holds mirrors the database, so
 * that a query over thousands of chunks checks chunk existence without a statement per chunk;
 * loads and drops keep it current, and opening rebuilds it from the file.
 */
public final class DuckDbBackend implements StorageBackend {
    public static final String FILE_NAME = "worker.duckdb";

    private final Object schemaLock = new Object();
    /** lower-case names of the schemas known to exist, so loads skip the CREATE SCHEMA round trip. */
    private final Set<String> schemas = ConcurrentHashMap.newKeySet();

    /**
     * Parser nesting limit, set so that a statement nested deeper fails with an error instead of
     * overflowing a 1 MB thread stack inside DuckDB's binder: such an overflow is a SIGSEGV that
     * kills the whole JVM without an hs_err file (DuckDB's default, 1000, lets a 400-table UNION ALL
     * through, which crashes on such a stack).
     */
    static final int MAX_EXPRESSION_DEPTH = 250;
    private static final int PRUNE_AT = 64;

    private final DuckDBConnection root;
    /** Connections handed out and maybe still open: closed before the database at {@link #close()}. */
    private final Set<Connection> connections = new HashSet<>();
    /** Query connections given back and kept for reuse (also in {@code connections}); guarded by {@code connections}. */
    private final java.util.ArrayDeque<Connection> idleQueryConnections = new java.util.ArrayDeque<>();
    private static final int MAX_IDLE_QUERY_CONNECTIONS = 16;
    private boolean closed;
    /** lower-case database -> (lower-case table -> physical table). */
    private final Map<String, Map<String, Stored>> inventory = new ConcurrentHashMap<>();
    private final ContributionLedger ledger = new ContributionLedger();
    /**
     * Purges (write lock) exclude the commits of contribution loads (read lock): a load of a purged
     * contribution then either committed before the purge, which deletes its rows, or finds the
     * tombstone and fails. No row of a dead contribution outlives its purge. Closing waits for both.
     */
    private final java.util.concurrent.locks.ReentrantReadWriteLock purgeLock = new java.util.concurrent.locks.ReentrantReadWriteLock();
    /** Tombstones: transactions and contributions purged here, whose late writes are refused. */
    private final Set<Long> deadTransactions = ConcurrentHashMap.newKeySet();
    private final Set<Long> deadContributions = ConcurrentHashMap.newKeySet();

    /** A physical table: a replicated table, or a chunk store with the chunks it holds rows of. */
    private static final class Stored {
        final String name;
        final boolean chunked;
        final Set<Integer> chunks = ConcurrentHashMap.newKeySet();
        /** Whether it has the hidden contribution column (stores created before ingest transactions do not). */
        volatile boolean tagged;

        Stored(String name, boolean chunked) {
            this.name = name;
            this.chunked = chunked;
        }
    }

    private DuckDbBackend(DuckDBConnection root) {
        this.root = requireNonNull(root, "root");
    }

    /** Opens (creating if needed) the worker database under {@code dataDir}. */
    public static DuckDbBackend open(Path dataDir, int threads, long memoryLimitBytes) {
        requireNonNull(dataDir, "dataDir");
        Path file = dataDir.resolve(FILE_NAME);
        DuckDBConnection conn = null;
        try {
            Files.createDirectories(dataDir);
            conn = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
            DuckDbBackend backend = new DuckDbBackend(conn);
            backend.configure(threads, memoryLimitBytes);
            backend.loadInventory();
            backend.loadLedger();
            return backend;
        } catch (IOException | SQLException e) {
            closeQuietly(conn);
            throw new SkyshardException(WorkerErrorCode.STORAGE_ERROR, "cannot open DuckDB database " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(conn);
            throw e;
        }
    }

    private void configure(int threads, long memoryLimitBytes) throws SQLException {
        try (Statement s = root.createStatement()) {
            if (threads > 0) {
                s.execute("SET threads = " + threads);
            }
            if (memoryLimitBytes > 0) {
                s.execute("SET memory_limit = '" + Math.max(1, memoryLimitBytes / 1024) + "KiB'");
            }
            for (String macro : DuckDbFunctions.statements()) {
                s.execute(macro);
            }
        }
    }

    private void loadInventory() throws SQLException {
        Map<Stored, String> stores = new java.util.LinkedHashMap<>();
        try (Statement s = root.createStatement();
             ResultSet rs = s.executeQuery("SELECT t.table_schema, t.table_name, EXISTS (SELECT 1 FROM information_schema.columns c"
                     + " WHERE c.table_catalog = t.table_catalog AND c.table_schema = t.table_schema"
                     + " AND c.table_name = t.table_name AND c.column_name = '" + CHUNK_COLUMN + "'),"
                     + " EXISTS (SELECT 1 FROM information_schema.columns c"
                     + " WHERE c.table_catalog = t.table_catalog AND c.table_schema = t.table_schema"
                     + " AND c.table_name = t.table_name AND c.column_name = '" + ContributionLedger.COLUMN + "')"
                     + " FROM information_schema.tables t"
                     + " WHERE t.table_catalog = current_database() AND t.table_type = 'BASE TABLE'")) {
            while (rs.next()) {
                if (rs.getString(1).equalsIgnoreCase(ContributionLedger.SCHEMA)) {
                    continue;
                }
                Stored stored = remember(rs.getString(1), rs.getString(2), rs.getBoolean(3));
                stored.tagged = rs.getBoolean(4);
                if (stored.chunked) {
                    stores.put(stored, rs.getString(1));
                }
            }
        }
        for (Map.Entry<Stored, String> e : stores.entrySet()) {
            try (Statement s = root.createStatement();
                 ResultSet rs = s.executeQuery("SELECT DISTINCT " + ColumnKinds.quote(CHUNK_COLUMN) + " FROM "
                         + qualifiedName(e.getValue(), e.getKey().name))) {
                while (rs.next()) {
                    e.getKey().chunks.add(rs.getInt(1));
                }
            }
        }
    }

    /** Creates the ledger and the tombstones if missing and reads them: which transactions each chunk holds rows of. */
    private void loadLedger() throws SQLException {
        try (Statement s = root.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + ColumnKinds.quote(ContributionLedger.SCHEMA));
            s.execute("CREATE TABLE IF NOT EXISTS " + ledgerTable() + " (database VARCHAR NOT NULL, table_name VARCHAR NOT NULL,"
                    + " chunk_id INTEGER NOT NULL, contribution_id BIGINT NOT NULL, row_count BIGINT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS " + deadTable() + " (kind VARCHAR NOT NULL, id BIGINT NOT NULL)");
            try (ResultSet rs = s.executeQuery("SELECT kind, id FROM " + deadTable())) {
                while (rs.next()) {
                    (rs.getString(1).equals("T") ? deadTransactions : deadContributions).add(rs.getLong(2));
                }
            }
            Map<List<Object>, List<Long>> byChunk = new java.util.HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT DISTINCT database, table_name, chunk_id, contribution_id >> 32 FROM " + ledgerTable())) {
                while (rs.next()) {
                    byChunk.computeIfAbsent(List.of(rs.getString(1), rs.getString(2), rs.getInt(3)), k -> new ArrayList<>()).add(rs.getLong(4));
                }
            }
            byChunk.forEach((k, txns) -> ledger.set((String) k.get(0), (String) k.get(1), (Integer) k.get(2),
                    txns.stream().mapToLong(Long::longValue).toArray()));
        }
    }

    private static String ledgerTable() {
        return ColumnKinds.quote(ContributionLedger.SCHEMA) + "." + ColumnKinds.quote(ContributionLedger.TABLE);
    }

    private static String deadTable() {
        return ColumnKinds.quote(ContributionLedger.SCHEMA) + ".\"dead\"";
    }

    /** Fails when a contribution was purged here: its transaction aborted or itself failed. */
    private void checkAlive(long contributionId) {
        if (contributionId == 0) {
            return;
        }
        long txn = io.skyshard.common.catalog.Visibility.transactionOf(contributionId);
        if (deadTransactions.contains(txn) || deadContributions.contains(contributionId)) {
            throw new SkyshardException(WorkerErrorCode.LOAD_FAILED, "contribution " + contributionId + " of transaction " + txn
                    + " was " + (deadTransactions.contains(txn) ? "aborted" : "failed") + " and purged: its rows are refused");
        }
    }

    @Override
    public ContributionLedger ledger() {
        return ledger;
    }

    @Override
    public boolean hasContributionColumn(String database, String table) {
        Stored s = stored(database, table);
        return s != null && s.tagged;
    }

    private Stored remember(String database, String table, boolean chunked) {
        return inventory.computeIfAbsent(key(database), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(key(table), k -> new Stored(table, chunked));
    }

    private Stored stored(String database, String table) {
        Map<String, Stored> tables = inventory.get(key(database));
        return tables == null ? null : tables.get(key(table));
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public Connection openConnection() throws SQLException {
        synchronized (connections) {
            if (closed) {
                throw new SQLException("the worker's DuckDB storage is closed");
            }
            if (connections.size() >= PRUNE_AT) {
                connections.removeIf(DuckDbBackend::isClosed);
            }
            DuckDBConnection conn = (DuckDBConnection) root.duplicate();
            // A session setting in DuckDB (cannot be set globally): every connection gets it.
            try (Statement s = conn.createStatement()) {
                s.execute("SET max_expression_depth = " + MAX_EXPRESSION_DEPTH);
            } catch (SQLException e) {
                closeQuietly(conn);
                throw e;
            }
            connections.add(conn);
            return conn;
        }
    }

    @Override
    public Connection borrowQueryConnection() throws SQLException {
        synchronized (connections) {
            if (closed) {
                throw new SQLException("the worker's DuckDB storage is closed");
            }
            for (Connection c = idleQueryConnections.pollFirst(); c != null; c = idleQueryConnections.pollFirst()) {
                if (!isClosed(c)) {
                    return c;
                }
            }
        }
        return openConnection();
    }

    @Override
    public void releaseQueryConnection(Connection connection, boolean reusable) {
        boolean keep = reusable;
        if (keep) {
            try {
                // A statement may have pinned a snapshot (see QueryExecution): end it before the next user.
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                keep = false;
            }
        }
        synchronized (connections) {
            if (keep && !closed && idleQueryConnections.size() < MAX_IDLE_QUERY_CONNECTIONS) {
                idleQueryConnections.addFirst(connection);
                return;
            }
            idleQueryConnections.remove(connection);
        }
        closeQuietly(connection);
    }

    private static boolean isClosed(Connection conn) {
        try {
            return conn.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    @Override
    public boolean tableExists(String database, String table) {
        return stored(database, table) != null;
    }

    @Override
    public boolean chunkExists(String database, String table, int chunkId) {
        Stored s = stored(database, table);
        return s != null && s.chunked && s.chunks.contains(chunkId);
    }

    @Override
    public boolean holdsOnly(String database, String table, Set<Integer> chunkIds) {
        Stored s = stored(database, table);
        return s != null && s.chunked && chunkIds.containsAll(s.chunks);
    }

    @Override
    public List<String> tables(String database) {
        Map<String, Stored> tables = inventory.get(key(database));
        if (tables == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Stored s : tables.values()) {
            if (!s.chunked) {
                out.add(s.name);
            } else {
                for (int chunk : s.chunks) {
                    out.add(ChunkTables.chunkTable(s.name, chunk));
                }
            }
        }
        out.sort(null);
        return out;
    }

    @Override
    public String chunkSource(String database, String table, int[] chunkIds, String rowFilter) {
        Stored s = stored(database, table);
        if (s == null || !s.chunked) {
            throw new SkyshardException(WorkerErrorCode.INTERNAL, "no chunk store " + database + "." + table + " on this worker");
        }
        StringBuilder sql = new StringBuilder("(SELECT * EXCLUDE (").append(ColumnKinds.quote(CHUNK_COLUMN));
        if (s.tagged) {
            sql.append(", ").append(ColumnKinds.quote(ContributionLedger.COLUMN));
        }
        sql.append(") FROM ").append(qualifiedName(database, s.name));
        if (chunkIds != null || rowFilter != null) {
            sql.append(" WHERE ");
            if (chunkIds != null) {
                sql.append(chunkFilter(chunkIds));
            }
            if (rowFilter != null) {
                sql.append(chunkIds != null ? " AND (" : "(").append(rowFilter).append(')');
            }
        }
        return sql.append(')').toString();
    }

    /**
     * A predicate on the chunk column selecting exactly {@code chunkIds}: runs of consecutive ids
     * as ranges (short SQL, and what zone maps prune best), the rest as one IN list.
     */
    static String chunkFilter(int[] chunkIds) {
        if (chunkIds.length == 0) {
            return "false";
        }
        int[] ids = java.util.Arrays.stream(chunkIds).distinct().sorted().toArray();
        String column = ColumnKinds.quote(CHUNK_COLUMN);
        List<String> terms = new ArrayList<>();
        StringBuilder singles = new StringBuilder();
        for (int i = 0; i < ids.length; ) {
            int j = i;
            while (j + 1 < ids.length && ids[j + 1] == ids[j] + 1) {
                j++;
            }
            if (j - i >= 2) {
                terms.add(column + " BETWEEN " + ids[i] + " AND " + ids[j]);
            } else {
                for (int k = i; k <= j; k++) {
                    singles.append(singles.isEmpty() ? "" : ", ").append(ids[k]);
                }
            }
            i = j + 1;
        }
        if (!singles.isEmpty()) {
            terms.add(singles.indexOf(",") < 0 ? column + " = " + singles : column + " IN (" + singles + ")");
        }
        return terms.size() == 1 ? terms.get(0) : "(" + String.join(" OR ", terms) + ")";
    }

    @Override
    public String qualifiedName(String database, String table) {
        return ColumnKinds.quote(database) + "." + ColumnKinds.quote(table);
    }

    @Override
    public TableLoad beginLoad(String database, String table, int chunkId, List<ColumnSpec> columns, boolean replace) {
        LoadTransaction tx = beginTransaction();
        try {
            tx.startTable(database, table, chunkId, columns, replace);
        } catch (RuntimeException e) {
            tx.abort();
            throw e;
        }
        return new TableLoad() {
            @Override
            public int append(ColumnarBatch batch) {
                return tx.append(batch);
            }

            @Override
            public long commit() {
                return tx.commit();
            }

            @Override
            public void abort() {
                tx.abort();
            }
        };
    }

    @Override
    public LoadTransaction beginTransaction() {
        try {
            return new DuckDbLoadTransaction((DuckDBConnection) openConnection());
        } catch (SQLException e) {
            throw new SkyshardException(WorkerErrorCode.LOAD_FAILED, "cannot start a load transaction: " + e.getMessage(), e);
        }
    }

    /** Outside any load transaction and one at a time: concurrent creations of one schema conflict in DuckDB's catalog. */
    private void ensureSchema(String database) throws SQLException {
        if (schemas.contains(key(database))) {
            return;
        }
        synchronized (schemaLock) {
            if (schemas.contains(key(database))) {
                return;
            }
            try (Connection conn = openConnection(); Statement s = conn.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + ColumnKinds.quote(database));
            }
            schemas.add(key(database));
        }
    }

    /**
     * Creates a chunk store if missing, outside any load transaction and one at a time: concurrent
     * load streams fill the same store, and concurrent creations of one table conflict in DuckDB's
     * catalog. An empty store is harmless (it holds no chunk), so nothing is lost if a load aborts.
     */
    private Stored ensureStore(String database, String table, List<ColumnSpec> columns, boolean notNull) throws SQLException {
        Stored s = stored(database, table);
        if (s == null) {
            ensureSchema(database);
            synchronized (schemaLock) {
                s = stored(database, table);
                if (s == null) {
                    try (Connection conn = openConnection(); Statement st = conn.createStatement()) {
                        st.execute(createStore(database, table, columns, notNull));
                    }
                    s = remember(database, table, true);
                    s.tagged = true;
                }
            }
        }
        if (!s.chunked) {
            throw new SkyshardException(WorkerErrorCode.INVALID_REQUEST, "table " + database + "." + table
                    + " exists as a replicated table and cannot receive chunks");
        }
        return s;
    }

    /**
     * Gives an existing table the hidden contribution column (tables created before ingest
     * transactions lack it), or creates a missing replicated table with it; outside any load
     * transaction and one at a time, like the creation of stores.
     */
    private Stored ensureTagged(String database, String table, List<ColumnSpec> columns) throws SQLException {
        ensureSchema(database);
        synchronized (schemaLock) {
            Stored s = stored(database, table);
            if (s != null && s.tagged) {
                return s;
            }
            try (Connection conn = openConnection(); Statement st = conn.createStatement()) {
                if (s == null) {
                    st.execute("CREATE TABLE IF NOT EXISTS " + qualifiedName(database, table) + " (" + storedColumnList(columns, true) + ", "
                            + ColumnKinds.quote(ContributionLedger.COLUMN) + " BIGINT NOT NULL DEFAULT 0)");
                    s = remember(database, table, false);
                } else {
                    // DuckDB adds no column with a constraint; the default fills the rows already there.
                    st.execute("ALTER TABLE " + qualifiedName(database, s.name) + " ADD COLUMN IF NOT EXISTS "
                            + ColumnKinds.quote(ContributionLedger.COLUMN) + " BIGINT DEFAULT 0");
                }
            }
            s.tagged = true;
            return s;
        }
    }

    private String createStore(String database, String table, List<ColumnSpec> columns, boolean notNull) {
        return "CREATE TABLE IF NOT EXISTS " + qualifiedName(database, table) + " (" + storedColumnList(columns, notNull)
                + ", " + ColumnKinds.quote(CHUNK_COLUMN) + " INTEGER NOT NULL, " + ColumnKinds.quote(ContributionLedger.COLUMN)
                + " BIGINT NOT NULL DEFAULT 0)";
    }

    /**
     * Column definitions of a stored table. With {@code notNull} (tables created by ingest
     * contributions, whose column specs always carry the catalog's nullability) the catalog's NOT
     * NULL columns are enforced by the engine too; other loads (whose specs may leave the proto
     * default, nullable = false) create nullable columns, as before ingest transactions.
     */
    private static String storedColumnList(List<ColumnSpec> columns, boolean notNull) {
        StringBuilder sb = new StringBuilder();
        for (ColumnSpec c : columns) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(ColumnKinds.quote(c.getName())).append(' ').append(ColumnKinds.duckDbType(c));
            if (notNull && !c.getNullable()) {
                sb.append(" NOT NULL");
            }
        }
        return sb.toString();
    }

    /** A table (or one chunk of a store) a load transaction wrote to. */
    private record Target(String database, String table, int chunk) {
    }

    /** One table started in a load transaction, with the rows appended to it. */
    private static final class Started {
        final String database;
        final String table;
        final int chunk;
        final boolean replace;
        final BatchAppender rows;
        final long contribution;
        final boolean tagged;
        long count;

        Started(String database, String table, int chunk, boolean replace, List<ColumnSpec> columns, long contribution,
                boolean tagged) {
            this.database = database;
            this.table = table;
            this.chunk = chunk;
            this.replace = replace;
            this.rows = new BatchAppender(columns);
            this.contribution = contribution;
            this.tagged = tagged;
        }
    }

    /**
     * A load transaction. Its DuckDB transaction begins at the first statement that changes data,
     * not at the first header: DuckDB shows a transaction only the tables that existed when it
     * began, so the chunk stores its headers name are created (committed, outside it) until then.
     * A loader therefore sends a header for every chunk store first (see the Load RPC's contract);
     * a store first named after rows arrived is created inside the transaction instead, which a
     * concurrent stream creating the same store would make fail with a conflict.
     */
    private final class DuckDbLoadTransaction implements LoadTransaction {
        private final DuckDBConnection conn;
        private final List<Started> started = new ArrayList<>();
        private final List<String[]> storesCreatedInside = new ArrayList<>();
        private DuckDBAppender appender;
        private String target = "(no table yet)";
        private long total;
        private boolean begun;
        private boolean done;

        DuckDbLoadTransaction(DuckDBConnection conn) {
            this.conn = conn;
        }

        private void begin() throws SQLException {
            if (!begun) {
                conn.setAutoCommit(false);
                // The driver opens the transaction at the next statement, and an appender is not one:
                // without a statement first, appended rows would be committed on their own.
                try (Statement s = conn.createStatement()) {
                    s.execute("SELECT 1");
                }
                begun = true;
            }
        }

        @Override
        public synchronized void startTable(String database, String table, int chunkId, List<ColumnSpec> columns, boolean replace,
                                            long contributionId) {
            requireNonNull(database, "database");
            requireNonNull(table, "table");
            requireNonNull(columns, "columns");
            checkOpen();
            if (database.isBlank() || table.isBlank()) {
                throw new SkyshardException(WorkerErrorCode.INVALID_REQUEST, "load needs a database and a table name, got '"
                        + database + "'.'" + table + "'");
            }
            if (columns.isEmpty()) {
                throw new SkyshardException(WorkerErrorCode.INVALID_REQUEST, "load of " + database + "." + table + " has no columns");
            }
            if (chunkId < ChunkTables.REPLICATED_CHUNK) {
                throw new SkyshardException(WorkerErrorCode.INVALID_REQUEST, "invalid chunk id " + chunkId
                        + " for table " + database + "." + table);
            }
            if (contributionId < 0) {
                throw new SkyshardException(WorkerErrorCode.INVALID_REQUEST, "invalid contribution id " + contributionId);
            }
            if (contributionId != 0 && replace) {
                throw new SkyshardException(WorkerErrorCode.INVALID_REQUEST, "load of " + database + "." + table
                        + " for contribution " + contributionId + " asks to replace it: contributions only append");
            }
            checkAlive(contributionId);
            boolean whole = chunkId == ChunkTables.REPLICATED_CHUNK;
            String where = qualifiedName(database, whole ? table : ChunkTables.chunkTable(table, chunkId));
            try {
                closeAppender();
                target = where;
                ensureSchema(database);
                String physical = table;
                if (whole && contributionId != 0) {
                    Stored existing = stored(database, table);
                    if (existing == null || !existing.tagged) {
                        if (begun) {
                            throw new SkyshardException(WorkerErrorCode.INVALID_REQUEST, "table " + database + "." + table
                                    + " must be named by a row-less header before any row of the stream, to be prepared for contributions");
                        }
                        existing = ensureTagged(database, table, columns);
                    }
                    physical = existing.name;
                } else if (whole) {
                    begin();
                    try (Statement s = conn.createStatement()) {
                        s.execute((replace ? "CREATE OR REPLACE TABLE " : "CREATE TABLE IF NOT EXISTS ")
                                + qualifiedName(database, table) + " (" + ColumnKinds.duckDbColumnList(columns) + ")");
                    }
                } else {
                    Stored store = stored(database, table);
                    if (store == null && !begun) {
                        store = ensureStore(database, table, columns, contributionId != 0);
                    } else if (store == null) {
                        try (Statement s = conn.createStatement()) {
                            s.execute(createStore(database, table, columns, contributionId != 0));
                        }
                        storesCreatedInside.add(new String[] {database, table});
                    } else if (!store.chunked) {
                        throw new SkyshardException(WorkerErrorCode.INVALID_REQUEST, "table " + database + "." + table
                                + " exists as a replicated table and cannot receive chunks");
                    }
                    physical = store == null ? table : store.name;
                    if (contributionId != 0 && store != null && !store.tagged) {
                        if (begun) {
                            throw new SkyshardException(WorkerErrorCode.INVALID_REQUEST, "chunk store " + database + "." + table
                                    + " must be named by a row-less header before any row of the stream, to be prepared for contributions");
                        }
                        ensureTagged(database, table, columns);
                    }
                    if (replace) {
                        begin();
                        try (Statement s = conn.createStatement()) {
                            s.execute("DELETE FROM " + qualifiedName(database, physical) + " WHERE "
                                    + ColumnKinds.quote(CHUNK_COLUMN) + " = " + chunkId);
                        }
                    }
                }
                Stored now = stored(database, physical);
                boolean tagged = now != null ? now.tagged : !whole;
                started.add(new Started(database, physical, chunkId, replace, columns, contributionId, tagged));
            } catch (SQLException e) {
                throw new SkyshardException(WorkerErrorCode.LOAD_FAILED, "cannot load " + where + ": " + e.getMessage(), e);
            }
        }

        @Override
        public synchronized int append(ColumnarBatch batch) {
            checkOpen();
            if (started.isEmpty()) {
                throw new SkyshardException(WorkerErrorCode.INVALID_REQUEST, "load sent rows before naming their table");
            }
            Started t = started.getLast();
            try {
                if (appender == null) {
                    begin();
                    appender = conn.createAppender(t.database, t.table);
                }
            } catch (SQLException e) {
                throw new SkyshardException(WorkerErrorCode.LOAD_FAILED, "cannot load " + target + ": " + e.getMessage(), e);
            }
            int chunk = t.chunk;
            long tag = t.contribution;
            BatchAppender.RowSuffix suffix;
            if (chunk == ChunkTables.REPLICATED_CHUNK) {
                suffix = t.tagged ? a -> a.append(tag) : BatchAppender.RowSuffix.NONE;
            } else {
                suffix = t.tagged ? a -> {
                    a.append(chunk);
                    a.append(tag);
                } : a -> a.append(chunk);
            }
            int n = t.rows.append(appender, batch, suffix);
            t.count += n;
            total += n;
            return n;
        }

        @Override
        public synchronized List<Long> tableRows() {
            return started.stream().map(t -> t.count).toList();
        }

        private void checkOpen() {
            if (done) {
                throw new SkyshardException(WorkerErrorCode.LOAD_FAILED, "load of " + target + " is already finished");
            }
        }

        private void closeAppender() throws SQLException {
            if (appender != null) {
                DuckDBAppender a = appender;
                appender = null;
                a.close();
            }
        }

        @Override
        public synchronized long commit() {
            checkOpen();
            done = true;
            boolean contributions = started.stream().anyMatch(t -> t.contribution != 0);
            if (contributions) {
                purgeLock.readLock().lock();
            }
            try {
                return commitLocked();
            } finally {
                if (contributions) {
                    purgeLock.readLock().unlock();
                }
            }
        }

        private long commitLocked() {
            Map<Target, Long> rows = rowsPerTarget();
            // Chunks gaining rows are listed BEFORE the commit, chunks losing all rows only after it:
            // the inventory then always lists at least the chunks a statement can see, which is what
            // lets a scan of every chunk listed skip the chunk filter (see holdsOnly).
            rows.forEach((t, n) -> {
                Stored s = t.chunk() == ChunkTables.REPLICATED_CHUNK ? null : stored(t.database(), t.table());
                if (s != null && s.chunked && n > 0) {
                    s.chunks.add(t.chunk());
                }
            });
            try {
                closeAppender();
                for (Started t : started) {
                    checkAlive(t.contribution);
                }
                recordContributions();
                if (begun) {
                    conn.commit();
                }
                publish(rows);
                return total;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(conn);
                forgetUncommitted(rows);
                throw new SkyshardException(WorkerErrorCode.LOAD_FAILED, "cannot commit load of " + started.size()
                        + " table(s), last " + target + ": " + e.getMessage(), e);
            } finally {
                closeQuietly(conn);
            }
        }

        /**
         * Ledger rows go in with the data, in the same transaction: a crash keeps both or neither. The
         * in-memory ledger learns of the rows before they are committed: a query starting in between
         * must already filter them (knowing too early costs a filter, too late a leak).
         */
        private void recordContributions() throws SQLException {
            Map<List<Object>, Long> perChunk = new java.util.LinkedHashMap<>();
            for (Started t : started) {
                if (t.contribution != 0 && t.count > 0) {
                    perChunk.merge(List.of(t.database, t.table, t.chunk, t.contribution), t.count, Long::sum);
                }
            }
            if (perChunk.isEmpty()) {
                return;
            }
            begin();
            try (java.sql.PreparedStatement ps = conn.prepareStatement("INSERT INTO " + ledgerTable() + " VALUES (?, ?, ?, ?, ?)")) {
                for (var e : perChunk.entrySet()) {
                    ps.setString(1, (String) e.getKey().get(0));
                    ps.setString(2, (String) e.getKey().get(1));
                    ps.setInt(3, (Integer) e.getKey().get(2));
                    ps.setLong(4, (Long) e.getKey().get(3));
                    ps.setLong(5, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            for (List<Object> k : perChunk.keySet()) {
                ledger.add((String) k.get(0), (String) k.get(1), (Integer) k.get(2),
                        io.skyshard.common.catalog.Visibility.transactionOf((Long) k.get(3)));
            }
        }

        private Map<Target, Long> rowsPerTarget() {
            Map<Target, Long> rows = new java.util.LinkedHashMap<>();
            for (Started t : started) {
                rows.merge(new Target(t.database, t.table, t.chunk), t.count, Long::sum);
            }
            return rows;
        }

        /**
         * After the commit: replicated tables and stores created inside the transaction exist (they
         * could not be listed before: a statement would fail on them), chunks replaced by nothing
         * no longer do.
         */
        private void publish(Map<Target, Long> rows) {
            for (String[] store : storesCreatedInside) {
                remember(store[0], store[1], true);
            }
            Set<Target> replaced = new HashSet<>();
            for (Started t : started) {
                if (t.replace) {
                    replaced.add(new Target(t.database, t.table, t.chunk));
                }
            }
            rows.forEach((t, n) -> {
                boolean whole = t.chunk() == ChunkTables.REPLICATED_CHUNK;
                Stored s = remember(t.database(), t.table(), !whole);
                if (!whole && n > 0) {
                    s.chunks.add(t.chunk());
                } else if (!whole && replaced.contains(t)) {
                    s.chunks.remove(t.chunk());
                }
            });
        }

        /** The commit failed: chunks listed ahead of it stay listed only if the store really holds rows of them. */
        private void forgetUncommitted(Map<Target, Long> rows) {
            for (Target t : rows.keySet()) {
                Stored s = t.chunk() == ChunkTables.REPLICATED_CHUNK ? null : stored(t.database(), t.table());
                if (s == null || !s.chunked || !s.chunks.contains(t.chunk())) {
                    continue;
                }
                try (Connection c = openConnection(); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT 1 FROM " + qualifiedName(t.database(), s.name) + " WHERE "
                             + ColumnKinds.quote(CHUNK_COLUMN) + " = " + t.chunk() + " LIMIT 1")) {
                    if (!rs.next()) {
                        s.chunks.remove(t.chunk());
                    }
                } catch (SQLException ignored) {
                    // listing a chunk without rows is harmless: reading it returns nothing
                }
            }
        }        @Override
        public synchronized void abort() {
            if (done) {
                return;
            }
            done = true;
            try {
                closeAppender();
            } catch (SQLException | RuntimeException ignored) {
                // the rollback below discards whatever the appender flushed
            }
            rollbackQuietly(conn);
            closeQuietly(conn);
        }
    }

    @Override
    public long purge(long[] transactionIds, long[] contributionIds) {
        if (transactionIds.length == 0 && contributionIds.length == 0) {
            return 0;
        }
        // Ids are numbers, so the lists are written into the SQL text as literals.
        StringBuilder cond = new StringBuilder("(");
        if (contributionIds.length > 0) {
            cond.append("%1$s IN (").append(join(contributionIds)).append(')');
        }
        if (transactionIds.length > 0) {
            cond.append(contributionIds.length > 0 ? " OR " : "").append("(%1$s >> 32) IN (").append(join(transactionIds)).append(')');
        }
        cond.append(')');
        String ledgerCond = String.format(Locale.ROOT, cond.toString(), "contribution_id");
        String rowCond = String.format(Locale.ROOT, cond.toString(), ColumnKinds.quote(ContributionLedger.COLUMN));
        purgeLock.writeLock().lock();
        Connection conn = null;
        try {
            conn = openConnection();
            // (database, physical table) -> chunks with rows of the dead contributions
            Map<List<String>, Set<Integer>> affected = new java.util.LinkedHashMap<>();
            try (Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT DISTINCT database, table_name, chunk_id FROM " + ledgerTable() + " WHERE " + ledgerCond)) {
                while (rs.next()) {
                    affected.computeIfAbsent(List.of(rs.getString(1), rs.getString(2)), k -> new HashSet<>()).add(rs.getInt(3));
                }
            }
            long deleted = 0;
            conn.setAutoCommit(false);
            try (Statement s = conn.createStatement()) {
                s.execute("SELECT 1");
                for (List<String> t : affected.keySet()) {
                    Stored stored = stored(t.get(0), t.get(1));
                    if (stored != null && stored.tagged) {
                        deleted += s.executeUpdate("DELETE FROM " + qualifiedName(t.get(0), stored.name) + " WHERE " + rowCond);
                    }
                }
                s.executeUpdate("DELETE FROM " + ledgerTable() + " WHERE " + ledgerCond);
                try (java.sql.PreparedStatement ps = conn.prepareStatement("INSERT INTO " + deadTable() + " VALUES (?, ?)")) {
                    for (long t : transactionIds) {
                        if (!deadTransactions.contains(t)) {
                            ps.setString(1, "T");
                            ps.setLong(2, t);
                            ps.addBatch();
                        }
                    }
                    for (long c : contributionIds) {
                        if (!deadContributions.contains(c)) {
                            ps.setString(1, "C");
                            ps.setLong(2, c);
                            ps.addBatch();
                        }
                    }
                    ps.executeBatch();
                }
            }
            conn.commit();
            conn.setAutoCommit(true);
            for (long t : transactionIds) {
                deadTransactions.add(t);
            }
            for (long c : contributionIds) {
                deadContributions.add(c);
            }
            recount(conn, affected);
            return deleted;
        } catch (SQLException e) {
            rollbackQuietly(conn);
            throw new SkyshardException(WorkerErrorCode.STORAGE_ERROR, "purge of dead contributions failed: " + e.getMessage(), e);
        } finally {
            closeQuietly(conn);
            purgeLock.writeLock().unlock();
        }
    }

    /**
     * After a purge: what the ledger still says of the chunks it touched, and which of them still hold
     * rows (a chunk emptied by the purge is forgotten now that the deletion is committed).
     */
    private void recount(Connection conn, Map<List<String>, Set<Integer>> affected) throws SQLException {
        try (java.sql.PreparedStatement ps = conn.prepareStatement("SELECT DISTINCT contribution_id >> 32 FROM "
                + ledgerTable() + " WHERE database = ? AND table_name = ? AND chunk_id = ?")) {
            for (var e : affected.entrySet()) {
                for (int chunk : e.getValue()) {
                    ps.setString(1, e.getKey().get(0));
                    ps.setString(2, e.getKey().get(1));
                    ps.setInt(3, chunk);
                    List<Long> txns = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            txns.add(rs.getLong(1));
                        }
                    }
                    ledger.set(e.getKey().get(0), e.getKey().get(1), chunk, txns.stream().mapToLong(Long::longValue).toArray());
                }
            }
        }
        for (var e : affected.entrySet()) {
            Stored s = stored(e.getKey().get(0), e.getKey().get(1));
            if (s == null || !s.chunked) {
                continue;
            }
            Set<Integer> left = new HashSet<>();
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT DISTINCT " + ColumnKinds.quote(CHUNK_COLUMN)
                    + " FROM " + qualifiedName(e.getKey().get(0), s.name) + " WHERE " + chunkFilter(e.getValue().stream()
                    .mapToInt(Integer::intValue).toArray()))) {
                while (rs.next()) {
                    left.add(rs.getInt(1));
                }
            }
            for (int chunk : e.getValue()) {
                if (!left.contains(chunk)) {
                    s.chunks.remove(chunk);
                }
            }
        }
    }

    @Override
    public long[] contributions() {
        try (Connection conn = openConnection(); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT contribution_id FROM " + ledgerTable() + " ORDER BY 1")) {
            List<Long> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
            return out.stream().mapToLong(Long::longValue).toArray();
        } catch (SQLException e) {
            throw new SkyshardException(WorkerErrorCode.STORAGE_ERROR, "cannot read the contribution ledger: " + e.getMessage(), e);
        }
    }

    private static String join(long[] ids) {
        StringBuilder sb = new StringBuilder();
        for (long id : ids) {
            sb.append(sb.isEmpty() ? "" : ", ").append(id);
        }
        return sb.toString();
    }

    @Override
    public void dropDatabase(String database) {
        requireNonNull(database, "database");
        try (Connection conn = openConnection(); Statement s = conn.createStatement()) {
            synchronized (schemaLock) {
                s.execute("DROP SCHEMA IF EXISTS " + ColumnKinds.quote(database) + " CASCADE");
                try (java.sql.PreparedStatement ps = conn.prepareStatement("DELETE FROM " + ledgerTable() + " WHERE lower(database) = ?")) {
                    ps.setString(1, key(database));
                    ps.executeUpdate();
                }
                schemas.remove(key(database));
                inventory.remove(key(database));
                ledger.dropDatabase(database);
            }
        } catch (SQLException e) {
            throw new SkyshardException(WorkerErrorCode.STORAGE_ERROR, "cannot drop database " + database + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean dropTable(String database, String table) {
        requireNonNull(database, "database");
        requireNonNull(table, "table");
        try (Connection conn = openConnection(); Statement s = conn.createStatement()) {
            synchronized (schemaLock) {
                Map<String, Stored> tables = inventory.get(key(database));
                Stored actual = tables == null ? null : tables.get(key(table));
                if (actual == null) {
                    return false;
                }
                if (actual.chunked) {
                    throw new SkyshardException(WorkerErrorCode.INVALID_REQUEST, "table " + database + "." + table
                            + " is a chunk store; drop its database instead");
                }
                s.execute("DROP TABLE IF EXISTS " + qualifiedName(database, actual.name));
                try (java.sql.PreparedStatement ps = conn.prepareStatement("DELETE FROM " + ledgerTable()
                        + " WHERE lower(database) = ? AND lower(table_name) = ?")) {
                    ps.setString(1, key(database));
                    ps.setString(2, key(table));
                    ps.executeUpdate();
                }
                tables.remove(key(table));
                ledger.dropTable(database, table);
                return true;
            }
        } catch (SQLException e) {
            throw new SkyshardException(WorkerErrorCode.STORAGE_ERROR, "cannot drop table " + database + "." + table + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Closes every connection handed out, then the database: a client still holding one gets an
     * SQLException from it instead of touching freed native memory.
     */
    @Override
    public void close() {
        List<Connection> open;
        synchronized (connections) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // A purge or a load commit still running holds a connection in the middle of a statement:
        // closing it then deadlocks inside the DuckDB driver. Let them finish first (bounded).
        boolean locked = false;
        try {
            locked = purgeLock.writeLock().tryLock(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            synchronized (connections) {
                open = new ArrayList<>(connections);
                connections.clear();
                idleQueryConnections.clear();
            }
            for (Connection conn : open) {
                closeQuietly(conn);
            }
            closeQuietly(root);
        } finally {
            if (locked) {
                purgeLock.writeLock().unlock();
            }
        }
    }

    private static void rollbackQuietly(Connection conn) {
        if (conn == null) {
            return;
        }
        try {
            if (!conn.getAutoCommit()) {
                conn.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is closed next; DuckDB rolls back an open transaction on close
        }
    }

    private static void closeQuietly(Connection conn) {
        if (conn == null) {
            return;
        }
        try {
            conn.close();
        } catch (SQLException ignored) {
            // nothing left to release
        }
    }
}
