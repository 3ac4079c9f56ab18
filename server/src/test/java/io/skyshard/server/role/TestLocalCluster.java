package io.skyshard.server.role;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyshard.ingest.load.LoadReport;
import io.skyshard.ingest.sample.SampleCatalog;
import io.skyshard.server.config.CzarSettings;
import io.skyshard.server.console.ProgressBar;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's wiring end to end: a cluster in this JVM, a sample load, a restart that reuses the data. */
class TestLocalCluster {
    private static final int OBJECTS = 400;

    @TempDir
    Path dir;

    private LocalCluster start() {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return LocalCluster.start(new LocalCluster.Layout(dir, 2, "127.0.0.1", 0, 0, CzarSettings.DEFAULT_USERS, 1, 256L << 20),
                new RoleLifecycle("test", quiet));
    }

    private static long count(LocalCluster cluster, String sql) throws Exception {
        String url = "jdbc:mariadb://127.0.0.1:" + cluster.mysqlPort() + "/demo?user=qsmaster&password=";
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    @Test
    void loadsTheSampleOnceAndReusesItAfterARestart() throws Exception {
        SampleCatalog catalog = new SampleCatalog(42, OBJECTS);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (LocalCluster cluster = start()) {
            assertThat(cluster.workers()).extracting(w -> w.id()).containsExactly("worker-1", "worker-2");
            assertThat(SampleData.isLoaded(cluster.registry().snapshot())).isFalse();
            LoadReport report = SampleData.load(cluster, catalog,
                    new ProgressBar(new PrintStream(progress, true, StandardCharsets.UTF_8), false));
            assertThat(report.rows()).containsEntry("Object", (long) OBJECTS);
            assertThat(SampleData.isLoaded(cluster.registry().snapshot())).isTrue();
            assertThat(count(cluster, "SELECT COUNT(*) FROM Object")).isEqualTo(OBJECTS);
        }
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("generate + partition").contains("100%");

        try (LocalCluster again = start()) {
            assertThat(SampleData.isLoaded(again.registry().snapshot())).isTrue();
            // Workers came back on new ephemeral ports: the czar must reach them through the re-registration.
            assertThat(count(again, "SELECT COUNT(*) FROM Object")).isEqualTo(OBJECTS);
            assertThat(count(again, "SELECT COUNT(*) FROM Object WHERE objectId = " + SampleCatalog.OBJECT_ID_BASE)).isEqualTo(1);
        }
    }
}
