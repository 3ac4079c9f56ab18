package io.skyshard.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metadata and chunk data survive stopping every role and starting them again on the same directories. */
class TestRestart {
    @TempDir
    Path dir;

    static String answer(LocalCluster c, String sql) throws Exception {
        try (Connection conn = DriverManager.getConnection(c.jdbcUrl());
                Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            StringBuilder sb = new StringBuilder();
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    sb.append(rs.getString(i)).append('\t');
                }
                sb.append('\n');
            }
            return sb.toString();
        }
    }

    @Test
    void clusterComesBackWithItsData() throws Exception {
        String count = "SELECT COUNT(*), MIN(psfFlux), MAX(midpointMjdTai) FROM Source";
        String cone = "SELECT objectId FROM Object WHERE qserv_areaspec_circle(150.1, 2.2, 0.3) ORDER BY objectId";
        String lookup = "SELECT objectId, coord_ra FROM Object WHERE objectId = " + DifferentialQueries.oid(4321);
        String before;
        try (LocalCluster c = new LocalCluster(dir, true)) {
            before = answer(c, count) + answer(c, cone) + answer(c, lookup);
        }
        try (LocalCluster c = new LocalCluster(dir, false)) {
            assertThat(answer(c, count) + answer(c, cone) + answer(c, lookup)).isEqualTo(before);
        }
        assertThat(before.lines().count()).isGreaterThan(10);
    }
}
