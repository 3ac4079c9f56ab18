package io.skyshard.server.role;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps a started role running until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes its
 * parts in the given order: front ends first so no new work arrives, storage and metadata last.
 */
public final class RoleLifecycle {
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private record Part(String what, AutoCloseable closeable) {}

    private final String name;
    private final PrintStream log;
    private final Duration closeTimeout;
    private final List<Part> parts = new ArrayList<>();
    private boolean stopping;
    private boolean hookInstalled;

    public RoleLifecycle(String name, PrintStream log) {
        this(name, log, CLOSE_TIMEOUT);
    }

    RoleLifecycle(String name, PrintStream log, Duration closeTimeout) {
        this.name = requireNonNull(name, "name");
        this.log = requireNonNull(log, "log");
        this.closeTimeout = requireNonNull(closeTimeout, "closeTimeout");
    }

    /** Adds a part; parts are closed in reverse order of adding (last started, first stopped). */
    public synchronized void add(String what, AutoCloseable part) {
        parts.add(new Part(what, part));
    }

    /**
     * Closes every part, reporting (not throwing) failures so one broken part does not keep others
     * open. Each close gets a bounded time ({@link #CLOSE_TIMEOUT} by default): a part that hangs while stopping must not
     * keep the process alive after SIGTERM, nor keep the later parts from releasing their files.
     */
    public synchronized void closeAll() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            Part part = parts.get(i);
            long start = System.nanoTime();
            Thread closer = Thread.ofPlatform().daemon().name("skyshard-stop-" + i).start(() -> {
                try {
                    part.closeable().close();
                } catch (Exception e) {
                    log.println("skyshard " + name + ": error while stopping " + part.what() + ": " + e);
                }
            });
            try {
                closer.join(closeTimeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (closer.isAlive()) {
                log.println("skyshard " + name + ": " + part.what() +  " did not stop within " + closeTimeout.toMillis()
                        + " ms; continuing");
            } else if (System.nanoTime() - start > 2_000_000_000L) {
                log.printf("skyshard %s: stopping %s took %.1f s%n", name, part.what(), (System.nanoTime() - start) / 1e9);
            }
        }
        parts.clear();
    }

    /**
     * Blocks until the process is asked to stop, then closes every part and returns. SIGTERM and
     * SIGINT (Ctrl-C) are caught so that the stop is an orderly return from the command (exit
     * status 0, "stopped on request") rather than the JVM's 143/130; a shutdown hook still closes
     * everything when the JVM exits any other way.
     */
    public void awaitShutdown() {
        stopOnExit();
        CountDownLatch requested = new CountDownLatch(1);
        for (String signal : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> requested.countDown());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // The signal is reserved on this platform/JVM: the shutdown hook covers it.
            }
        }
        try {
            requested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop();
    }

    /**
     * Closes the parts when the JVM exits before {@link #awaitShutdown()} took over, e.g. Ctrl-C
     * while the demo is still loading: workers then close their DuckDB files properly.
     */
    public synchronized void stopOnExit() {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "skyshard-shutdown"));
            hookInstalled = true;
        }
    }

    private void stop() {
        synchronized (this) {
            // Nothing left to close (already stopped, e.g. the bench closed its cluster): stay quiet.
            if (stopping || parts.isEmpty()) {
                return;
            }
            stopping = true;
        }
        log.println("skyshard " + name + " stopping");
        closeAll();
        log.println("skyshard " + name + " stopped");
        log.flush();
    }
}
