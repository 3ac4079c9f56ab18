package io.skyshard.replication.registry;

import io.skyshard.common.catalog.ChunkRef;
import java.util.Arrays;
import java.util.Map;

/**
 * Immutable in-memory director index of one table: keys sorted ascending with their chunk and
 * sub-chunk. Sorted primitive arrays rather than a map: 12 bytes per row, and a lookup is one binary
 * search, which is what objectId lookups need to stay well under a millisecond.
 */
final class DirectorIndexTable {
    static final DirectorIndexTable EMPTY = new DirectorIndexTable(new long[0], new int[0], new int[0]);

    private final long[] keys;
    private final int[] chunkIds;
    private final int[] subChunkIds;

    private DirectorIndexTable(long[] keys, int[] chunkIds, int[] subChunkIds) {
        this.keys = keys;
        this.chunkIds = chunkIds;
        this.subChunkIds = subChunkIds;
    }

    int size() {
        return keys.length;
    }

    long key(int i) {
        return keys[i];
    }

    int chunkId(int i) {
        return chunkIds[i];
    }

    int subChunkId(int i) {
        return subChunkIds[i];
    }

    /** Position of a key, negative when absent. */
    int indexOf(long key) {
        return Arrays.binarySearch(keys, key);
    }

    /**
     * {@link #indexOf(long)}, searching outward from position {@code near} first (galloping): a child
     * table's rows usually come grouped or sorted by their director, and a lookup near the previous
     * hit then costs a few steps that stay in the cache, not a binary search over millions of keys.
     */
    int indexOf(long key, int near) {
        int n = keys.length;
        if (n == 0) {
            return -1;
        }
        int i = Math.min(Math.max(near, 0), n - 1);
        long k = keys[i];
        if (k == key) {
            return i;
        }
        int step = 1;
        if (k < key) {
            // keys[lo - 1] < key throughout; the range ends after the first key >= key found.
            int lo = i + 1;
            int hi = i + 1;
            while (hi < n && keys[hi] < key) {
                lo = hi + 1;
                step <<= 1;
                hi = i + step;
            }
            return Arrays.binarySearch(keys, lo, Math.min(hi + 1, n), key);
        }
        // keys[hi] > key throughout (hi exclusive).
        int hi = i;
        int lo = i - 1;
        while (lo >= 0 && keys[lo] > key) {
            hi = lo;
            step <<= 1;
            lo = i - step;
        }
        return Arrays.binarySearch(keys, Math.max(lo, 0), hi, key);
    }

    /** Up to {@code limit} of the given keys that this index holds. */
    java.util.SortedSet<Long> present(long[] wanted, int limit) {
        java.util.SortedSet<Long> out = new java.util.TreeSet<>();
        for (long k : wanted) {
            if (out.size() >= limit) {
                break;
            }
            if (Arrays.binarySearch(keys, k) >= 0) {
                out.add(k);
            }
        }
        return out;
    }

    /** The entries of several indexes in one (they must not share keys). */
    static DirectorIndexTable union(java.util.List<DirectorIndexTable> parts) {
        DirectorIndexTable out = EMPTY;
        for (DirectorIndexTable p : parts) {
            out = out.size() >= p.size() ? out.plus(p.keys, p.chunkIds, p.subChunkIds) : p.plus(out.keys, out.chunkIds, out.subChunkIds);
        }
        return out;
    }

    ChunkRef find(long key) {
        int i = Arrays.binarySearch(keys, key);
        return i < 0 ? null : new ChunkRef(chunkIds[i], subChunkIds[i]);
    }

    /**
     * Returns a new index holding this one's entries and the given ones.
     *
     * @throws IllegalArgumentException listing (up to 10) duplicate keys, within the batch or against
     *     existing entries; nothing is added then
     */
    DirectorIndexTable plus(long[] newKeys, int[] newChunks, int[] newSubs) {
        int n = newKeys.length;
        if (newChunks.length != n || newSubs.length != n) {
            throw new IllegalArgumentException("director index arrays differ in length");
        }
        long[] sk;
        int[] sc;
        int[] ss;
        if (isSorted(newKeys)) {
            // Loaders usually send keys in order: skip the permutation sort.
            sk = newKeys.clone();
            sc = newChunks.clone();
            ss = newSubs.clone();
        } else {
            int[] order = io.skyshard.common.util.SortOrder.byKeys(newKeys);
            sk = new long[n];
            sc = new int[n];
            ss = new int[n];
            for (int i = 0; i < n; i++) {
                sk[i] = newKeys[order[i]];
                sc[i] = newChunks[order[i]];
                ss[i] = newSubs[order[i]];
            }
        }
        var duplicates = new java.util.TreeSet<Long>();
        for (int i = 1; i < n && duplicates.size() < 10; i++) {
            if (sk[i] == sk[i - 1]) {
                duplicates.add(sk[i]);
            }
        }
        // Merge the two sorted runs, spotting keys present in both.
        long[] mk = new long[keys.length + n];
        int[] mc = new int[mk.length];
        int[] ms = new int[mk.length];
        int a = 0;
        int b = 0;
        int o = 0;
        while (a < keys.length || b < n) {
            if (b >= n || (a < keys.length && keys[a] < sk[b])) {
                mk[o] = keys[a];
                mc[o] = chunkIds[a];
                ms[o++] = subChunkIds[a++];
            } else {
                if (a < keys.length && keys[a] == sk[b] && duplicates.size() < 10) {
                    duplicates.add(sk[b]);
                }
                mk[o] = sk[b];
                mc[o] = sc[b];
                ms[o++] = ss[b++];
            }
        }
        if (!duplicates.isEmpty()) {
            throw new IllegalArgumentException("duplicate director keys: " + duplicates);
        }
        return new DirectorIndexTable(mk, mc, ms);
    }

    private static boolean isSorted(long[] a) {
        for (int i = 1; i < a.length; i++) {
            if (a[i] < a[i - 1]) {
                return false;
            }
        }
        return true;
    }

    void lookupInto(Iterable<Long> wanted, Map<Long, ChunkRef> out) {
        for (Long k : wanted) {
            if (k != null) {
                ChunkRef ref = find(k);
                if (ref != null) {
                    out.put(k, ref);
                }
            }
        }
    }
}
