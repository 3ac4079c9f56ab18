package io.skyshard.replication.registry;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ChunkRef;
import io.skyshard.common.catalog.ClusterSnapshot;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.Registry;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.common.catalog.WorkerInfo;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.common.util.IntList;
import io.skyshard.common.util.LongList;
import io.skyshard.replication.ReplicationErrorCode;
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
 * The controller's persistent metadata: databases, tables, workers, chunk placement and director
 * indexes, kept in an embedded DuckDB file. Every mutation is one DuckDB transaction and bumps the
 * version, so a crash leaves either the old or the new state and readers see whole snapshots.
 *
 * <p>Reads never touch the database: the current {@link ClusterSnapshot} and the director indexes
 * are held in memory (rebuilt from the file at open).
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
        "CREATE TABLE IF NOT EXISTS meta_director_index (database VARCHAR NOT NULL, table_name VARCHAR NOT NULL,"
                + " key BIGINT NOT NULL, chunk_id INTEGER NOT NULL, sub_chunk_id INTEGER NOT NULL)",
    };

    private final Connection conn;
    private final Map<String, DirectorIndexTable> directorIndexes = new ConcurrentHashMap<>();
    private volatile ClusterSnapshot snapshot;

    private MetadataStore(Connection conn) {
        this.conn = conn;
        try (Statement st = conn.createStatement()) {
            for (String ddl : SCHEMA) {
                st.execute(ddl);
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM meta_version")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    st.execute("INSERT INTO meta_version VALUES (0)");
                }
            }
            this.snapshot = readSnapshot();
            loadDirectorIndexes();
        } catch (SQLException e) {
            throw storeFailure("open", e);
        }
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

    @Override
    public ClusterSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public synchronized void createDatabase(DatabaseDef database) {
        requireNonNull(database, "database");
        if (snapshot.database(database.name()).isPresent()) {
            throw new SkyshardException(ReplicationErrorCode.DATABASE_EXISTS, "database '" + database.name() + "' already exists");
        }
        mutate(() -> update("INSERT INTO meta_database VALUES (?, ?)", database.name(), SnapshotJson.write(database)));
    }

    @Override
    public synchronized void createTable(TableDef table) {
        requireNonNull(table, "table");
        if (snapshot.database(table.database()).isEmpty()) {
            throw new SkyshardException(ReplicationErrorCode.UNKNOWN_DATABASE,
                    "cannot create table '" + table.name() + "': unknown database '" + table.database() + "'");
        }
        if (snapshot.table(table.database(), table.name()).isPresent()) {
            throw new SkyshardException(ReplicationErrorCode.TABLE_EXISTS,
                    "table '" + table.database() + "." + table.name() + "' already exists");
        }
        validate(table);
        mutate(() -> update("INSERT INTO meta_table VALUES (?, ?, ?)", table.database(), table.name(), SnapshotJson.write(table)));
    }

    private void validate(TableDef t) {
        String where = "table '" + t.database() + "." + t.name() + "'";
        if (t.columns().isEmpty()) {
            throw new SkyshardException(ReplicationErrorCode.INVALID_REQUEST, where + " has no columns");
        }
        switch (t.kind()) {
            case DIRECTOR -> {
                requireColumn(t, t.directorKey(), "director key", where);
                requireColumn(t, t.raColumn(), "longitude column", where);
                requireColumn(t, t.decColumn(), "latitude column", where);
            }
            case CHILD -> {
                requireColumn(t, t.directorKey(), "director key", where);
                if (t.directorTable() == null || snapshot.table(t.database(), t.directorTable())
                        .filter(d -> d.kind() == TableKind.DIRECTOR).isEmpty()) {
                    throw new SkyshardException(ReplicationErrorCode.INVALID_REQUEST,
                            where + ": director table '" + t.directorTable() + "' is not a director table of the database");
                }
            }
            case MATCH -> {
                requireColumn(t, t.directorKey(), "first director key", where);
                requireColumn(t, t.directorKey2(), "second director key", where);
                for (String director : new String[] {t.directorTable(), t.directorTable2()}) {
                    if (director == null || snapshot.table(t.database(), director)
                            .filter(d -> d.kind() == TableKind.DIRECTOR).isEmpty()) {
                        throw new SkyshardException(ReplicationErrorCode.INVALID_REQUEST,
                                where + ": director table '" + director + "' is not a director table of the database");
                    }
                }
            }
            default -> {
            }
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
        if (snapshot.worker(worker.id()).filter(worker::equals).isPresent()) {
            return;
        }
        mutate(() -> {
            update("DELETE FROM meta_worker WHERE id = ?", worker.id());
            update("INSERT INTO meta_worker VALUES (?, ?)", worker.id(), SnapshotJson.write(worker));
        });
    }

    @Override
    public synchronized void setPlacement(String database, Map<Integer, List<String>> chunkReplicas) {
        if (snapshot.database(database).isEmpty()) {
            throw new SkyshardException(ReplicationErrorCode.UNKNOWN_DATABASE, "unknown database '" + database + "'");
        }
        for (List<String> replicas : chunkReplicas.values()) {
            for (String w : replicas) {
                if (snapshot.worker(w).isEmpty()) {
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
        TableDef table = snapshot.table(database, directorTable).orElseThrow(() -> new SkyshardException(
                ReplicationErrorCode.UNKNOWN_TABLE, "unknown table '" + database + "." + directorTable + "'"));
        String indexKey = indexKey(database, table.name());
        DirectorIndexTable merged;
        try {
            merged = directorIndexes.getOrDefault(indexKey, DirectorIndexTable.EMPTY).plus(keys, chunkIds, subChunkIds);
        } catch (IllegalArgumentException e) {
            throw new SkyshardException(ReplicationErrorCode.DUPLICATE_DIRECTOR_KEY,
                    "table '" + database + "." + table.name() + "': " + e.getMessage());
        }
        mutate(() -> {
            try (DuckDBAppender app = conn.unwrap(DuckDBConnection.class).createAppender("main", "meta_director_index")) {
                for (int i = 0; i < keys.length; i++) {
                    app.beginRow().append(database).append(table.name()).append(keys[i]).append(chunkIds[i])
                            .append(subChunkIds[i]).endRow();
                }
            }
        });
        directorIndexes.put(indexKey, merged);
    }

    @Override
    public synchronized void dropDatabase(String database) {
        if (snapshot.database(database).isEmpty()) {
            throw new SkyshardException(ReplicationErrorCode.UNKNOWN_DATABASE, "unknown database '" + database + "'");
        }
        mutate(() -> {
            for (String t : List.of("meta_database WHERE name", "meta_table WHERE database", "meta_placement WHERE database",
                    "meta_director_index WHERE database")) {
                update("DELETE FROM " + t + " = ?", database);
            }
        });
        directorIndexes.keySet().removeIf(k -> k.startsWith(database + "\u0000"));
    }

    @Override
    public Map<Long, ChunkRef> lookup(String database, String directorTable, Collection<Long> keys) {
        String name = snapshot.table(database, directorTable).map(TableDef::name).orElse(directorTable);
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
            conn.setAutoCommit(false);
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
            snapshot = readSnapshot();
        } catch (SQLException e) {
            throw storeFailure("update", e);
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
            return new ClusterSnapshot(version, dbs, tables, workers, frozen);
        }
    }

    private void loadDirectorIndexes() throws SQLException {
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT database, table_name, key, chunk_id, sub_chunk_id FROM meta_director_index")) {
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
