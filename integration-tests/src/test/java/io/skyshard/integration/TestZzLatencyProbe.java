package io.skyshard.integration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TestZzLatencyProbe {
    @Test
    void probe() throws Exception {
        LocalCluster c = SharedCluster.get();
        try (Connection conn = DriverManager.getConnection(c.jdbcUrl()); Statement st = conn.createStatement()) {
            Random r = new Random(1);
            for (String kind : new String[] {"cone", "lookup", "scan", "cone", "lookup"}) {
                int n = kind.equals("scan") ? 20 : 300;
                long[] t = new long[n];
                for (int i = 0; i < n; i++) {
                    String sql = switch (kind) {
                        case "cone" -> "SELECT objectId, coord_ra, coord_dec FROM Object WHERE qserv_areaspec_circle("
                                + r.nextDouble() * 360 + ", " + (Math.toDegrees(Math.asin(2 * r.nextDouble() - 1))) + ", 0.05)";
                        case "lookup" -> "SELECT * FROM Object WHERE objectId = " + DifferentialQueries.oid(r.nextInt(60000));
                        default -> "SELECT COUNT(*), AVG(r_psfFlux) FROM Object WHERE g_psfFlux > 100 AND refExtendedness < 0.5";
                    };
                    long s = System.nanoTime();
                    try (ResultSet rs = st.executeQuery(sql)) {
                        while (rs.next()) {
                        }
                    }
                    t[i] = System.nanoTime() - s;
                }
                Arrays.sort(t);
                System.out.printf("PROBE %s median %.2f ms p95 %.2f ms%n", kind, t[n / 2] / 1e6, t[n * 95 / 100] / 1e6);
            }
        }
    }
}
