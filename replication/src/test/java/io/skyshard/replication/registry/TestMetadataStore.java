package io.skyshard.replication.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.catalog.ChunkRef;
import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.Partitioning;
import io.skyshard.common.catalog.Registry;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.common.catalog.WorkerInfo;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.replication.ControllerConfig;
import io.skyshard.replication.ControllerServer;
import io.skyshard.replication.ReplicationErrorCode;
import io.skyshard.replication.transaction.ContributionStats;
import io.skyshard.replication.transaction.DirectorEntries;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestMetadataStore {
    @TempDir
    Path dir;

    static TableDef object() {
        return new TableDef("dp1", "Object", TableKind.DIRECTOR,
                List.of(ColumnDef.notNull("objectId", ColumnType.BIGINT), ColumnDef.of("ra", ColumnType.DOUBLE),
                        ColumnDef.of("dec", ColumnType.DOUBLE), ColumnDef.of("flux", ColumnType.FLOAT)),
                "objectId", "ra", "dec", null);
    }

    static void populate(Registry r) {
        r.createDatabase(new DatabaseDef("dp1", new Partitioning(4, 8, 0.01)));
        r.createTable(object());
        r.createTable(new TableDef("dp1", "Source", TableKind.CHILD,
                List.of(ColumnDef.notNull("sourceId", ColumnType.BIGINT), ColumnDef.notNull("objectId", ColumnType.BIGINT)),
                "objectId", null, null, "Object"));
        r.registerWorker(new WorkerInfo("w1", "127.0.0.1", 25001));
        r.registerWorker(new WorkerInfo("w2", "127.0.0.1", 25002));
        r.setPlacement("dp1", Map.of(7, List.of("w1"), 9, List.of("w2", "w1")));
        r.addDirectorIndex("dp1", "Object", new long[] {30, 10, 20}, new int[] {7, 7, 9}, new int[] {1, 2, 3});
    }

    @Test
    void survivesReopen() {
        try (MetadataStore s = MetadataStore.open(dir)) {
            populate(s);
        }
        try (MetadataStore s = MetadataStore.open(dir)) {
            var snap = s.snapshot();
            assertThat(snap.database("dp1")).contains(new DatabaseDef("dp1", new Partitioning(4, 8, 0.01)));
            assertThat(snap.table("dp1", "object")).contains(object());
            assertThat(snap.workers()).extracting(WorkerInfo::id).containsExactly("w1", "w2");
            assertThat(snap.chunks("dp1")).containsEntry(7, List.of("w1")).containsEntry(9, List.of("w1", "w2"));
            assertThat(s.lookup("dp1", "Object", List.of(10L, 20L, 99L)))
                    .containsOnly(Map.entry(10L, new ChunkRef(7, 2)), Map.entry(20L, new ChunkRef(9, 3)));
            assertThat(snap.version()).isGreaterThanOrEqualTo(7);
        }
    }

    /**
     * A store written before director index rows named their table by number: reopened, its
     * committed index and the pending entries of an open transaction are all found again.
     */
    @Test
    void directorIndexOfAnOlderStoreIsMigrated() throws Exception {
        long txn;
        try (MetadataStore s = MetadataStore.open(dir)) {
            populate(s);
            txn = s.beginTransaction("dp1", "open at the upgrade").id();
            long c = s.beginContribution(txn, "Object", "k1", "file").id();
            s.finishContribution(c, ContributionStats.NONE, List.of(7),
                    new DirectorEntries("Object", new long[] {40, 50}, new int[] {7, 7}, new int[] {4, 5}));
        }
        // Rewrite the director tables as the earlier version laid them out.
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("metadata.duckdb"));
                Statement st = conn.createStatement()) {
            st.execute("CREATE TABLE meta_director_index AS SELECT t.database, t.table_name, k.key, k.chunk_id, k.sub_chunk_id"
                    + " FROM meta_director_key k JOIN meta_director_table t ON k.table_id = t.id");
            st.execute("CREATE TABLE meta_director_pending AS SELECT p.contribution_id, t.database, t.table_name, p.key,"
                    + " p.chunk_id, p.sub_chunk_id FROM meta_director_pending_key p JOIN meta_director_table t ON p.table_id = t.id");
            st.execute("DROP TABLE meta_director_key");
            st.execute("DROP TABLE meta_director_pending_key");
            st.execute("DROP TABLE meta_director_table");
        }
        for (int reopen = 0; reopen < 2; reopen++) {
            try (MetadataStore s = MetadataStore.open(dir)) {
                assertThat(s.lookup("dp1", "Object", List.of(10L, 20L, 30L, 40L)))
                        .containsOnly(Map.entry(10L, new ChunkRef(7, 2)), Map.entry(20L, new ChunkRef(9, 3)),
                                Map.entry(30L, new ChunkRef(7, 1)));
                long[] keys = {40, 50, 30, 99};
                int[] chunks = new int[4];
                int[] subs = new int[4];
                assertThat(s.resolveDirectorKeys("dp1", "Object", txn, keys, chunks, subs)).isEqualTo(1);
                assertThat(chunks).containsExactly(7, 7, 7, -1);
                assertThat(subs).containsExactly(4, 5, 1, subs[3]);
            }
        }
        try (MetadataStore s = MetadataStore.open(dir)) {
            s.commitTransaction(txn);
            assertThat(s.lookup("dp1", "Object", List.of(40L, 50L))).containsOnly(Map.entry(40L, new ChunkRef(7, 4)),
                    Map.entry(50L, new ChunkRef(7, 5)));
            s.dropDatabase("dp1");
            assertThat(s.lookup("dp1", "Object", List.of(10L, 40L))).isEmpty();
        }
    }

    @Test
    void duplicateDirectorKeysAreNamedAndNothingIsAdded() {
        try (MetadataStore s = MetadataStore.inMemory()) {
            populate(s);
            long version = s.snapshot().version();
            assertThatThrownBy(() -> s.addDirectorIndex("dp1", "Object", new long[] {40, 20, 41, 41}, new int[4], new int[4]))
                    .isInstanceOfSatisfying(SkyshardException.class,
                            e -> assertThat(e.code()).isEqualTo(ReplicationErrorCode.DUPLICATE_DIRECTOR_KEY))
                    .hasMessageContaining("20").hasMessageContaining("41");
            assertThat(s.lookup("dp1", "Object", List.of(40L))).isEmpty();
            assertThat(s.snapshot().version()).isEqualTo(version);
        }
    }

    @Test
    void rejectsInvalidDefinitions() {
        try (MetadataStore s = MetadataStore.inMemory()) {
            populate(s);
            assertThatThrownBy(() -> s.createDatabase(new DatabaseDef("dp1", Partitioning.DEFAULT)))
                    .hasMessageContaining("already exists");
            assertThatThrownBy(() -> s.createTable(new TableDef("dp1", "Bad", TableKind.DIRECTOR,
                    List.of(ColumnDef.of("x", ColumnType.DOUBLE)), "id", "x", "x", null)))
                    .hasMessageContaining("director key 'id'");
            assertThatThrownBy(() -> s.setPlacement("dp1", Map.of(1, List.of("nope"))))
                    .hasMessageContaining("unknown worker 'nope'");
            assertThatThrownBy(() -> s.createTable(new TableDef("nodb", "T", TableKind.REPLICATED,
                    List.of(ColumnDef.of("x", ColumnType.DOUBLE)), null, null, null, null)))
                    .hasMessageContaining("unknown database 'nodb'");
        }
    }

    @Test
    void matchTablesSurviveReopenAndNeedTheirTwoDirectors() {
        TableDef match = TableDef.match("dp1", "ObjMatch", List.of(ColumnDef.of("objectId1", ColumnType.BIGINT),
                ColumnDef.of("objectId2", ColumnType.BIGINT), ColumnDef.of("dist", ColumnType.DOUBLE)),
                "Object", "objectId1", "Object", "objectId2", "flags");
        try (MetadataStore s = MetadataStore.open(dir)) {
            populate(s);
            s.createTable(match);
            assertThatThrownBy(() -> s.createTable(TableDef.match("dp1", "Bad", match.columns(), "Source", "objectId1",
                    "Object", "objectId2", null))).hasMessageContaining("director table 'Source'");
            assertThatThrownBy(() -> s.createTable(TableDef.match("dp1", "Bad", match.columns(), "Object", "objectId1",
                    "Object", "nope", null))).hasMessageContaining("second director key 'nope'");
        }
        try (MetadataStore s = MetadataStore.open(dir)) {
            TableDef back = s.snapshot().table("dp1", "ObjMatch").orElseThrow();
            assertThat(back).isEqualTo(match);
            assertThat(back.storedColumns()).extracting(ColumnDef::name)
                    .containsExactly("objectId1", "objectId2", "dist", "flags", "chunkId", "subChunkId");
        }
    }

    @Test
    void remoteRegistryOverGrpc() {
        try (ControllerServer controller = new ControllerServer(new ControllerConfig("127.0.0.1", 0, dir)).start();
                RemoteRegistry remote = new RemoteRegistry("127.0.0.1:" + controller.port())) {
            populate(remote);
            var snap = remote.snapshot();
            assertThat(snap).isEqualTo(controller.registry().snapshot());
            assertThat(remote.lookup("dp1", "Object", List.of(30L))).containsEntry(30L, new ChunkRef(7, 1));
            assertThatThrownBy(() -> remote.addDirectorIndex("dp1", "Object", new long[] {30}, new int[1], new int[1]))
                    .isInstanceOfSatisfying(SkyshardException.class,
                            e -> assertThat(e.code()).isEqualTo(ReplicationErrorCode.DUPLICATE_DIRECTOR_KEY));
            assertThatThrownBy(() -> remote.createTable(object())).hasMessageContaining("already exists");
        }
    }
}
