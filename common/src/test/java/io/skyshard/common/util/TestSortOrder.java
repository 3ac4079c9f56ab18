package io.skyshard.common.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TestSortOrder {
    /** The stable ascending order by the obvious (boxed) route: what every path must return. */
    private static int[] expected(long[] keys) {
        return IntStream.range(0, keys.length).boxed().sorted(Comparator.comparingLong(i -> keys[i])).mapToInt(i -> i).toArray();
    }

    @Test
    void packedAndMergeSortsGiveTheStableOrder() {
        Random random = new Random(5);
        // Narrow ranges with many ties (packed), spatial-key-like ranges, and ranges too wide to pack.
        long[][] ranges = {{0, 3}, {-5, 5}, {1L << 40, (1L << 40) + (1L << 36)}, {Long.MIN_VALUE / 2, Long.MAX_VALUE / 2},
            {Long.MIN_VALUE, Long.MAX_VALUE}};
        for (long[] range : ranges) {
            for (int n : new int[] {0, 1, 2, 3, 31, 32, 33, 1000, 5000}) {
                long[] keys = new long[n];
                for (int i = 0; i < n; i++) {
                    long k = range[0] + (long) (random.nextDouble() * ((double) range[1] - (double) range[0]));
                    keys[i] = i % 7 == 3 && i > 0 ? keys[i - 1] : k; // some equal neighbours
                }
                if (n > 1 && range[0] == Long.MIN_VALUE) {
                    keys[0] = Long.MIN_VALUE;
                    keys[1] = Long.MAX_VALUE;
                }
                int[] want = expected(keys);
                assertThat(SortOrder.byKeys(keys)).as("range %d..%d, %d keys", range[0], range[1], n).containsExactly(want);
                assertThat(SortOrder.byMergeSort(keys)).containsExactly(want);
            }
        }
    }

    @Test
    void groupsKeepInputOrderInside() {
        int[] groups = {3, 1, 3, 0, 1, 3};
        assertThat(SortOrder.byInts(groups)).containsExactly(3, 1, 4, 0, 2, 5);
    }
}
