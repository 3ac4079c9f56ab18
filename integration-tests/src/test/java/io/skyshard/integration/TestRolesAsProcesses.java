package io.skyshard.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyshard.server.Skyshard;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A controller, two workers and a czar, each its own process talking over loopback gRPC; a Qserv
 * test catalog is loaded into them with {@code skyshard ingest dataset} through the controller's REST
 * API, as an operator would. Every process is then stopped and started again on the same
 * directories: the answers must not change.
 */
class TestRolesAsProcesses {
    static final Pattern REST = Pattern.compile("REST API on http://[^:\\s]+:(\\d+)");

    @TempDir
    Path dir;

    @Test
    void czarAndTwoWorkersAsSeparateProcesses() throws Exception {
        String before;
        try (RoleProcess controller = controller(dir)) {
            String target = "127.0.0.1:" + controller.awaitReady();
            try (RoleProcess w1 = worker(dir, "w1", target); RoleProcess w2 = worker(dir, "w2", target)) {
                w1.awaitReady();
                w2.awaitReady();
                String url = "http://127.0.0.1:" + controller.find(REST);
                String out = cli("ingest", "--url", url, "dataset", QservCases.dataset("case01").toString());
                assertThat(out).contains("committed transaction", "published database qservTest_case01_qserv");
                try (RoleProcess czar = czar(dir, target)) {
                    before = queries(czar.awaitReady());
                }
            }
        }
        assertThat(before).startsWith("88\t");

        // Restart every role on the same directories (new ephemeral ports: workers re-register).
        try (RoleProcess controller = controller(dir)) {
            String target = "127.0.0.1:" + controller.awaitReady();
            try (RoleProcess w1 = worker(dir, "w1", target); RoleProcess w2 = worker(dir, "w2", target)) {
                w1.awaitReady();
                w2.awaitReady();
                try (RoleProcess czar = czar(dir, target)) {
                    assertThat(queries(czar.awaitReady())).isEqualTo(before);
                }
            }
        }
    }

    static RoleProcess controller(Path dir) throws Exception {
        return RoleProcess.start("controller", "--port", "0", "--http-port", "0", "--data-dir", dir.resolve("c").toString());
    }

    static RoleProcess worker(Path dir, String id, String controller) throws Exception {
        return RoleProcess.start("worker", "--id", id, "--port", "0", "--threads", "1",
                "--data-dir", dir.resolve(id).toString(), "--controller", controller);
    }

    static RoleProcess czar(Path dir, String controller) throws Exception {
        return RoleProcess.start("czar", "--port", "0", "--http-port", "0", "--data-dir", dir.resolve("czar").toString(),
                "--controller", controller);
    }

    /** Runs a skyshard command in this JVM; fails with its output when it does not succeed. */
    static String cli(String... args) {
        CommandLine cl = Skyshard.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        assertThat(code).as("skyshard %s\n%s\n%s", String.join(" ", args), out, err).isZero();
        return out.toString();
    }

    private static String queries(int port) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/qservTest_case01_qserv?user=qsmaster");
                Statement st = c.createStatement()) {
            for (String sql : new String[] {
                "SELECT COUNT(*), MIN(ra_PS), MAX(decl_PS) FROM Object",
                "SELECT COUNT(*) FROM Source",
                "SELECT objectId FROM Object WHERE qserv_areaspec_box(0, -7, 2, 4) ORDER BY objectId LIMIT 20",
                "SELECT filterId, COUNT(*) FROM Source GROUP BY filterId ORDER BY filterId",
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
