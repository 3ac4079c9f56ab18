package io.skyshard.ingest.load;

/**
 * The memory that all load jobs of a process may fill with rows waiting to be written to workers,
 * counted as {@link LoadOptions#flushBytes()} counts it (8 bytes a value). Without a bound, every
 * concurrent contribution buffered up to two flushes' worth and enough of them ran the heap out.
 * A job reserves each step of rows before buffering it and gets the bytes back when the buffer is
 * written; a job that finds the budget taken writes what it holds first (which is what lets every
 * waiting job go on: its own buffer comes back) and then waits.
 */
public final class LoadMemory {
    private final long budget;
    private long used;

    public LoadMemory(long budgetBytes) {
        if (budgetBytes < 1) {
            throw new IllegalArgumentException("load memory budget must be positive, got " + budgetBytes);
        }
        this.budget = budgetBytes;
    }

    /** Two flushes' worth, or 40% of the heap when that is more: what loads may use next to queries and caches. */
    public static LoadMemory forHeap(long flushBytes) {
        return new LoadMemory(Math.max(2 * flushBytes, Runtime.getRuntime().maxMemory() / 10 * 4));
    }

    public long budget() {
        return budget;
    }

    public synchronized long used() {
        return used;
    }

    /** Reserves the bytes when they fit (or when nothing is reserved: a step larger than the budget still runs alone). */
    public synchronized boolean tryReserve(long bytes) {
        if (used > 0 && used + bytes > budget) {
            return false;
        }
        used += bytes;
        return true;
    }

    /** Reserves the bytes, waiting for other jobs to give some back. */
    public synchronized void reserve(long bytes) throws InterruptedException {
        while (used > 0 && used + bytes > budget) {
            wait();
        }
        used += bytes;
    }

    public synchronized void release(long bytes) {
        used = Math.max(0, used - bytes);
        notifyAll();
    }
}
