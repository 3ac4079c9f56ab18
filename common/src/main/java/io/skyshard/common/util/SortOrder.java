package io.skyshard.common.util;

import java.util.Arrays;

/** Stable index sorts over primitive keys (no boxing of millions of indexes). */
public final class SortOrder {
    private SortOrder() {
    }

    /** The permutation that orders {@code keys} ascending; equal keys keep their input order. */
    public static int[] byKeys(long[] keys) {
        int[] packed = byPackedKeys(keys);
        return packed != null ? packed : byMergeSort(keys);
    }

    /**
     * When the keys' range and the row numbers fit one long together (a chunk's spatial sort keys
     * span 36 bits or so), each key is packed above its row number and the longs are sorted
     * directly: no indirection through the keys array on every comparison, which made the merge sort
     * a tenth of a bulk load's CPU. The row number in the low bits breaks ties in input order, so the
     * result is the stable one. Null when the packing does not fit.
     */
    private static int[] byPackedKeys(long[] keys) {
        int n = keys.length;
        if (n < 2) {
            return null;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long k : keys) {
            min = Math.min(min, k);
            max = Math.max(max, k);
        }
        long span = max - min;
        int indexBits = 32 - Integer.numberOfLeadingZeros(n - 1);
        if (span < 0 || 64 - Long.numberOfLeadingZeros(span) + indexBits > 63) {
            return null;
        }
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            packed[i] = ((keys[i] - min) << indexBits) | i;
        }
        Arrays.sort(packed);
        long mask = (1L << indexBits) - 1;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (int) (packed[i] & mask);
        }
        return order;
    }

    /** The general stable sort, for keys spanning too many bits to pack with the row numbers. */
    static int[] byMergeSort(long[] keys) {
        int n = keys.length;
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        if (n < 2) {
            return a;
        }
        int[] b = new int[n];
        // Bottom-up merge sort with an insertion-sorted base: stable, O(n log n), no recursion.
        final int run = 32;
        for (int lo = 0; lo < n; lo += run) {
            int hi = Math.min(lo + run, n);
            for (int i = lo + 1; i < hi; i++) {
                int v = a[i];
                long k = keys[v];
                int j = i - 1;
                while (j >= lo && keys[a[j]] > k) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
        }
        for (int width = run; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int o = lo;
                while (i < mid && j < hi) {
                    b[o++] = keys[a[j]] < keys[a[i]] ? a[j++] : a[i++];
                }
                while (i < mid) {
                    b[o++] = a[i++];
                }
                while (j < hi) {
                    b[o++] = a[j++];
                }
            }
            int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }

    /** The permutation grouping rows by {@code groups} value ascending; inside a group, input order is kept. */
    public static int[] byInts(int[] groups) {
        long[] k = new long[groups.length];
        for (int i = 0; i < k.length; i++) {
            k[i] = groups[i];
        }
        return byKeys(k);
    }
}
