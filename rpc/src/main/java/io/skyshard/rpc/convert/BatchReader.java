package io.skyshard.rpc.convert;

import com.google.protobuf.ByteString;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.rpc.ColumnKind;
import io.skyshard.rpc.ColumnSpec;
import io.skyshard.rpc.ColumnVector;
import io.skyshard.rpc.ColumnarBatch;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Random access to the values of one {@link ColumnarBatch} (row i, column j), checked once
 * against its schema at construction so that a malformed batch fails with a clear message
 * instead of an index error later.
 *
 * <p>{@link #getObject} maps kinds to Java types: BOOLEAN Boolean, TINYINT Byte, SMALLINT Short,
 * INTEGER Integer, BIGINT Long, UBIGINT and HUGEINT BigInteger, FLOAT Float, DOUBLE Double,
 * DECIMAL BigDecimal, VARCHAR String, VARBINARY byte[], DATE LocalDate, TIME LocalTime,
 * TIMESTAMP LocalDateTime (UTC).
 */
public final class BatchReader {
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private final List<ColumnSpec> columns;
    private final ColumnarBatch batch;
    private final int rowCount;
    /** The batch's vectors and null bitmaps (null: no NULLs), looked up once: readers go value by value. */
    private final ColumnVector[] vectors;
    private final byte[][] nulls;
    /** Little-endian views of the columns sent as a {@code fixed} block; null where the packed field is used. */
    private final ByteBuffer[] fixed;

    public BatchReader(List<ColumnSpec> columns, ColumnarBatch batch) {
        this.columns = List.copyOf(requireNonNull(columns, "columns"));
        this.batch = requireNonNull(batch, "batch");
        this.rowCount = batch.getRowCount();
        validate();
        this.vectors = batch.getColumnsList().toArray(new ColumnVector[0]);
        this.nulls = new byte[vectors.length][];
        this.fixed = new ByteBuffer[vectors.length];
        for (int c = 0; c < vectors.length; c++) {
            ByteString n = vectors[c].getNulls();
            nulls[c] = n.isEmpty() ? null : n.toByteArray();
            ByteString f = vectors[c].getFixed();
            fixed[c] = f.isEmpty() ? null : FixedWidth.view(f);
        }
    }

    private void validate() {
        if (rowCount < 0) {
            throw malformed("negative row count " + rowCount);
        }
        if (batch.getColumnsCount() != columns.size()) {
            throw malformed("batch has " + batch.getColumnsCount() + " columns, schema has " + columns.size());
        }
        for (int c = 0; c < columns.size(); c++) {
            ColumnSpec spec = columns.get(c);
            ColumnVector v = batch.getColumns(c);
            int values = switch (spec.getKind()) {
                case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, UBIGINT, DATE, TIME, TIMESTAMP -> v.getLongsCount();
                case FLOAT -> v.getFloatsCount();
                case DOUBLE -> v.getDoublesCount();
                case VARCHAR, DECIMAL, HUGEINT -> v.getStringsCount();
                case VARBINARY -> v.getBinariesCount();
                case COLUMN_KIND_UNSPECIFIED, UNRECOGNIZED ->
                        throw malformed("column '" + spec.getName() + "' has no column kind");
            };
            if (!v.getFixed().isEmpty()) {
                int width = FixedWidth.width(spec.getKind());
                if (width == 0) {
                    throw malformed("column '" + spec.getName() + "' (" + spec.getKind() + ") cannot be sent as a fixed-width block");
                }
                if (values != 0 || v.getFixed().size() != (long) rowCount * width) {
                    throw malformed("column '" + spec.getName() + "' (" + spec.getKind() + ") has a fixed-width block of "
                            + v.getFixed().size() + " bytes and " + values + " packed values for " + rowCount + " rows");
                }
            } else if (values != rowCount) {
                throw malformed("column '" + spec.getName() + "' (" + spec.getKind() + ") has " + values
                        + " values for " + rowCount + " rows");
            }
            if (v.getNulls().size() > 0 && v.getNulls().size() < (rowCount + 7) / 8) {
                throw malformed("column '" + spec.getName() + "' has a null bitmap of " + v.getNulls().size()
                        + " bytes for " + rowCount + " rows");
            }
        }
    }

    private static SkyshardException malformed(String what) {
        return new SkyshardException(RpcErrorCode.MALFORMED_BATCH, "malformed columnar batch: " + what);
    }

    public List<ColumnSpec> columns() {
        return columns;
    }

    public int rowCount() {
        return rowCount;
    }

    public int columnCount() {
        return columns.size();
    }

    public ColumnKind kind(int column) {
        return columns.get(column).getKind();
    }

    public boolean isNull(int row, int column) {
        byte[] bitmap = nulls[column];
        return bitmap != null && (bitmap[row >>> 3] & (1 << (row & 7))) != 0;
    }

    /** The long slot (BOOLEAN 0/1, integers, UBIGINT two's complement, DATE days, TIME/TIMESTAMP micros). */
    public long getLong(int row, int column) {
        ByteBuffer f = fixed[column];
        return f != null ? f.getLong(row << 3) : vectors[column].getLongs(row);
    }

    public float getFloat(int row, int column) {
        ByteBuffer f = fixed[column];
        return f != null ? f.getFloat(row << 2) : vectors[column].getFloats(row);
    }

    public double getDouble(int row, int column) {
        ByteBuffer f = fixed[column];
        return f != null ? f.getDouble(row << 3) : vectors[column].getDoubles(row);
    }

    public String getString(int row, int column) {
        return vectors[column].getStrings(row);
    }

    public ByteString getBinary(int row, int column) {
        return vectors[column].getBinaries(row);
    }

    /** The value as a Java object (see the class comment), {@code null} for SQL NULL. */
    public Object getObject(int row, int column) {
        if (isNull(row, column)) {
            return null;
        }
        ColumnSpec spec = columns.get(column);
        return switch (spec.getKind()) {
            case BOOLEAN -> getLong(row, column) != 0;
            case TINYINT -> (byte) getLong(row, column);
            case SMALLINT -> (short) getLong(row, column);
            case INTEGER -> (int) getLong(row, column);
            case BIGINT -> getLong(row, column);
            case UBIGINT -> unsigned(getLong(row, column));
            case FLOAT -> getFloat(row, column);
            case DOUBLE -> getDouble(row, column);
            case DECIMAL -> parse(row, column, true);
            case HUGEINT -> parse(row, column, false);
            case VARCHAR -> getString(row, column);
            case VARBINARY -> getBinary(row, column).toByteArray();
            case DATE -> LocalDate.ofEpochDay(getLong(row, column));
            case TIME -> LocalTime.ofNanoOfDay(getLong(row, column) * 1000);
            case TIMESTAMP -> ResultSetEncoder.Temporals.fromEpochMicros(getLong(row, column));
            case COLUMN_KIND_UNSPECIFIED, UNRECOGNIZED -> throw malformed("column '" + spec.getName() + "' has no column kind");
        };
    }

    private Object parse(int row, int column, boolean decimal) {
        String s = getString(row, column);
        try {
            return decimal ? new BigDecimal(s) : new BigInteger(s);
        } catch (NumberFormatException e) {
            throw malformed("column '" + columns.get(column).getName() + "' row " + row + " holds '" + s
                    + "', not a " + (decimal ? "decimal" : "integer"));
        }
    }

    /** The unsigned value of a UBIGINT slot. */
    public static BigInteger unsigned(long value) {
        BigInteger b = BigInteger.valueOf(value);
        return value >= 0 ? b : b.add(TWO_TO_64);
    }

    /** Convenience for the TIMESTAMP slot. */
    public static LocalDateTime timestamp(long epochMicros) {
        return ResultSetEncoder.Temporals.fromEpochMicros(epochMicros);
    }
}
