package io.skyshard.integration;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Skyshard role started as its own operating-system process from the distribution jar, as an
 * operator would start it. Waits for the role's "ready on HOST:PORT" line and keeps its output for
 * failure messages.
 */
final class RoleProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("ready on [^:\\s]+:(\\d+)");

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private RoleProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (output) {
                        output.add(line);
                    }
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
            port.completeExceptionally(new IllegalStateException("role exited before it was ready:\n" + output()));
        }, "role-output");
        reader.setDaemon(true);
        reader.start();
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("skyshard.jar", "../server/target/skyshard.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("distribution jar " + jar.toAbsolutePath()
                    + " is missing: build the server module first (./mvnw -B verify builds it before this module)");
        }
        return jar;
    }

    static RoleProcess start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.add("-jar");
        cmd.add(jar().toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        return new RoleProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    int awaitReady() throws Exception {
        return port.get(120, TimeUnit.SECONDS);
    }

    /** The first group of the first output line matching {@code pattern}, waiting until the role is ready. */
    String find(Pattern pattern) throws Exception {
        awaitReady();
        synchronized (output) {
            for (String line : output) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        throw new IllegalStateException("no line matches " + pattern + " in:\n" + output());
    }

    /** The operating-system process id. */
    long pid() {
        return process.pid();
    }

    /** SIGKILL: the process dies at once, as in a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** SIGTERM, as an operator stopping the role would send. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
