package io.skyshard.replication.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TestDirectorIndexTable {
    @Test
    void searchFromANearbyPositionFindsWhatABinarySearchFinds() {
        Random random = new Random(20261208);
        for (int size : new int[] {0, 1, 2, 3, 17, 1000}) {
            long[] keys = random.longs(size, -1_000_000, 1_000_000).distinct().sorted().toArray();
            int[] chunks = new int[keys.length];
            int[] subs = new int[keys.length];
            for (int i = 0; i < keys.length; i++) {
                chunks[i] = i % 7;
                subs[i] = i;
            }
            DirectorIndexTable table = DirectorIndexTable.EMPTY.plus(keys, chunks, subs);
            for (int probe = 0; probe < 3000; probe++) {
                // Present keys, absent keys between and beyond them, and hints anywhere (out of range too).
                long key = keys.length > 0 && random.nextBoolean() ? keys[random.nextInt(keys.length)]
                        : random.nextLong(-1_100_000, 1_100_000);
                int near = random.nextInt(-2, keys.length + 3);
                int expected = Arrays.binarySearch(keys, key);
                int found = table.indexOf(key, near);
                if (expected >= 0) {
                    assertThat(found).as("key %d from %d of %d", key, near, keys.length).isEqualTo(expected);
                    assertThat(table.subChunkId(found)).isEqualTo(expected);
                } else {
                    assertThat(found).as("absent key %d from %d of %d", key, near, keys.length).isNegative();
                }
            }
        }
    }
}
