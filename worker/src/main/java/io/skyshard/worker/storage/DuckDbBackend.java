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
    /** "db.table" (lower case) of the tables that have the hidden contribution column. */
    private final Set<String> tagged = ConcurrentHashMap.newKeySet();
    /** Serialises the creation and alteration of chunk tables (concurrent DDL on one table conflicts in DuckDB). */
    private final Object ddlLock = new Object();
    /**
     * Purges (write lock) exclude the commits of contribution loads (read lock): a load of a purged
     * contribution then either committed before the purge, which deletes its rows, or finds the
     * tombstone and fails. No row of a dead contribution can outlive its purge.
     */
    private final java.util.concurrent.locks.ReentrantReadWriteLock purgeLock = new java.util.concurrent.locks.ReentrantReadWriteLock();
    /** Tombstones: transactions and contributions purged here, whose late writes are refused. */
    private final Set<Long> deadTransactions = ConcurrentHashMap.newKeySet();
    private final Set<Long> deadContributions = ConcurrentHashMap.newKeySet();
    private final ContributionLedger ledger = new ContributionLedger();

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
        try (Statement s = root.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_schema, table_name FROM information_schema.tables"
                     + " WHERE table_catalog = current_database() AND table_type = 'BASE TABLE'")) {
            while (rs.next()) {
                if (!rs.getString(1).equalsIgnoreCase(ContributionLedger.SCHEMA)) {
                    remember(rs.getString(1), rs.getString(2));
                }
            }
        }
        try (Statement s = root.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_schema, table_name FROM information_schema.columns"
                     + " WHERE table_catalog = current_database() AND column_name = '" + ContributionLedger.COLUMN + "'")) {
            while (rs.next()) {
                tagged.add(tableKey(rs.getString(1), rs.getString(2)));
            }
        }
    }

    /** Creates the ledger if missing and reads its summary: which transactions each table holds rows of. */
    private void loadLedger() throws SQLException {
        try (Statement s = root.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + ColumnKinds.quote(ContributionLedger.SCHEMA));
            s.execute("CREATE TABLE IF NOT EXISTS " + ledgerTable() + " (database VARCHAR NOT NULL, table_name VARCHAR NOT NULL,"
                    + " contribution_id BIGINT NOT NULL, row_count BIGINT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS " + deadTable() + " (kind VARCHAR NOT NULL, id BIGINT NOT NULL)");
            try (ResultSet rs = s.executeQuery("SELECT kind, id FROM " + deadTable())) {
                while (rs.next()) {
                    (rs.getString(1).equals("T") ? deadTransactions : deadContributions).add(rs.getLong(2));
                }
            }
            Map<String, List<Long>> byTable = new java.util.HashMap<>();
            Map<String, String[]> names = new java.util.HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT DISTINCT database, table_name, contribution_id >> 32 FROM " + ledgerTable())) {
                while (rs.next()) {
                    String k = tableKey(rs.getString(1), rs.getString(2));
                    byTable.computeIfAbsent(k, x -> new ArrayList<>()).add(rs.getLong(3));
                    names.put(k, new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            byTable.forEach((k, txns) -> ledger.set(names.get(k)[0], names.get(k)[1],
                    txns.stream().mapToLong(Long::longValue).toArray()));
        }
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

    private static String ledgerTable() {
        return ColumnKinds.quote(ContributionLedger.SCHEMA) + "." + ColumnKinds.quote(ContributionLedger.TABLE);
    }

    private static String tableKey(String database, String table) {
        return key(database) + "\u0000" + key(table);
    }

    @Override
    public ContributionLedger ledger() {
        return ledger;
    }

    @Override
    public boolean hasContributionColumn(String database, String table) {
        return tagged.contains(tableKey(database, table));
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
            tx.startTable(database, table, columns, replace, 0);
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
     * Creates a chunk table for transactional rows, or adds the hidden contribution column to an
     * existing one, in its own short transaction and one at a time: done inside the load transaction,
     * two loads creating the same new chunk table at once would conflict and one would fail.
     */
    private void ensureTaggedTable(String database, String table, List<ColumnSpec> columns) throws SQLException {
        if (tagged.contains(tableKey(database, table))) {
            return;
        }
        prepare(List.of(new TableSpec(database, table, columns)));
    }

    @Override
    public void prepareTables(List<TableSpec> tables) {
        try {
            prepare(tables);
        } catch (SQLException e) {
            throw new SkyshardException(WorkerErrorCode.LOAD_FAILED, "cannot create the tables of a load: " + e.getMessage(), e);
        }
    }

    private void prepare(List<TableSpec> tables) throws SQLException {
        List<TableSpec> missing = tables.stream().filter(t -> !tagged.contains(tableKey(t.database(), t.table()))).toList();
        if (missing.isEmpty()) {
            return;
        }
        for (TableSpec t : missing) {
            ensureSchema(t.database());
        }
        synchronized (ddlLock) {
            List<TableSpec> todo = new ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (TableSpec t : missing) {
                if (!tagged.contains(tableKey(t.database(), t.table())) && seen.add(tableKey(t.database(), t.table()))) {
                    todo.add(t);
                }
            }
            if (todo.isEmpty()) {
                return;
            }
            try (Connection conn = openConnection(); Statement s = conn.createStatement()) {
                beginTransaction(conn);
                try {
                    for (TableSpec t : todo) {
                        String where = qualifiedName(t.database(), t.table());
                        if (tableExists(t.database(), t.table())) {
                            s.execute("ALTER TABLE " + where + " ADD COLUMN IF NOT EXISTS "
                                    + ColumnKinds.quote(ContributionLedger.COLUMN) + " BIGINT DEFAULT 0");
                        } else {
                            s.execute("CREATE TABLE IF NOT EXISTS " + where + " (" + storedColumnList(t.columns()) + ", "
                                    + ColumnKinds.quote(ContributionLedger.COLUMN) + " BIGINT NOT NULL)");
                        }
                    }
                    conn.commit();
                } catch (SQLException e) {
                    rollbackQuietly(conn);
                    throw e;
                }
            }
            for (TableSpec t : todo) {
                remember(t.database(), t.table());
                tagged.add(tableKey(t.database(), t.table()));
            }
        }
    }

    /** Column definitions of a chunk table: NOT NULL columns are enforced by the engine too. */
    private static String storedColumnList(List<ColumnSpec> columns) {
        StringBuilder sb = new StringBuilder();
        for (ColumnSpec c : columns) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(ColumnKinds.quote(c.getName())).append(' ').append(ColumnKinds.duckDbType(c));
            if (!c.getNullable()) {
                sb.append(" NOT NULL");
            }
        }
        return sb.toString();
    }

    private final class DuckDbLoadTransaction implements LoadTransaction {
        private final DuckDBConnection conn;
        private final List<String[]> tables = new ArrayList<>();
        private final List<Long> rows = new ArrayList<>();
        private final List<Long> contributions = new ArrayList<>();
        private long contribution;
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
        public synchronized void startTable(String database, String table, List<ColumnSpec> columns, boolean replace,
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
            if (contributionId != 0 && replace) {
                throw new SkyshardException(WorkerErrorCode.INVALID_REQUEST, "load of " + database + "." + table
                        + " for contribution " + contributionId + " asks to replace the table: contributions only append");
            }
            if (contributionId < 0) {
                throw new SkyshardException(WorkerErrorCode.INVALID_REQUEST, "invalid contribution id " + contributionId);
            }
            checkAlive(contributionId);
            String where = qualifiedName(database, table);
            try {
                closeAppender();
                target = where;
                ensureSchema(database);
                if (contributionId != 0) {
                    ensureTaggedTable(database, table, columns);
                }
                if (!begun) {
                    beginTransaction(conn);
                    begun = true;
                }
                if (contributionId == 0) {
                    try (Statement s = conn.createStatement()) {
                        s.execute((replace ? "CREATE OR REPLACE TABLE " : "CREATE TABLE IF NOT EXISTS ") + where
                                + " (" + ColumnKinds.duckDbColumnList(columns) + ")");
                    }
                }
                appender = conn.createAppender(database, table);
                batchAppender = new BatchAppender(columns);
                contribution = contributionId;
                tables.add(new String[] {database, table});
                rows.add(0L);
                contributions.add(contributionId);
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
            int n = contribution != 0 ? batchAppender.appendWithTrailing(appender, batch, contribution)
                    : batchAppender.append(appender, batch);
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
            boolean tagged = contributions.stream().anyMatch(c -> c != 0);
            if (tagged) {
                purgeLock.readLock().lock();
            }
            try {
                closeAppender();
                for (long c : contributions) {
                    checkAlive(c);
                }
                recordContributions();
                // The ledger learns of the rows before they are committed: a query starting in
                // between must already filter them (knowing too early costs a filter, too late a leak).
                for (int i = 0; i < tables.size(); i++) {
                    if (contributions.get(i) != 0) {
                        String[] t = tables.get(i);
                        ledger.add(t[0], t[1], io.skyshard.common.catalog.Visibility.transactionOf(contributions.get(i)));
                    }
                }
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
            } catch (RuntimeException e) {
                rollbackQuietly(conn);
                throw e;
            } finally {
                if (tagged) {
                    purgeLock.readLock().unlock();
                }
                closeQuietly(conn);
            }
        }

        /** Ledger rows go in with the data, in the same transaction: a crash keeps both or neither. */
        private void recordContributions() throws SQLException {
            if (contributions.stream().allMatch(c -> c == 0)) {
                return;
            }
            try (java.sql.PreparedStatement ps = conn.prepareStatement("INSERT INTO " + ledgerTable() + " VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < tables.size(); i++) {
                    if (contributions.get(i) != 0) {
                        ps.setString(1, tables.get(i)[0]);
                        ps.setString(2, tables.get(i)[1]);
                        ps.setLong(3, contributions.get(i));
                        ps.setLong(4, rows.get(i));
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
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
            List<String[]> affected = new ArrayList<>();
            try (Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT DISTINCT database, table_name FROM " + ledgerTable() + " WHERE " + ledgerCond)) {
                while (rs.next()) {
                    affected.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            long deleted = 0;
            beginTransaction(conn);
            try (Statement s = conn.createStatement()) {
                for (String[] t : affected) {
                    if (tableExists(t[0], t[1])) {
                        deleted += s.executeUpdate("DELETE FROM " + qualifiedName(t[0], t[1]) + " WHERE " + rowCond);
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
            // Recount what the purged tables still hold.
            try (java.sql.PreparedStatement ps = conn.prepareStatement("SELECT DISTINCT contribution_id >> 32 FROM "
                    + ledgerTable() + " WHERE database = ? AND table_name = ?")) {
                for (String[] t : affected) {
                    ps.setString(1, t[0]);
                    ps.setString(2, t[1]);
                    List<Long> txns = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            txns.add(rs.getLong(1));
                        }
                    }
                    ledger.set(t[0], t[1], txns.stream().mapToLong(Long::longValue).toArray());
                }
            }
            return deleted;
        } catch (SQLException e) {
            rollbackQuietly(conn);
            throw new SkyshardException(WorkerErrorCode.STORAGE_ERROR, "purge of dead contributions failed: " + e.getMessage(), e);
        } finally {
            closeQuietly(conn);
            purgeLock.writeLock().unlock();
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
                tagged.removeIf(k -> k.startsWith(key(database) + "\u0000"));
                ledger.dropDatabase(database);
            }
        } catch (SQLException e) {
            throw new SkyshardException(WorkerErrorCode.STORAGE_ERROR, "cannot drop database " + database + ": " + e.getMessage(), e);
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

    /**
     * Starts a transaction on the connection. DuckDB's JDBC driver only clears the auto-commit flag:
     * the transaction begins with the next statement, and an appender used before any statement
     * commits each of its flushes on its own, visible at once to every other connection. A first
     * statement makes everything after it, appenders included, part of one transaction.
     */
    static void beginTransaction(Connection conn) throws SQLException {
        conn.setAutoCommit(false);
        try (Statement s = conn.createStatement()) {
            s.execute("SELECT 1");
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
