package io.skyshard.worker.storage;

import io.skyshard.rpc.ColumnKind;
import io.skyshard.rpc.ColumnSpec;
import io.skyshard.rpc.convert.BatchBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

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
}
