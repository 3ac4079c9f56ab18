package io.skyshard.common.util;

/** Stable index sorts over primitive keys (no boxing of millions of indexes). */
public final class SortOrder {
    private SortOrder() {
    }

    /** The permutation that orders {@code keys} ascending; equal keys keep their input order. */
    public static int[] byKeys(long[] keys) {
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
