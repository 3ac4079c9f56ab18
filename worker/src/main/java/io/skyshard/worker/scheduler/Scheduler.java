package io.skyshard.worker.scheduler;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One bounded thread pool per {@link Lane}. Separate pools rather than one priority queue: a
 * scan statement already running cannot be pre-empted, so only reserved threads guarantee that
 * an interactive chunk query starts at once while long scans occupy every scan thread.
 *
 * <p>Fairness between queries of one lane comes from the executions themselves: each keeps at
 * most {@link #threads(Lane)} tasks in the pool and submits the next one when one finishes, so
 * the FIFO queue interleaves the chunks of concurrent queries.
 */
public final class Scheduler implements AutoCloseable {
    /** Reserved, not committed, memory: pages are touched only as deep as a statement recurses. */
    static final long STACK_BYTES = 64L << 20;

    private final Map<Lane, ThreadPoolExecutor> pools = new EnumMap<>(Lane.class);

    public Scheduler(String workerId, int interactiveThreads, int scanThreads) {
        pools.put(Lane.INTERACTIVE, pool(workerId + "-interactive", Math.max(1, interactiveThreads)));
        pools.put(Lane.SCAN, pool(workerId + "-scan", Math.max(1, scanThreads)));
    }

    private static ThreadPoolExecutor pool(String name, int threads) {
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = r -> {
            // A large stack: DuckDB's binder and planner recurse over the statement tree on the
            // calling thread, and overflowing the stack in native code kills the JVM (SIGSEGV).
            Thread t = new Thread(null, r, name + "-" + counter.incrementAndGet(), STACK_BYTES);
            t.setDaemon(true);
            return t;
        };
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), factory);
    }

    public Executor executor(Lane lane) {
        return pools.get(lane);
    }

    public int threads(Lane lane) {
        return pools.get(lane).getMaximumPoolSize();
    }

    /** Tasks waiting for a thread, all lanes. */
    public int queuedTasks() {
        int n = 0;
        for (ThreadPoolExecutor p : pools.values()) {
            n += p.getQueue().size();
        }
        return n;
    }

    /** Tasks running, all lanes. */
    public int activeTasks() {
        int n = 0;
        for (ThreadPoolExecutor p : pools.values()) {
            n += p.getActiveCount();
        }
        return n;
    }

    @Override
    public void close() {
        for (ThreadPoolExecutor p : pools.values()) {
            p.shutdownNow();
        }
        for (ThreadPoolExecutor p : pools.values()) {
            try {
                p.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
