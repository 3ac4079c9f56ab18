package io.skyshard.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyshard.common.catalog.Partitioning;
import io.skyshard.ingest.load.CatalogLoader;
import io.skyshard.ingest.load.WorkerConnections;
import io.skyshard.ingest.sample.SampleCatalog;
import io.skyshard.replication.registry.RemoteRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller, two workers and a czar, each its own process talking over loopback gRPC; data is
 * loaded from this JVM through the controller's registry and the workers' load service. Every
 * process is then stopped and started again on the same directories: the answers must not change.
 */
class TestRolesAsProcesses {
    @TempDir
    Path dir;

    @Test
    void czarAndTwoWorkersAsSeparateProcesses() throws Exception {
        String before;
        int controllerPort;
        try (RoleProcess controller = RoleProcess.start("controller", "--port", "0", "--data-dir", dir.resolve("c").toString())) {
            controllerPort = controller.awaitReady();
            String target = "127.0.0.1:" + controllerPort;
            try (RoleProcess w1 = worker("w1", target); RoleProcess w2 = worker("w2", target)) {
                w1.awaitReady();
                w2.awaitReady();
                try (RemoteRegistry registry = new RemoteRegistry(target); WorkerConnections connections = new WorkerConnections()) {
                    new CatalogLoader(registry, connections)
                            .loadSample(new SampleCatalog(7, 20_000, 5_000), new Partitioning(3, 7, 1.0 / 60), (p, d, t) -> { });
                    assertThat(registry.refresh().chunks("demo")).isNotEmpty();
                    assertThat(registry.snapshot().workers()).hasSize(2);
                }
                try (RoleProcess czar = czar(target)) {
                    before = queries(czar.awaitReady());
                }
            }
        }
        assertThat(before).startsWith("20000\t");

        // Restart every role on the same directories (new ephemeral ports: workers re-register).
        try (RoleProcess controller = RoleProcess.start("controller", "--port", "0", "--data-dir", dir.resolve("c").toString())) {
            String target = "127.0.0.1:" + controller.awaitReady();
            try (RoleProcess w1 = worker("w1", target); RoleProcess w2 = worker("w2", target)) {
                w1.awaitReady();
                w2.awaitReady();
                try (RoleProcess czar = czar(target)) {
                    assertThat(queries(czar.awaitReady())).isEqualTo(before);
                }
            }
        }
    }

    private RoleProcess worker(String id, String controller) throws Exception {
        return RoleProcess.start("worker", "--id", id, "--port", "0", "--threads", "1",
                "--data-dir", dir.resolve(id).toString(), "--controller", controller);
    }

    private RoleProcess czar(String controller) throws Exception {
        return RoleProcess.start("czar", "--port", "0", "--http-port", "0", "--data-dir", dir.resolve("czar").toString(),
                "--controller", controller);
    }

    private static String queries(int port) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/demo?user=qsmaster");
                Statement st = c.createStatement()) {
            for (String sql : new String[] {
                "SELECT COUNT(*), MIN(g_psfFlux), MAX(g_psfFlux) FROM Object",
                "SELECT COUNT(*) FROM Source",
                "SELECT objectId FROM Object WHERE qserv_areaspec_circle(53.1, -28.1, 0.5) ORDER BY objectId",
                "SELECT band, COUNT(*) FROM Source GROUP BY band ORDER BY band",
            }) {
                try (ResultSet rs = st.executeQuery(sql)) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            sb.append(rs.getString(i)).append('\t');
                        }
                        sb.append('\n');
                    }
                }
            }
        }
        return sb.toString();
    }
}
