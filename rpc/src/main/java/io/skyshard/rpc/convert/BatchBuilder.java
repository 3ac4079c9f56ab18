package io.skyshard.rpc.convert;

import com.google.protobuf.ByteString;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.rpc.ColumnSpec;
import io.skyshard.rpc.ColumnVector;
import io.skyshard.rpc.ColumnarBatch;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Builds a {@link ColumnarBatch} row by row from Java values (the types {@link BatchReader#getObject}
 * returns, plus any Number/CharSequence where it converts without loss). Used by loaders and tests.
 */
public final class BatchBuilder {
    private final List<ColumnSpec> columns;
    private ColumnVector.Builder[] vectors;
    private byte[][] nulls;
    private int rows;

    public BatchBuilder(List<ColumnSpec> columns) {
        this.columns = List.copyOf(requireNonNull(columns, "columns"));
        reset();
    }

    private void reset() {
        vectors = new ColumnVector.Builder[columns.size()];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = ColumnVector.newBuilder();
        }
        nulls = new byte[columns.size()][];
        rows = 0;
    }

    public int rowCount() {
        return rows;
    }

    /** Adds one row; {@code values.length} must equal the number of columns. */
    public BatchBuilder addRow(Object... values) {
        if (values.length != columns.size()) {
            throw new SkyshardException(RpcErrorCode.MALFORMED_BATCH, "row has " + values.length
                    + " values, schema has " + columns.size() + " columns");
        }
        for (int c = 0; c < values.length; c++) {
            add(c, values[c]);
        }
        rows++;
        return this;
    }

    private void add(int c, Object value) {
        ColumnSpec spec = columns.get(c);
        ColumnVector.Builder v = vectors[c];
        boolean isNull = value == null;
        if (isNull) {
            byte[] bits = nulls[c];
            int needed = rows / 8 + 1;
            if (bits == null || bits.length < needed) {
                bits = Arrays.copyOf(bits == null ? new byte[0] : bits, Math.max(needed, 16) * 2);
                nulls[c] = bits;
            }
            bits[rows >>> 3] |= (byte) (1 << (rows & 7));
        }
        try {
            switch (spec.getKind()) {
                case BOOLEAN -> v.addLongs(isNull ? 0 : (value instanceof Boolean b ? (b ? 1 : 0) : ((Number) value).longValue() != 0 ? 1 : 0));
                case TINYINT, SMALLINT, INTEGER, BIGINT -> v.addLongs(isNull ? 0 : ((Number) value).longValue());
                case UBIGINT -> v.addLongs(isNull ? 0 : ((Number) value).longValue());
                case FLOAT -> v.addFloats(isNull ? 0f : ((Number) value).floatValue());
                case DOUBLE -> v.addDoubles(isNull ? 0d : ((Number) value).doubleValue());
                case DECIMAL -> v.addStrings(isNull ? "" : (value instanceof BigDecimal d ? d.toPlainString() : new BigDecimal(value.toString()).toPlainString()));
                case HUGEINT -> v.addStrings(isNull ? "" : (value instanceof BigInteger i ? i.toString() : new BigInteger(value.toString()).toString()));
                case VARCHAR -> v.addStrings(isNull ? "" : value.toString());
                case VARBINARY -> v.addBinaries(isNull ? ByteString.EMPTY : value instanceof ByteString b ? b : ByteString.copyFrom((byte[]) value));
                case DATE -> v.addLongs(isNull ? 0 : ((LocalDate) value).toEpochDay());
                case TIME -> v.addLongs(isNull ? 0 : ((LocalTime) value).toNanoOfDay() / 1000);
                case TIMESTAMP -> v.addLongs(isNull ? 0 : timestampMicros(value));
                case COLUMN_KIND_UNSPECIFIED, UNRECOGNIZED -> throw new SkyshardException(RpcErrorCode.UNSUPPORTED_TYPE,
                        "column '" + spec.getName() + "' has no column kind");
            }
        } catch (ClassCastException | NumberFormatException e) {
            throw new SkyshardException(RpcErrorCode.MALFORMED_BATCH, "value " + value + " ("
                    + value.getClass().getSimpleName() + ") does not fit column '" + spec.getName() + "' of kind " + spec.getKind(), e);
        }
    }

    private static long timestampMicros(Object value) {
        if (value instanceof LocalDateTime t) {
            return ResultSetEncoder.Temporals.epochMicros(t);
        }
        if (value instanceof Instant i) {
            return ResultSetEncoder.Temporals.epochMicros(i);
        }
        if (value instanceof Timestamp t) {
            return ResultSetEncoder.Temporals.epochMicros(t.toLocalDateTime());
        }
        throw new ClassCastException(value.getClass().getName());
    }

    /** The batch of the rows added since the last build; the builder starts empty again. */
    public ColumnarBatch build() {
        ColumnarBatch.Builder b = ColumnarBatch.newBuilder().setRowCount(rows);
        int bitmapBytes = (rows + 7) / 8;
        for (int c = 0; c < vectors.length; c++) {
            if (nulls[c] != null) {
                vectors[c].setNulls(ByteString.copyFrom(nulls[c], 0, bitmapBytes));
            }
            b.addColumns(vectors[c]);
        }
        reset();
        return b.build();
    }
}
