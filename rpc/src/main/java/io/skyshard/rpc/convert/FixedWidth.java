package io.skyshard.rpc.convert;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The {@code fixed} block of a {@link io.skyshard.rpc.ColumnVector}: a column's long, float or
 * double values as little-endian words, written and read by bulk copies. Bulk loads send their
 * numbers this way because the packed repeated fields cost a varint or a builder call per value,
 * which showed as a fifth of a load's CPU on both ends of the stream.
 */
public final class FixedWidth {
    private FixedWidth() {
    }

    /** Values {@code [from, from + count)}; the rows {@code nulls} marks get a zero word. */
    public static ByteString longs(long[] values, boolean[] nulls, int from, int count) {
        ByteBuffer out = block(count, Long.BYTES);
        out.asLongBuffer().put(values, from, count);
        return finish(out, Long.BYTES, nulls, from, count);
    }

    public static ByteString doubles(double[] values, boolean[] nulls, int from, int count) {
        ByteBuffer out = block(count, Double.BYTES);
        out.asDoubleBuffer().put(values, from, count);
        return finish(out, Double.BYTES, nulls, from, count);
    }

    public static ByteString floats(float[] values, boolean[] nulls, int from, int count) {
        ByteBuffer out = block(count, Float.BYTES);
        out.asFloatBuffer().put(values, from, count);
        return finish(out, Float.BYTES, nulls, from, count);
    }

    private static ByteBuffer block(int count, int width) {
        return ByteBuffer.allocate(Math.multiplyExact(count, width)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Zeroes the null rows' words and hands the block over. */
    private static ByteString finish(ByteBuffer out, int width, boolean[] nulls, int from, int count) {
        byte[] bytes = out.array();
        if (nulls != null) {
            for (int i = 0; i < count; i++) {
                if (nulls[from + i]) {
                    Arrays.fill(bytes, i * width, (i + 1) * width, (byte) 0);
                }
            }
        }
        // The array is not shared after this: wrapping it saves the copy ByteString.copyFrom makes.
        return UnsafeByteOperations.unsafeWrap(bytes);
    }

    /** A little-endian view of a block for absolute reads ({@code getLong(row * 8)}), without copying it. */
    public static ByteBuffer view(ByteString fixed) {
        // slice(): a view of part of a larger array starts at its position, which absolute reads ignore.
        return fixed.asReadOnlyByteBuffer().slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Bytes one value takes in the block of a column of this kind; 0 for kinds the block cannot carry. */
    public static int width(io.skyshard.rpc.ColumnKind kind) {
        return switch (kind) {
            case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, UBIGINT, DATE, TIME, TIMESTAMP, DOUBLE -> 8;
            case FLOAT -> 4;
            default -> 0;
        };
    }
}
