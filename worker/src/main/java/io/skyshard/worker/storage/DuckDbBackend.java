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
    private boolean closed;
    /** lower-case database -> (lower-case table -> physical table). */
    private final Map<String, Map<String, Stored>> inventory = new ConcurrentHashMap<>();

    /** A physical table: a replicated table, or a chunk store with the chunks it holds rows of. */
    private static final class Stored {
        final String name;
        final boolean chunked;
        final Set<Integer> chunks = ConcurrentHashMap.newKeySet();

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
                     + " AND c.table_name = t.table_name AND c.column_name = '" + CHUNK_COLUMN + "')"
                     + " FROM information_schema.tables t"
                     + " WHERE t.table_catalog = current_database() AND t.table_type = 'BASE TABLE'")) {
            while (rs.next()) {
                Stored stored = remember(rs.getString(1), rs.getString(2), rs.getBoolean(3));
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
    public String chunkSource(String database, String table, int[] chunkIds) {
        Stored s = stored(database, table);
        if (s == null || !s.chunked) {
            throw new SkyshardException(WorkerErrorCode.INTERNAL, "no chunk store " + database + "." + table + " on this worker");
        }
        StringBuilder sql = new StringBuilder("(SELECT * EXCLUDE (").append(ColumnKinds.quote(CHUNK_COLUMN)).append(") FROM ")
                .append(qualifiedName(database, s.name));
        if (chunkIds != null) {
            sql.append(" WHERE ").append(chunkFilter(chunkIds));
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
    private Stored ensureStore(String database, String table, List<ColumnSpec> columns) throws SQLException {
        Stored s = stored(database, table);
        if (s == null) {
            ensureSchema(database);
            synchronized (schemaLock) {
                s = stored(database, table);
                if (s == null) {
                    try (Connection conn = openConnection(); Statement st = conn.createStatement()) {
                        st.execute(createStore(database, table, columns));
                    }
                    s = remember(database, table, true);
                }
            }
        }
        if (!s.chunked) {
            throw new SkyshardException(WorkerErrorCode.INVALID_REQUEST, "table " + database + "." + table
                    + " exists as a replicated table and cannot receive chunks");
        }
        return s;
    }

    private String createStore(String database, String table, List<ColumnSpec> columns) {
        return "CREATE TABLE IF NOT EXISTS " + qualifiedName(database, table) + " (" + ColumnKinds.duckDbColumnList(columns)
                + ", " + ColumnKinds.quote(CHUNK_COLUMN) + " INTEGER NOT NULL)";
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
        long count;

        Started(String database, String table, int chunk, boolean replace, List<ColumnSpec> columns) {
            this.database = database;
            this.table = table;
            this.chunk = chunk;
            this.replace = replace;
            this.rows = new BatchAppender(columns);
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
        public synchronized void startTable(String database, String table, int chunkId, List<ColumnSpec> columns, boolean replace) {
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
            boolean whole = chunkId == ChunkTables.REPLICATED_CHUNK;
            String where = qualifiedName(database, whole ? table : ChunkTables.chunkTable(table, chunkId));
            try {
                closeAppender();
                target = where;
                ensureSchema(database);
                String physical = table;
                if (whole) {
                    begin();
                    try (Statement s = conn.createStatement()) {
                        s.execute((replace ? "CREATE OR REPLACE TABLE " : "CREATE TABLE IF NOT EXISTS ")
                                + qualifiedName(database, table) + " (" + ColumnKinds.duckDbColumnList(columns) + ")");
                    }
                } else {
                    Stored store = stored(database, table);
                    if (store == null && !begun) {
                        store = ensureStore(database, table, columns);
                    } else if (store == null) {
                        try (Statement s = conn.createStatement()) {
                            s.execute(createStore(database, table, columns));
                        }
                        storesCreatedInside.add(new String[] {database, table});
                    } else if (!store.chunked) {
                        throw new SkyshardException(WorkerErrorCode.INVALID_REQUEST, "table " + database + "." + table
                                + " exists as a replicated table and cannot receive chunks");
                    }
                    physical = store == null ? table : store.name;
                    if (replace) {
                        begin();
                        try (Statement s = conn.createStatement()) {
                            s.execute("DELETE FROM " + qualifiedName(database, physical) + " WHERE "
                                    + ColumnKinds.quote(CHUNK_COLUMN) + " = " + chunkId);
                        }
                    }
                }
                started.add(new Started(database, physical, chunkId, replace, columns));
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
            int n = t.rows.append(appender, batch, chunk == ChunkTables.REPLICATED_CHUNK
                    ? BatchAppender.RowSuffix.NONE : a -> a.append(chunk));
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
    public void dropDatabase(String database) {
        requireNonNull(database, "database");
        try (Connection conn = openConnection(); Statement s = conn.createStatement()) {
            synchronized (schemaLock) {
                s.execute("DROP SCHEMA IF EXISTS " + ColumnKinds.quote(database) + " CASCADE");
                schemas.remove(key(database));
                inventory.remove(key(database));
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
                tables.remove(key(table));
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
            open = new ArrayList<>(connections);
            connections.clear();
        }
        for (Connection conn : open) {
            closeQuietly(conn);
        }
        closeQuietly(root);
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
