package io.skyshard.worker.storage;

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
 * schema per Skyshard database. The sciSQL macros are (re)created at every open so that a worker
 * always runs the definitions of its own release.
 *
 * <p>An in-memory inventory of tables mirrors the catalog so that a query over thousands of chunks
 * checks table existence without a statement per chunk; loads and drops keep it current.
 */
public final class DuckDbBackend implements StorageBackend {
    public static final String FILE_NAME = "worker.duckdb";

    private final Object schemaLock = new Object();
    /** lower-case names of the schemas known to exist, so loads skip the CREATE SCHEMA round trip. */
    private final Set<String> schemas = ConcurrentHashMap.newKeySet();

    /**
     * Parser nesting limit, set so that a statement nested deeper (e.g. a UNION ALL of a few
     * hundred tables) fails with an error instead of overflowing a 1 MB thread stack inside DuckDB's
     * binder: such an overflow is a SIGSEGV that kills the whole JVM without an hs_err file.
     * DuckDB's default (1000) lets a 400-table UNION ALL through, which crashes on such a stack.
     */
    static final int MAX_EXPRESSION_DEPTH = 250;
    private static final int PRUNE_AT = 64;

    private final DuckDBConnection root;
    /** Connections handed out and maybe still open: closed before the database at {@link #close()}. */
    private final Set<Connection> connections = new HashSet<>();
    private boolean closed;
    /** lower-case database -> (lower-case table -> table name as created). */
    private final Map<String, Map<String, String>> inventory = new ConcurrentHashMap<>();

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
        try (Statement s = root.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_schema, table_name FROM information_schema.tables"
                     + " WHERE table_catalog = current_database() AND table_type = 'BASE TABLE'")) {
            while (rs.next()) {
                remember(rs.getString(1), rs.getString(2));
            }
        }
    }

    private void remember(String database, String table) {
        inventory.computeIfAbsent(key(database), k -> new ConcurrentHashMap<>()).put(key(table), table);
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
        Map<String, String> tables = inventory.get(key(database));
        return tables != null && tables.containsKey(key(table));
    }

    @Override
    public List<String> tables(String database) {
        Map<String, String> tables = inventory.get(key(database));
        if (tables == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(tables.values());
        out.sort(null);
        return out;
    }

    @Override
    public String qualifiedName(String database, String table) {
        return ColumnKinds.quote(database) + "." + ColumnKinds.quote(table);
    }

    @Override
    public TableLoad beginLoad(String database, String table, List<ColumnSpec> columns, boolean replace) {
        LoadTransaction tx = beginTransaction();
        try {
            tx.startTable(database, table, columns, replace);
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

    private final class DuckDbLoadTransaction implements LoadTransaction {
        private final DuckDBConnection conn;
        private final List<String[]> tables = new ArrayList<>();
        private final List<Long> rows = new ArrayList<>();
        private DuckDBAppender appender;
        private BatchAppender batchAppender;
        private String target = "(no table yet)";
        private long total;
        private boolean begun;
        private boolean done;

        DuckDbLoadTransaction(DuckDBConnection conn) {
            this.conn = conn;
        }

        @Override
        public synchronized void startTable(String database, String table, List<ColumnSpec> columns, boolean replace) {
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
            String where = qualifiedName(database, table);
            try {
                closeAppender();
                target = where;
                ensureSchema(database);
                if (!begun) {
                    conn.setAutoCommit(false);
                    begun = true;
                }
                try (Statement s = conn.createStatement()) {
                    s.execute((replace ? "CREATE OR REPLACE TABLE " : "CREATE TABLE IF NOT EXISTS ") + where
                            + " (" + ColumnKinds.duckDbColumnList(columns) + ")");
                }
                appender = conn.createAppender(database, table);
                batchAppender = new BatchAppender(columns);
                tables.add(new String[] {database, table});
                rows.add(0L);
            } catch (SQLException e) {
                throw new SkyshardException(WorkerErrorCode.LOAD_FAILED, "cannot load " + where + ": " + e.getMessage(), e);
            }
        }

        @Override
        public synchronized int append(ColumnarBatch batch) {
            checkOpen();
            if (appender == null) {
                throw new SkyshardException(WorkerErrorCode.INVALID_REQUEST, "load sent rows before naming their table");
            }
            int n = batchAppender.append(appender, batch);
            rows.set(rows.size() - 1, rows.getLast() + n);
            total += n;
            return n;
        }

        @Override
        public synchronized List<Long> tableRows() {
            return List.copyOf(rows);
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
            try {
                closeAppender();
                if (begun) {
                    conn.commit();
                }
                for (String[] t : tables) {
                    remember(t[0], t[1]);
                }
                return total;
            } catch (SQLException e) {
                rollbackQuietly(conn);
                throw new SkyshardException(WorkerErrorCode.LOAD_FAILED, "cannot commit load of " + tables.size()
                        + " table(s), last " + target + ": " + e.getMessage(), e);
            } finally {
                closeQuietly(conn);
            }
        }

        @Override
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
                Map<String, String> tables = inventory.get(key(database));
                String actual = tables == null ? null : tables.get(key(table));
                if (actual == null) {
                    return false;
                }
                s.execute("DROP TABLE IF EXISTS " + qualifiedName(database, actual));
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
