package io.skyshard.ingest.data;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import io.skyshard.rpc.ColumnKind;
import io.skyshard.rpc.ColumnSpec;
import io.skyshard.rpc.ColumnVector;
import io.skyshard.rpc.ColumnarBatch;
import io.skyshard.rpc.convert.BatchReader;
import io.skyshard.rpc.convert.FixedWidth;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts {@link TableBlock} rows to and from rpc {@link ColumnarBatch} messages, following the
 * value-array rules written in skyshard.proto (NULL: placeholder value plus bit {@code i % 8} of byte
 * {@code i / 8} of {@code nulls}). Kept in ingest so the loader does not wait for shared converters.
 */
public final class BatchEncoder {
    /** Little-endian words in a byte array: the layout of a {@link FixedWidth} block. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLES = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOATS = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

    private BatchEncoder() {
    }

    /** The wire kind of a catalog type: the one mapping shared with workers and the czar. */
    public static ColumnKind kind(ColumnType type) {
        return io.skyshard.rpc.convert.ColumnKinds.kindOf(type);
    }

    public static List<ColumnSpec> columnSpecs(List<ColumnDef> columns) {
        List<ColumnSpec> specs = new ArrayList<>(columns.size());
        for (ColumnDef c : columns) {
            specs.add(ColumnSpec.newBuilder()
                    .setName(c.name())
                    .setKind(kind(c.type()))
                    .setPrecision(c.length())
                    .setScale(c.scale())
                    .setNullable(c.nullable())
                    .build());
        }
        return specs;
    }

    /**
     * Rows {@code [from, to)} of the block as one batch. Numbers go as {@link FixedWidth} blocks
     * (one copy a column), text and bytes value by value.
     */
    public static ColumnarBatch encode(TableBlock block, int from, int to) {
        if (from < 0 || to > block.rowCount() || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of " + block.rowCount());
        }
        int n = to - from;
        ColumnarBatch.Builder batch = ColumnarBatch.newBuilder().setRowCount(n);
        for (int c = 0; c < block.columns().size(); c++) {
            ColumnData d = block.data(c);
            ColumnVector.Builder v = ColumnVector.newBuilder();
            byte[] nulls = null;
            for (int r = from; r < to; r++) {
                if (d.isNull(r)) {
                    if (nulls == null) {
                        nulls = new byte[(n + 7) / 8];
                    }
                    int i = r - from;
                    nulls[i >>> 3] |= (byte) (1 << (i & 7));
                }
            }
            switch (d) {
                case ColumnData.Longs l -> v.setFixed(FixedWidth.longs(l.values(), l.nulls(), from, n));
                case ColumnData.Floats f -> v.setFixed(FixedWidth.floats(f.values(), f.nulls(), from, n));
                case ColumnData.Doubles x -> v.setFixed(FixedWidth.doubles(x.values(), x.nulls(), from, n));
                case ColumnData.Strings s -> {
                    for (int r = from; r < to; r++) {
                        String value = s.values()[r];
                        v.addStrings(value == null ? "" : value);
                    }
                }
                case ColumnData.Bytes b -> {
                    for (int r = from; r < to; r++) {
                        byte[] value = b.values()[r];
                        v.addBinaries(value == null ? ByteString.EMPTY : ByteString.copyFrom(value));
                    }
                }
            }
            if (nulls != null) {
                v.setNulls(UnsafeByteOperations.unsafeWrap(nulls));
            }
            batch.addColumns(v);
        }
        return batch.build();
    }

    /**
     * Rows {@code [from, to)} of gathered rows as one batch, each value copied once, from its block
     * straight into the batch. The same batch {@link #encode(TableBlock, int, int)} gives for the
     * gathered block.
     */
    public static ColumnarBatch encode(GatheredRows rows, int from, int to) {
        if (from < 0 || to > rows.rowCount() || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of " + rows.rowCount());
        }
        int n = to - from;
        int[] part = rows.part();
        int[] row = rows.row();
        ColumnarBatch.Builder batch = ColumnarBatch.newBuilder().setRowCount(n);
        int parts = rows.blocks().size();
        ColumnData[] src = new ColumnData[parts];
        for (int c = 0; c < rows.columns().size(); c++) {
            for (int p = 0; p < parts; p++) {
                src[p] = rows.blocks().get(p).data(c);
            }
            ColumnVector.Builder v = ColumnVector.newBuilder();
            byte[] nulls = nullBits(src, part, row, from, n);
            // Values read from the typed arrays directly, per kind: the loops run once a value, and an
            // interface call there cost more than the copy itself. A NULL's slot stays zero.
            switch (ColumnData.kindOf(rows.columns().get(c).type())) {
                case LONG -> {
                    long[][] values = new long[parts][];
                    for (int p = 0; p < parts; p++) {
                        values[p] = ((ColumnData.Longs) src[p]).values();
                    }
                    byte[] out = new byte[n * Long.BYTES];
                    for (int i = 0; i < n; i++) {
                        if (!isSet(nulls, i)) {
                            LONGS.set(out, i * Long.BYTES, values[part[from + i]][row[from + i]]);
                        }
                    }
                    v.setFixed(UnsafeByteOperations.unsafeWrap(out));
                }
                case DOUBLE -> {
                    double[][] values = new double[parts][];
                    for (int p = 0; p < parts; p++) {
                        values[p] = ((ColumnData.Doubles) src[p]).values();
                    }
                    byte[] out = new byte[n * Double.BYTES];
                    for (int i = 0; i < n; i++) {
                        if (!isSet(nulls, i)) {
                            DOUBLES.set(out, i * Double.BYTES, values[part[from + i]][row[from + i]]);
                        }
                    }
                    v.setFixed(UnsafeByteOperations.unsafeWrap(out));
                }
                case FLOAT -> {
                    float[][] values = new float[parts][];
                    for (int p = 0; p < parts; p++) {
                        values[p] = ((ColumnData.Floats) src[p]).values();
                    }
                    byte[] out = new byte[n * Float.BYTES];
                    for (int i = 0; i < n; i++) {
                        if (!isSet(nulls, i)) {
                            FLOATS.set(out, i * Float.BYTES, values[part[from + i]][row[from + i]]);
                        }
                    }
                    v.setFixed(UnsafeByteOperations.unsafeWrap(out));
                }
                case STRING -> {
                    for (int i = from; i < to; i++) {
                        String value = ((ColumnData.Strings) src[part[i]]).values()[row[i]];
                        v.addStrings(value == null ? "" : value);
                    }
                }
                case BYTES -> {
                    for (int i = from; i < to; i++) {
                        byte[] value = ((ColumnData.Bytes) src[part[i]]).values()[row[i]];
                        v.addBinaries(value == null ? ByteString.EMPTY : ByteString.copyFrom(value));
                    }
                }
            }
            if (nulls != null) {
                v.setNulls(UnsafeByteOperations.unsafeWrap(nulls));
            }
            batch.addColumns(v);
        }
        return batch.build();
    }

    /**
     * The NULL bitmap of gathered rows {@code [from, from + n)} of one column, null when none is NULL.
     * A column whose blocks carry no NULL mask (the common case) costs no pass over the rows.
     */
    private static byte[] nullBits(ColumnData[] src, int[] part, int[] row, int from, int n) {
        boolean[][] masks = new boolean[src.length][];
        Object[][] objects = new Object[src.length][];
        boolean any = false;
        for (int p = 0; p < src.length; p++) {
            switch (src[p]) {
                case ColumnData.Longs d -> masks[p] = d.nulls();
                case ColumnData.Doubles d -> masks[p] = d.nulls();
                case ColumnData.Floats d -> masks[p] = d.nulls();
                case ColumnData.Strings d -> objects[p] = d.values();
                case ColumnData.Bytes d -> objects[p] = d.values();
            }
            any |= masks[p] != null || objects[p] != null;
        }
        if (!any) {
            return null;
        }
        byte[] bits = null;
        for (int i = 0; i < n; i++) {
            int p = part[from + i];
            int r = row[from + i];
            if (masks[p] != null ? masks[p][r] : objects[p] != null && objects[p][r] == null) {
                bits = bits != null ? bits : new byte[(n + 7) / 8];
                bits[i >>> 3] |= (byte) (1 << (i & 7));
            }
        }
        return bits;
    }

    private static boolean isSet(byte[] bits, int i) {
        return bits != null && (bits[i >>> 3] & (1 << (i & 7))) != 0;
    }

    /** The inverse of {@link #encode}: a batch whose columns follow {@code columns}, read through {@link BatchReader}. */
    public static TableBlock decode(List<ColumnDef> columns, ColumnarBatch batch) {
        BatchReader reader;
        try {
            reader = new BatchReader(columnSpecs(columns), batch);
        } catch (SkyshardException e) {
            throw new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH, e.getMessage(), e);
        }
        int n = reader.rowCount();
        List<ColumnData> data = new ArrayList<>(columns.size());
        for (int c = 0; c < columns.size(); c++) {
            boolean[] nulls = null;
            for (int i = 0; i < n; i++) {
                if (reader.isNull(i, c)) {
                    if (nulls == null) {
                        nulls = new boolean[n];
                    }
                    nulls[i] = true;
                }
            }
            boolean[] isNull = nulls;
            int col = c;
            data.add(switch (ColumnData.kindOf(columns.get(c).type())) {
                case LONG -> {
                    long[] a = new long[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = reader.getLong(i, col);
                    }
                    yield new ColumnData.Longs(a, isNull);
                }
                case FLOAT -> {
                    float[] a = new float[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = reader.getFloat(i, col);
                    }
                    yield new ColumnData.Floats(a, isNull);
                }
                case DOUBLE -> {
                    double[] a = new double[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = reader.getDouble(i, col);
                    }
                    yield new ColumnData.Doubles(a, isNull);
                }
                case STRING -> {
                    String[] a = new String[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = isNull != null && isNull[i] ? null : reader.getString(i, col);
                    }
                    yield new ColumnData.Strings(a);
                }
                case BYTES -> {
                    byte[][] a = new byte[n][];
                    for (int i = 0; i < n; i++) {
                        a[i] = isNull != null && isNull[i] ? null : reader.getBinary(i, col).toByteArray();
                    }
                    yield new ColumnData.Bytes(a);
                }
            });
        }
        return new TableBlock(columns, data, n);
    }
}
