package io.skyshard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TestSkyshardCli {
    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = Skyshard.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Both benchmarks run end to end on a small catalog (exit status 0: loads checked, answers agreed). */
    @Test
    void benchmarksRunToTheEndOnASmallCatalog() {
        Run ingest = run("bench", "ingest", "--objects", "3000", "--data-dir", dir.resolve("ingest").toString());
        assertThat(ingest.exitCode()).as(ingest.err()).isZero();
        Run queries = run("bench", "--objects", "20000", "--duration", "1", "--data-dir", dir.resolve("queries").toString());
        assertThat(queries.exitCode()).as(queries.err()).isZero();
    }

    @Test
    void topLevelHelpListsEveryCommand() {
        Run r = run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("demo", "controller", "worker", "czar", "bench");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"demo", "controller", "worker", "czar", "bench"}) {
            Run r = run(command, "--help");
            assertThat(r.exitCode()).as(command).isZero();
            assertThat(r.out()).as(command).contains("Usage: skyshard " + command).contains("--help");
        }
        assertThat(run("worker", "--help").out()).contains("--config", "--controller", "--port");
        assertThat(run("demo", "--help").out()).contains("--objects", "--workers", "--seed", "--data-dir");
        assertThat(run("bench", "--help").out()).contains("--objects", "--duration");
    }

    @Test
    void versionNamesTheProject() {
        Run r = run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("skyshard ").doesNotContain("unknown");
    }

    @Test
    void unknownKeyInConfigFailsNamingKeyAndFile() throws IOException {
        Path f = dir.resolve("worker.properties");
        Files.writeString(f, "worker.id=w1\nworker.prot=25001\n");
        Run r = run("worker", "--config", f.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("'worker.prot'").contains(f.toString()).doesNotContain("\tat ");
    }

    @Test
    void badNumberInConfigFailsNamingKey() throws IOException {
        Path f = dir.resolve("czar.properties");
        Files.writeString(f, "czar.mysqlPort=four\n");
        Run r = run("czar", "--config", f.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("'czar.mysqlPort'").contains("'four'");
    }

    @Test
    void missingRequiredKeyAndMissingFileAreNamed() {
        Run noId = run("worker", "--port", "0");
        assertThat(noId.exitCode()).isEqualTo(1);
        assertThat(noId.err()).contains("'worker.id'");

        Path missing = dir.resolve("absent.properties");
        Run noFile = run("controller", "--config", missing.toString());
        assertThat(noFile.exitCode()).isEqualTo(1);
        assertThat(noFile.err()).contains(missing.toString());
    }

    @Test
    void busyPortIsNamed() throws IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Run r = run("controller", "--port", Integer.toString(port), "--data-dir", dir.resolve("c").toString());
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("port " + port).contains("controller gRPC");
        }
    }

    @Test
    void badOptionValueIsAUsageError() {
        Run r = run("controller", "--port", "eighty");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--port").contains("eighty");
    }
}
