package io.skyshard.worker.storage;

import io.skyshard.rpc.ColumnKind;
import io.skyshard.rpc.ColumnSpec;
import io.skyshard.rpc.convert.BatchBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestDuckDbBackend {
    private static final List<ColumnSpec> COLUMNS = List.of(
            ColumnSpec.newBuilder().setName("id").setKind(ColumnKind.BIGINT).build(),
            ColumnSpec.newBuilder().setName("mag").setKind(ColumnKind.FLOAT).build());

    @TempDir
    Path dataDir;

    @Test
    void tablesAndMacrosSurviveReopen() throws Exception {
        try (DuckDbBackend backend = DuckDbBackend.open(dataDir, 1, 256L << 20)) {
            try (TableLoad load = backend.beginLoad("dp1", "Object", 7, COLUMNS, false)) {
                load.append(new BatchBuilder(COLUMNS).addRow(1L, 20.5f).addRow(2L, null).build());
                assertThat(load.commit()).isEqualTo(2);
            }
            try (TableLoad aborted = backend.beginLoad("dp1", "Object", 8, COLUMNS, false)) {
                aborted.append(new BatchBuilder(COLUMNS).addRow(3L, 1f).build());
            }
            assertThat(backend.tables("dp1")).containsExactly("Object_7");
        }
        assertThat(dataDir.resolve(DuckDbBackend.FILE_NAME)).exists();
        try (DuckDbBackend backend = DuckDbBackend.open(dataDir, 1, 0)) {
            assertThat(backend.chunkExists("DP1", "object", 7)).isTrue();
            assertThat(backend.chunkExists("dp1", "Object", 8)).isFalse();
            try (Connection c = backend.openConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*), count(mag), scisql_angSep(0, 0, 0, 1) FROM "
                         + backend.chunkSource("dp1", "Object", new int[] {7}))) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(2);
                assertThat(rs.getLong(2)).isEqualTo(1);
                assertThat(rs.getDouble(3)).isEqualTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
            }
            backend.dropDatabase("dp1");
            assertThat(backend.tables("dp1")).isEmpty();
        }
    }

    @Test
    void queryConnectionsAreReusedCleanAndClosedAfterAFailure() throws Exception {
        try (DuckDbBackend backend = DuckDbBackend.open(dataDir, 1, 256L << 20)) {
            java.sql.Connection first = backend.borrowQueryConnection();
            first.setAutoCommit(false);
            try (java.sql.Statement st = first.createStatement()) {
                st.execute("SELECT 1");
            }
            backend.releaseQueryConnection(first, true);
            // The next query gets the same connection back, its pinned snapshot ended.
            java.sql.Connection again = backend.borrowQueryConnection();
            assertThat(again).isSameAs(first);
            assertThat(again.getAutoCommit()).isTrue();
            java.sql.Connection other = backend.borrowQueryConnection();
            assertThat(other).isNotSameAs(first);
            // A connection whose statement failed or was cancelled is not handed out again.
            backend.releaseQueryConnection(again, false);
            assertThat(again.isClosed()).isTrue();
            backend.releaseQueryConnection(other, true);
            assertThat(backend.borrowQueryConnection()).isSameAs(other);
        }
    }

    @Test
    void dropTableRemovesAReplicatedTableOnly() throws Exception {
        try (DuckDbBackend backend = DuckDbBackend.open(dataDir, 1, 256L << 20)) {
            try (TableLoad load = backend.beginLoad("dp1", "tap_upload_1", -1, COLUMNS, true)) {
                load.append(new BatchBuilder(COLUMNS).addRow(1L, 1f).build());
                load.commit();
            }
            try (TableLoad load = backend.beginLoad("dp1", "Object", 3, COLUMNS, true)) {
                load.append(new BatchBuilder(COLUMNS).addRow(1L, 1f).build());
                load.commit();
            }
            assertThat(backend.tableExists("dp1", "TAP_UPLOAD_1")).isTrue();
            assertThat(backend.dropTable("dp1", "tap_upload_1")).isTrue();
            assertThat(backend.tableExists("dp1", "tap_upload_1")).isFalse();
            assertThat(backend.dropTable("dp1", "tap_upload_1")).isFalse();
            assertThat(backend.tables("dp1")).containsExactly("Object_3");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> backend.dropTable("dp1", "Object"))
                    .hasMessageContaining("chunk store");
        }
    }

    @Test
    void transactionLoadsSeveralTablesAllOrNothing() throws Exception {
        try (DuckDbBackend backend = DuckDbBackend.open(dataDir, 1, 256L << 20)) {
            try (LoadTransaction tx = backend.beginTransaction()) {
                tx.startTable("dp1", "Object", 1, COLUMNS, true);
                tx.append(new BatchBuilder(COLUMNS).addRow(1L, 1f).addRow(2L, 2f).build());
                tx.startTable("dp1", "Object", 2, COLUMNS, true);
                tx.append(new BatchBuilder(COLUMNS).addRow(3L, 3f).build());
                assertThat(tx.tableRows()).containsExactly(2L, 1L);
                assertThat(tx.commit()).isEqualTo(3);
            }
            assertThat(backend.tables("dp1")).containsExactly("Object_1", "Object_2");
            try (LoadTransaction tx = backend.beginTransaction()) {
                tx.startTable("dp1", "Object", 1, COLUMNS, true);
                tx.append(new BatchBuilder(COLUMNS).addRow(9L, 9f).build());
                tx.startTable("dp1", "Object", 3, COLUMNS, true);
                tx.append(new BatchBuilder(COLUMNS).addRow(9L, 9f).build());
                // closed without commit: a stream that broke midway
            }
            assertThat(backend.tables("dp1")).containsExactly("Object_1", "Object_2");
            assertThat(count(backend, 1)).isEqualTo(2);
            assertThat(count(backend, 2)).isEqualTo(1);
        }
    }

    @Test
    void deepStatementFailsInsteadOfCrashingOnASmallStack() throws Exception {
        try (DuckDbBackend backend = DuckDbBackend.open(dataDir, 1, 256L << 20)) {
            try (TableLoad load = backend.beginLoad("dp1", "Object", 1, COLUMNS, true)) {
                load.append(new BatchBuilder(COLUMNS).addRow(1L, 1f).build());
                load.commit();
            }
            StringBuilder union = new StringBuilder();
            for (int i = 0; i < 600; i++) {
                union.append(i == 0 ? "" : " UNION ALL ").append("SELECT id FROM dp1.\"Object\"");
            }
            // 600 unions used to overflow a default (1 MB) thread stack in DuckDB's binder: SIGSEGV, JVM gone.
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = new Thread(null, () -> {
                try (Connection c = backend.openConnection(); Statement s = c.createStatement()) {
                    s.executeQuery("SELECT count(*) FROM (" + union + ")").close();
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "small-stack", 1L << 20);
            t.start();
            t.join();
            assertThat(failure.get()).isInstanceOf(SQLException.class).hasMessageContaining("max_expression_depth");
        }
    }

    @Test
    void chunksShareOneStoreAndAreReadOneByOneOrTogether() throws Exception {
        try (DuckDbBackend backend = DuckDbBackend.open(dataDir, 1, 256L << 20)) {
            try (LoadTransaction tx = backend.beginTransaction()) {
                for (int chunk = 1; chunk <= 6; chunk++) {
                    tx.startTable("dp1", "Object", chunk, COLUMNS, false);
                    tx.append(new BatchBuilder(COLUMNS).addRow((long) chunk, 1f).addRow(chunk * 100L, 2f).build());
                }
                tx.startTable("dp1", "Filter", -1, COLUMNS, false);
                tx.append(new BatchBuilder(COLUMNS).addRow(1L, 1f).build());
                tx.commit();
            }
            assertThat(backend.tables("dp1")).containsExactly("Filter", "Object_1", "Object_2", "Object_3", "Object_4",
                    "Object_5", "Object_6");
            assertThat(count(backend, 3)).isEqualTo(2);
            assertThat(backend.holdsOnly("dp1", "Object", java.util.Set.of(1, 2, 3, 4, 5, 6, 99))).isTrue();
            assertThat(backend.holdsOnly("dp1", "Object", java.util.Set.of(1, 2, 3, 4, 5))).isFalse();
            assertThat(backend.holdsOnly("dp1", "Filter", java.util.Set.of(1))).isFalse();
            assertThat(count(backend, 1, 2, 3, 5)).isEqualTo(8);
            assertThat(count(backend)).isZero();
            assertThat(count(backend, 7)).isZero();
            // The declared columns only: the chunk column stays hidden.
            try (Connection c = backend.openConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT * FROM " + backend.chunkSource("dp1", "Object", null))) {
                assertThat(rs.getMetaData().getColumnCount()).isEqualTo(2);
            }
            // Replacing one chunk leaves the others; replacing it by nothing removes it.
            try (TableLoad load = backend.beginLoad("dp1", "Object", 2, COLUMNS, true)) {
                load.append(new BatchBuilder(COLUMNS).addRow(7L, 7f).build());
                load.commit();
            }
            try (TableLoad load = backend.beginLoad("dp1", "Object", 4, COLUMNS, true)) {
                load.commit();
            }
            assertThat(count(backend, 2)).isEqualTo(1);
            assertThat(count(backend, 1, 2, 3, 4, 5, 6)).isEqualTo(9);
            assertThat(backend.chunkExists("dp1", "Object", 4)).isFalse();
            assertThatThrownBy(() -> backend.beginLoad("dp1", "Filter", 3, COLUMNS, false))
                    .hasMessageContaining("replicated table");
        }
        try (DuckDbBackend backend = DuckDbBackend.open(dataDir, 1, 0)) {
            assertThat(backend.tables("dp1")).containsExactly("Filter", "Object_1", "Object_2", "Object_3", "Object_5",
                    "Object_6");
            assertThat(backend.tableExists("dp1", "object")).isTrue();
            assertThat(count(backend, 1, 2, 3, 4, 5, 6)).isEqualTo(9);
        }
    }

    @Test
    void chunkFilterUsesRangesForRuns() {
        assertThat(DuckDbBackend.chunkFilter(new int[] {5})).isEqualTo("\"skyshard_chunk\" = 5");
        assertThat(DuckDbBackend.chunkFilter(new int[] {})).isEqualTo("false");
        assertThat(DuckDbBackend.chunkFilter(new int[] {9, 1, 2, 3, 4, 7, 9}))
                .isEqualTo("(\"skyshard_chunk\" BETWEEN 1 AND 4 OR \"skyshard_chunk\" IN (7, 9))");
    }

    @Test
    void connectionsHandedOutFailCleanlyAfterClose() throws Exception {
        DuckDbBackend backend = DuckDbBackend.open(dataDir, 1, 256L << 20);
        Connection c = backend.openConnection();
        Statement s = c.createStatement();
        backend.close();
        assertThatThrownBy(() -> s.executeQuery("SELECT 1")).isInstanceOf(SQLException.class);
        assertThatThrownBy(backend::openConnection).isInstanceOf(SQLException.class).hasMessageContaining("closed");
        c.close();
    }

    private static long count(DuckDbBackend backend, int... chunks) throws Exception {
        try (Connection c = backend.openConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + backend.chunkSource("dp1", "Object", chunks))) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
