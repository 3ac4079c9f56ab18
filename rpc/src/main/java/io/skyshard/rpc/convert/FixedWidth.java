package io.skyshard.rpc.convert;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

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
        ByteBuffer out = ByteBuffer.allocate(Math.multiplyExact(count, Long.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        out.asLongBuffer().put(values, from, count);
        if (nulls != null) {
            for (int i = 0; i < count; i++) {
                if (nulls[from + i]) {
                    out.putLong(i * Long.BYTES, 0L);
                }
            }
        }
        // The array is not shared after this: wrapping it saves the copy ByteString.copyFrom makes.
        return UnsafeByteOperations.unsafeWrap(out.array());
    }

    public static ByteString doubles(double[] values, boolean[] nulls, int from, int count) {
        ByteBuffer out = ByteBuffer.allocate(Math.multiplyExact(count, Double.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        out.asDoubleBuffer().put(values, from, count);
        if (nulls != null) {
            for (int i = 0; i < count; i++) {
                if (nulls[from + i]) {
                    out.putDouble(i * Double.BYTES, 0d);
                }
            }
        }
        return UnsafeByteOperations.unsafeWrap(out.array());
    }

    public static ByteString floats(float[] values, boolean[] nulls, int from, int count) {
        ByteBuffer out = ByteBuffer.allocate(Math.multiplyExact(count, Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        out.asFloatBuffer().put(values, from, count);
        if (nulls != null) {
            for (int i = 0; i < count; i++) {
                if (nulls[from + i]) {
                    out.putFloat(i * Float.BYTES, 0f);
                }
            }
        }
        return UnsafeByteOperations.unsafeWrap(out.array());
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
