package io.skyshard.ingest.partition;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Director key -> (chunkId, subChunkId, sort key) of one director table, filled while directors are
 * partitioned and read when their children are. Open addressing over primitive arrays: a boxed map
 * of millions of keys would cost several times the memory of the rows themselves. Thread-safe;
 * blocks are added and looked up in bulk under one lock acquisition.
 */
public final class DirectorKeyMap {
    private final String table;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private long[] keys = new long[1024];
    private int[] chunkIds = new int[1024];
    private int[] subChunkIds = new int[1024];
    private long[] sortKeys = new long[1024];
    /** Line (or row number) each key's row came from, 0 if unknown; null until lines are given. */
    private long[] origins;
    private boolean[] used = new boolean[1024];
    private int size;

    public DirectorKeyMap(String table) {
        this.table = table;
    }

    public int size() {
        lock.readLock().lock();
        try {
            return size;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Adds keys; a key already present (in this batch or before) fails naming it, and nothing of the batch is kept. */
    public void putAll(long[] newKeys, int[] newChunkIds, int[] newSubChunkIds, long[] newSortKeys) {
        putAll(newKeys, newChunkIds, newSubChunkIds, newSortKeys, null, null);
    }

    /**
     * Adds keys remembering the line each row came from ({@code lines[i]}), so that a repeated key
     * names both rows; {@code describe} turns a line into text such as "Object.csv line 12".
     */
    public void putAll(long[] newKeys, int[] newChunkIds, int[] newSubChunkIds, long[] newSortKeys, long[] newOrigins,
            java.util.function.LongFunction<String> describe) {
        lock.writeLock().lock();
        try {
            ensureCapacity(size + newKeys.length);
            int added = 0;
            for (int i = 0; i < newKeys.length; i++) {
                int slot = slot(newKeys[i]);
                if (used[slot]) {
                    long earlier = origins == null ? 0 : origins[slot];
                    for (int j = 0; j < added; j++) {
                        remove(newKeys[j]);
                    }
                    String where = newOrigins == null ? "" : describe.apply(newOrigins[i]) + ": ";
                    throw new SkyshardException(IngestErrorCode.DUPLICATE_DIRECTOR_KEY, where + "director table " + table + ": key "
                            + newKeys[i] + (earlier == 0 ? " appears in more than one row" : " repeats the row at " + describe.apply(earlier)));
                }
                used[slot] = true;
                keys[slot] = newKeys[i];
                chunkIds[slot] = newChunkIds[i];
                subChunkIds[slot] = newSubChunkIds[i];
                sortKeys[slot] = newSortKeys[i];
                if (newOrigins != null) {
                    if (origins == null) {
                        origins = new long[keys.length];
                    }
                    origins[slot] = newOrigins[i];
                }
                size++;
                added++;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Resolves keys into the output arrays. Returns the index of the first key not present, or -1
     * when all were found.
     */
    public int resolve(long[] lookupKeys, int[] chunkOut, int[] subChunkOut, long[] sortKeyOut) {
        lock.readLock().lock();
        try {
            for (int i = 0; i < lookupKeys.length; i++) {
                int slot = slot(lookupKeys[i]);
                if (!used[slot]) {
                    return i;
                }
                chunkOut[i] = chunkIds[slot];
                subChunkOut[i] = subChunkIds[slot];
                sortKeyOut[i] = sortKeys[slot];
            }
            return -1;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The lookup of this map's keys, for {@link DirectorLookup} chains. */
    public DirectorLookup lookup() {
        return (lookupKeys, chunkOut, subOut, sortOut) -> {
            lock.readLock().lock();
            try {
                int missing = 0;
                for (int i = 0; i < lookupKeys.length; i++) {
                    if (chunkOut[i] != -1) {
                        continue;
                    }
                    int slot = slot(lookupKeys[i]);
                    if (!used[slot]) {
                        missing++;
                        continue;
                    }
                    chunkOut[i] = chunkIds[slot];
                    subOut[i] = subChunkIds[slot];
                    sortOut[i] = sortKeys[slot];
                }
                return missing;
            } finally {
                lock.readLock().unlock();
            }
        };
    }

    /** Every entry as parallel arrays {keys, chunkIds, subChunkIds}, in ascending key order (deterministic). */
    public Entries entries() {
        lock.readLock().lock();
        try {
            long[] k = new long[size];
            int n = 0;
            for (int s = 0; s < used.length; s++) {
                if (used[s]) {
                    k[n++] = keys[s];
                }
            }
            java.util.Arrays.sort(k);
            int[] c = new int[size];
            int[] sc = new int[size];
            for (int i = 0; i < size; i++) {
                int slot = slot(k[i]);
                c[i] = chunkIds[slot];
                sc[i] = subChunkIds[slot];
            }
            return new Entries(k, c, sc);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Director index rows of a table, sorted by key. */
    public record Entries(long[] keys, int[] chunkIds, int[] subChunkIds) {
    }

    private int slot(long key) {
        int mask = keys.length - 1;
        int s = (int) (mix(key) & mask);
        while (used[s] && keys[s] != key) {
            s = (s + 1) & mask;
        }
        return s;
    }

    private void remove(long key) {
        // Rebuild-free removal for linear probing: re-insert the following cluster.
        int mask = keys.length - 1;
        int s = slot(key);
        if (!used[s]) {
            return;
        }
        used[s] = false;
        size--;
        int next = (s + 1) & mask;
        while (used[next]) {
            long k = keys[next];
            int c = chunkIds[next];
            int sc = subChunkIds[next];
            long sk = sortKeys[next];
            long o = origins == null ? 0 : origins[next];
            used[next] = false;
            int target = slot(k);
            used[target] = true;
            keys[target] = k;
            chunkIds[target] = c;
            subChunkIds[target] = sc;
            sortKeys[target] = sk;
            if (origins != null) {
                origins[target] = o;
            }
            next = (next + 1) & mask;
        }
    }

    private void ensureCapacity(int entries) {
        if ((long) entries * 2 <= keys.length) {
            return;
        }
        int capacity = keys.length;
        while ((long) entries * 2 > capacity) {
            capacity *= 2;
        }
        long[] oldKeys = keys;
        int[] oldChunks = chunkIds;
        int[] oldSubs = subChunkIds;
        long[] oldSort = sortKeys;
        long[] oldOrigins = origins;
        boolean[] oldUsed = used;
        keys = new long[capacity];
        chunkIds = new int[capacity];
        subChunkIds = new int[capacity];
        sortKeys = new long[capacity];
        origins = oldOrigins == null ? null : new long[capacity];
        used = new boolean[capacity];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldUsed[i]) {
                int s = slot(oldKeys[i]);
                used[s] = true;
                keys[s] = oldKeys[i];
                chunkIds[s] = oldChunks[i];
                subChunkIds[s] = oldSubs[i];
                sortKeys[s] = oldSort[i];
                if (oldOrigins != null) {
                    origins[s] = oldOrigins[i];
                }
            }
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
