package io.skyshard.czar.frontend.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.skyshard.czar.frontend.DuckDbQueryService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Drives the MySQL front end with the real {@code mariadb} command-line client. */
class TestMySqlServerWithCli {
    private static final Path CLI = Path.of("/usr/bin/mariadb");
    private static DuckDbQueryService service;
    private static MySqlServer server;

    record Run(int exitCode, String out, String err) {}

    @BeforeAll
    static void start() {
        assumeTrue(Files.isExecutable(CLI), "mariadb client not installed");
        service = new DuckDbQueryService();
        server = new MySqlServer("127.0.0.1", 0, service, new UserDirectory(Map.of("qsmaster", "", "alice", "s3cret")),
                new CatalogView(() -> List.of("dp1", "sdss"), db -> db.equals("dp1") ? List.of("Object", "Source") : List.of()))
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
            service.close();
        }
    }

    private static Run mariadb(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(CLI.toString(), "--no-defaults", "-h", "127.0.0.1",
                "-P", String.valueOf(server.port())));
        command.addAll(List.of(args));
        // output goes to files: a large result would fill a pipe nobody reads while we wait
        Path out = Files.createTempFile("mariadb-out", ".txt");
        Path err = Files.createTempFile("mariadb-err", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("mariadb did not finish within 30 s: " + command);
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void batchModePrintsTypedValuesAndNulls() throws Exception {
        Run r = mariadb("-u", "qsmaster", "-B", "-e",
                "SELECT CAST(1 AS BIGINT) AS b, CAST(0.1 AS FLOAT) AS f, 1e-32::DOUBLE AS d, 123.0::DOUBLE AS e, NULL AS n, 'héllo' AS s");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("b\tf\td\te\tn\ts\n1\t0.1\t1e-32\t123\tNULL\théllo\n");
        // the client's connect-time "SELECT @@version_comment LIMIT 1" was answered by the front end
        assertThat(service.received()).noneMatch(sql -> sql.contains("@@"));
    }

    @Test
    void manyRows() throws Exception {
        Run r = mariadb("-u", "qsmaster", "-B", "-N", "-e", "SELECT range FROM range(100000)");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(100_000);
        assertThat(lines[99_999]).isEqualTo("99999");
    }

    @Test
    void errorsAreShownWithCodeAndMessage() throws Exception {
        Run r = mariadb("-u", "qsmaster", "-e", "SELECT * FROM no_such_table");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("ERROR 1146 (42000)").contains("no_such_table");
    }

    @Test
    void wrongPasswordIsDenied() throws Exception {
        Run r = mariadb("-u", "alice", "-pwrong", "-e", "SELECT 1");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("ERROR 1045 (28000)").contains("Access denied for user 'alice'");
        Run ok = mariadb("-u", "alice", "-ps3cret", "-B", "-N", "-e", "SELECT 7");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).isEqualTo("7\n");
    }

    @Test
    void databaseBrowsing() throws Exception {
        Run r = mariadb("-u", "qsmaster", "-B", "-N", "-D", "dp1", "-e", "SHOW TABLES; SELECT DATABASE(); USE sdss; SELECT DATABASE(); SHOW DATABASES");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Object\nSource\ndp1\nsdss\ndp1\nsdss\n");
        Run bad = mariadb("-u", "qsmaster", "-D", "nosuch", "-e", "SELECT 1");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("ERROR 1049").contains("nosuch");
    }

    @Test
    void statusCommandAndPing() throws Exception {
        Run r = mariadb("-u", "qsmaster", "-e", "status");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("8.0.0-Skyshard").contains("qsmaster@%");
    }
}
