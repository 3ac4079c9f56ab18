package io.skyshard.server.role;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps a started role running until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes its
 * parts in the given order: front ends first so no new work arrives, storage and metadata last.
 */
public final class RoleLifecycle {
    private final String name;
    private final PrintStream log;
    private final List<AutoCloseable> parts = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    public RoleLifecycle(String name, PrintStream log) {
        this.name = name;
        this.log = log;
    }

    /** Adds a part; parts are closed in reverse order of adding (last started, first stopped). */
    public synchronized void add(AutoCloseable part) {
        parts.add(part);
    }

    /** Closes every part, reporting (not throwing) failures so one broken part does not keep others open. */
    public synchronized void closeAll() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                log.println("skyshard " + name + ": error while stopping: " + e);
            }
        }
        parts.clear();
        stopped.countDown();
    }

    /** Installs the shutdown hook and blocks until the process is stopped. */
    public void awaitShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.println("skyshard " + name + " stopping");
            closeAll();
            log.println("skyshard " + name + " stopped");
            log.flush();
        }, "skyshard-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeAll();
        }
    }
}
