package io.skyshard.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.duckdb.DuckDBConnection;

/** Runs the benchmark harness against two real DuckDB databases standing in for the two engines. */
class TestBenchRunner {
    private DuckDBConnection left;
    private DuckDBConnection right;

    @BeforeEach
    void open() throws SQLException {
        left = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        right = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        for (Connection c : List.of(left, right)) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t AS SELECT i AS id, i * 0.1 AS x FROM range(1000) r(i)");
            }
        }
        try (Statement st = right.createStatement()) {
            // Same sum up to rounding, one row more for ids above 990.
            st.execute("INSERT INTO t VALUES (995, 0.0)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        left.close();
        right.close();
    }

    @Test
    void agreeingAnswersInAnyOrderAreNoMismatch() {
        BenchRunner runner = new BenchRunner(left::duplicate, right::duplicate);
        WorkloadResult r = runner.sequential("agree", List.of(
                new BenchQuery("SELECT id FROM t WHERE id < 10 ORDER BY id", "SELECT id FROM t WHERE id < 10 ORDER BY id DESC"),
                BenchQuery.same("SELECT COUNT(*), SUM(x) FROM t WHERE id < 500")));
        assertThat(r.mismatches()).isZero();
        assertThat(r.rows()).isEqualTo(11);
        assertThat(r.cluster().count()).isEqualTo(2);
        assertThat(r.cluster().medianMs()).isPositive();
    }

    @Test
    void differentRowCountsAreReported() {
        BenchRunner runner = new BenchRunner(left::duplicate, right::duplicate);
        WorkloadResult r = runner.sequential("differ", List.of(BenchQuery.same("SELECT id FROM t WHERE id > 990")));
        assertThat(r.mismatches()).isEqualTo(1);
        assertThat(r.firstMismatch()).contains("9 rows").contains("10").contains("id > 990");
    }

    @Test
    void concurrentClientsMeasureThroughput() {
        BenchRunner runner = new BenchRunner(left::duplicate, right::duplicate);
        SplittableRandom random = new SplittableRandom(1);
        List<BenchQuery> cones = BenchCommand.cones(random, 3);
        assertThat(cones.get(0).clusterSql()).contains("qserv_areaspec_circle(");
        assertThat(cones.get(0).referenceSql()).contains("scisql_s2PtInCircle(coord_ra, coord_dec,").contains(") = 1");
        WorkloadResult r = runner.concurrent("tp", 3, Duration.ofMillis(300), i -> BenchQuery.same("SELECT COUNT(*) FROM t"));
        assertThat(r.cluster().queriesPerSecond()).isPositive();
        assertThat(r.reference().queriesPerSecond()).isPositive();
        assertThat(r.rows()).isEqualTo(r.cluster().count());
    }

    @Test
    void percentilesAreNearestRank() {
        double[] ms = new double[100];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = 100 - i;
        }
        LatencyStats s = LatencyStats.of(ms, Double.NaN);
        assertThat(s.medianMs()).isEqualTo(50);
        assertThat(s.p95Ms()).isEqualTo(95);
        assertThat(LatencyStats.of(new double[0], Double.NaN).count()).isZero();
    }
}
