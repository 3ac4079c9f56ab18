package io.skyshard.ingest.data;

import com.google.protobuf.ByteString;
import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import io.skyshard.rpc.ColumnKind;
import io.skyshard.rpc.ColumnSpec;
import io.skyshard.rpc.ColumnVector;
import io.skyshard.rpc.ColumnarBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts {@link TableBlock} rows to and from rpc {@link ColumnarBatch} messages, following the
 * value-array rules written in skyshard.proto (NULL: placeholder value plus bit {@code i % 8} of byte
 * {@code i / 8} of {@code nulls}). Kept in ingest so the loader does not wait for shared converters.
 */
public final class BatchEncoder {
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

    /** Rows {@code [from, to)} of the block as one batch. */
    public static ColumnarBatch encode(TableBlock block, int from, int to) {
        if (from < 0 || to > block.rowCount() || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of " + block.rowCount());
        }
        ColumnarBatch.Builder batch = ColumnarBatch.newBuilder().setRowCount(to - from);
        for (int c = 0; c < block.columns().size(); c++) {
            ColumnData d = block.data(c);
            ColumnVector.Builder v = ColumnVector.newBuilder();
            byte[] nulls = null;
            for (int r = from; r < to; r++) {
                boolean isNull = d.isNull(r);
                if (isNull) {
                    if (nulls == null) {
                        nulls = new byte[(to - from + 7) / 8];
                    }
                    int i = r - from;
                    nulls[i >>> 3] |= (byte) (1 << (i & 7));
                }
                switch (d) {
                    case ColumnData.Longs l -> v.addLongs(isNull ? 0 : l.values()[r]);
                    case ColumnData.Floats f -> v.addFloats(isNull ? 0f : f.values()[r]);
                    case ColumnData.Doubles x -> v.addDoubles(isNull ? 0d : x.values()[r]);
                    case ColumnData.Strings s -> v.addStrings(isNull ? "" : s.values()[r]);
                    case ColumnData.Bytes b -> v.addBinaries(isNull ? ByteString.EMPTY : ByteString.copyFrom(b.values()[r]));
                }
            }
            if (nulls != null) {
                v.setNulls(ByteString.copyFrom(nulls));
            }
            batch.addColumns(v);
        }
        return batch.build();
    }

    /** The inverse of {@link #encode}: a batch whose columns follow {@code columns}. */
    public static TableBlock decode(List<ColumnDef> columns, ColumnarBatch batch) {
        int n = batch.getRowCount();
        if (batch.getColumnsCount() != columns.size()) {
            throw new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH,
                    "batch has " + batch.getColumnsCount() + " columns, expected " + columns.size());
        }
        List<ColumnData> data = new ArrayList<>(columns.size());
        for (int c = 0; c < columns.size(); c++) {
            ColumnVector v = batch.getColumns(c);
            ByteString nb = v.getNulls();
            boolean[] nulls = null;
            if (!nb.isEmpty()) {
                nulls = new boolean[n];
                for (int i = 0; i < n; i++) {
                    nulls[i] = (nb.byteAt(i >>> 3) & (1 << (i & 7))) != 0;
                }
            }
            String where = "column '" + columns.get(c).name() + "'";
            data.add(switch (ColumnData.kindOf(columns.get(c).type())) {
                case LONG -> {
                    check(v.getLongsCount(), n, where);
                    long[] a = new long[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = v.getLongs(i);
                    }
                    yield new ColumnData.Longs(a, nulls);
                }
                case FLOAT -> {
                    check(v.getFloatsCount(), n, where);
                    float[] a = new float[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = v.getFloats(i);
                    }
                    yield new ColumnData.Floats(a, nulls);
                }
                case DOUBLE -> {
                    check(v.getDoublesCount(), n, where);
                    double[] a = new double[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = v.getDoubles(i);
                    }
                    yield new ColumnData.Doubles(a, nulls);
                }
                case STRING -> {
                    check(v.getStringsCount(), n, where);
                    String[] a = new String[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = nulls != null && nulls[i] ? null : v.getStrings(i);
                    }
                    yield new ColumnData.Strings(a);
                }
                case BYTES -> {
                    check(v.getBinariesCount(), n, where);
                    byte[][] a = new byte[n][];
                    for (int i = 0; i < n; i++) {
                        a[i] = nulls != null && nulls[i] ? null : v.getBinaries(i).toByteArray();
                    }
                    yield new ColumnData.Bytes(a);
                }
            });
        }
        return new TableBlock(columns, data, n);
    }

    private static void check(int actual, int expected, String where) {
        if (actual != expected) {
            throw new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH,
                    where + " has " + actual + " values in a batch of " + expected + " rows");
        }
    }
}
