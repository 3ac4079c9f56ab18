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
            try (TableLoad load = backend.beginLoad("dp1", "Object_7", COLUMNS, false)) {
                load.append(new BatchBuilder(COLUMNS).addRow(1L, 20.5f).addRow(2L, null).build());
                assertThat(load.commit()).isEqualTo(2);
            }
            try (TableLoad aborted = backend.beginLoad("dp1", "Object_8", COLUMNS, false)) {
                aborted.append(new BatchBuilder(COLUMNS).addRow(3L, 1f).build());
            }
            assertThat(backend.tables("dp1")).containsExactly("Object_7");
        }
        assertThat(dataDir.resolve(DuckDbBackend.FILE_NAME)).exists();
        try (DuckDbBackend backend = DuckDbBackend.open(dataDir, 1, 0)) {
            assertThat(backend.tableExists("DP1", "object_7")).isTrue();
            assertThat(backend.tableExists("dp1", "Object_8")).isFalse();
            try (Connection c = backend.openConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*), count(mag), scisql_angSep(0, 0, 0, 1) FROM "
                         + backend.qualifiedName("dp1", "Object_7"))) {
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
    void transactionLoadsSeveralTablesAllOrNothing() throws Exception {
        try (DuckDbBackend backend = DuckDbBackend.open(dataDir, 1, 256L << 20)) {
            try (LoadTransaction tx = backend.beginTransaction()) {
                tx.startTable("dp1", "Object_1", COLUMNS, true);
                tx.append(new BatchBuilder(COLUMNS).addRow(1L, 1f).addRow(2L, 2f).build());
                tx.startTable("dp1", "Object_2", COLUMNS, true);
                tx.append(new BatchBuilder(COLUMNS).addRow(3L, 3f).build());
                assertThat(tx.tableRows()).containsExactly(2L, 1L);
                assertThat(tx.commit()).isEqualTo(3);
            }
            assertThat(backend.tables("dp1")).containsExactly("Object_1", "Object_2");
            try (LoadTransaction tx = backend.beginTransaction()) {
                tx.startTable("dp1", "Object_1", COLUMNS, true);
                tx.append(new BatchBuilder(COLUMNS).addRow(9L, 9f).build());
                tx.startTable("dp1", "Object_3", COLUMNS, true);
                tx.append(new BatchBuilder(COLUMNS).addRow(9L, 9f).build());
                // closed without commit: a stream that broke midway
            }
            assertThat(backend.tables("dp1")).containsExactly("Object_1", "Object_2");
            assertThat(count(backend, "Object_1")).isEqualTo(2);
            assertThat(count(backend, "Object_2")).isEqualTo(1);
        }
    }

    @Test
    void deepStatementFailsInsteadOfCrashingOnASmallStack() throws Exception {
        try (DuckDbBackend backend = DuckDbBackend.open(dataDir, 1, 256L << 20)) {
            try (TableLoad load = backend.beginLoad("dp1", "Object_1", COLUMNS, true)) {
                load.append(new BatchBuilder(COLUMNS).addRow(1L, 1f).build());
                load.commit();
            }
            StringBuilder union = new StringBuilder();
            for (int i = 0; i < 600; i++) {
                union.append(i == 0 ? "" : " UNION ALL ").append("SELECT id FROM dp1.\"Object_1\"");
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
    void connectionsHandedOutFailCleanlyAfterClose() throws Exception {
        DuckDbBackend backend = DuckDbBackend.open(dataDir, 1, 256L << 20);
        Connection c = backend.openConnection();
        Statement s = c.createStatement();
        backend.close();
        assertThatThrownBy(() -> s.executeQuery("SELECT 1")).isInstanceOf(SQLException.class);
        assertThatThrownBy(backend::openConnection).isInstanceOf(SQLException.class).hasMessageContaining("closed");
        c.close();
    }

    private static long count(DuckDbBackend backend, String table) throws Exception {
        try (Connection c = backend.openConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + backend.qualifiedName("dp1", table))) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
