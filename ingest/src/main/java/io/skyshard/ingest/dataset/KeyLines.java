package io.skyshard.ingest.dataset;

/**
 * Director key -> input line of its row: open addressing over primitive arrays, so a director table
 * of millions of rows costs tens of bytes per key, not a boxed map entry. Not thread-safe.
 */
final class KeyLines {
    private long[] keys = new long[1024];
    private long[] lines = new long[1024];
    private boolean[] used = new boolean[1024];
    private int size;

    int size() {
        return size;
    }

    /** Adds a key; returns -1, or the line of the earlier row with the same key (the map is then unchanged). */
    long putIfAbsent(long key, long line) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int slot = slot(key, keys, used);
        if (used[slot]) {
            return lines[slot];
        }
        used[slot] = true;
        keys[slot] = key;
        lines[slot] = line;
        size++;
        return -1;
    }

    boolean contains(long key) {
        return used[slot(key, keys, used)];
    }

    private static int slot(long key, long[] keys, boolean[] used) {
        int mask = keys.length - 1;
        long h = key * 0x9E3779B97F4A7C15L;
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (used[i] && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldLines = lines;
        boolean[] oldUsed = used;
        keys = new long[oldKeys.length * 2];
        lines = new long[oldKeys.length * 2];
        used = new boolean[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldUsed[i]) {
                int s = slot(oldKeys[i], keys, used);
                used[s] = true;
                keys[s] = oldKeys[i];
                lines[s] = oldLines[i];
            }
        }
    }
}
