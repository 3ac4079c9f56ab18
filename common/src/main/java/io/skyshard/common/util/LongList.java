package io.skyshard.common.util;

import java.util.Arrays;

/** A growable list of primitive longs: avoids boxing millions of keys. Not thread-safe. */
public final class LongList {
    private long[] values = new long[16];
    private int size;

    public void add(long v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    public long get(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return values[i];
    }

    public int size() {
        return size;
    }

    public long[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
