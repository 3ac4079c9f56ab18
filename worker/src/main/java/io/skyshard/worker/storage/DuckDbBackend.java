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
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    private final Object schemaLock = new Object();

    public static final String FILE_NAME = "worker.duckdb";

    private final DuckDBConnection root;
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
        return root.duplicate();
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
        requireNonNull(database, "database");
        requireNonNull(table, "table");
        requireNonNull(columns, "columns");
        if (database.isBlank() || table.isBlank()) {
            throw new SkyshardException(WorkerErrorCode.INVALID_REQUEST, "load needs a database and a table name, got '"
                    + database + "'.'" + table + "'");
        }
        if (columns.isEmpty()) {
            throw new SkyshardException(WorkerErrorCode.INVALID_REQUEST, "load of " + database + "." + table + " has no columns");
        }
        String where = qualifiedName(database, table);
        String columnList = ColumnKinds.duckDbColumnList(columns);
        Connection conn = null;
        try {
            conn = openConnection();
            try (Statement s = conn.createStatement()) {
                // Outside the load transaction and one at a time: concurrent loads into a new
                // database would otherwise conflict in DuckDB's catalog on creating the same schema.
                synchronized (schemaLock) {
                    s.execute("CREATE SCHEMA IF NOT EXISTS " + ColumnKinds.quote(database));
                }
                conn.setAutoCommit(false);
                if (replace) {
                    s.execute("DROP TABLE IF EXISTS " + where);
                }
                s.execute("CREATE TABLE IF NOT EXISTS " + where + " (" + columnList + ")");
            }
            DuckDBAppender appender = conn.unwrap(DuckDBConnection.class).createAppender(database, table);
            return new DuckDbTableLoad(database, table, conn, appender, new BatchAppender(columns));
        } catch (SQLException e) {
            rollbackQuietly(conn);
            closeQuietly(conn);
            throw new SkyshardException(WorkerErrorCode.LOAD_FAILED, "cannot load " + where + ": " + e.getMessage(), e);
        }
    }

    private final class DuckDbTableLoad implements TableLoad {
        private final String database;
        private final String table;
        private final Connection conn;
        private final DuckDBAppender appender;
        private final BatchAppender batchAppender;
        private long rows;
        private boolean done;

        DuckDbTableLoad(String database, String table, Connection conn, DuckDBAppender appender, BatchAppender batchAppender) {
            this.database = database;
            this.table = table;
            this.conn = conn;
            this.appender = appender;
            this.batchAppender = batchAppender;
        }

        @Override
        public synchronized int append(ColumnarBatch batch) {
            if (done) {
                throw new SkyshardException(WorkerErrorCode.LOAD_FAILED, "load of " + qualifiedName(database, table) + " is already finished");
            }
            int n = batchAppender.append(appender, batch);
            rows += n;
            return n;
        }

        @Override
        public synchronized long commit() {
            if (done) {
                throw new SkyshardException(WorkerErrorCode.LOAD_FAILED, "load of " + qualifiedName(database, table) + " is already finished");
            }
            done = true;
            try {
                appender.close();
                conn.commit();
                remember(database, table);
                return rows;
            } catch (SQLException e) {
                rollbackQuietly(conn);
                throw new SkyshardException(WorkerErrorCode.LOAD_FAILED, "cannot commit load of "
                        + qualifiedName(database, table) + ": " + e.getMessage(), e);
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
                appender.close();
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
            s.execute("DROP SCHEMA IF EXISTS " + ColumnKinds.quote(database) + " CASCADE");
            inventory.remove(key(database));
        } catch (SQLException e) {
            throw new SkyshardException(WorkerErrorCode.STORAGE_ERROR, "cannot drop database " + database + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
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
