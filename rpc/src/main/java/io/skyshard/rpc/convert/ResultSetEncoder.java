package io.skyshard.rpc.convert;

import com.google.protobuf.ByteString;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.rpc.ColumnKind;
import io.skyshard.rpc.ColumnSpec;
import io.skyshard.rpc.ColumnVector;
import io.skyshard.rpc.ColumnarBatch;
import io.skyshard.rpc.ResultSchema;
import org.duckdb.DuckDBResultSet;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;

/**
 * Reads a JDBC result set into {@link ColumnarBatch}es of at most {@code maxRows} rows or about
 * {@code maxBytes} of payload, whichever comes first. Primitive columns are read with
 * getLong/getDouble/getFloat + wasNull so that no value is boxed.
 *
 * <p>Not thread-safe; the result set stays owned by the caller.
 */
public final class ResultSetEncoder {
    public static final int DEFAULT_BATCH_ROWS = 4096;
    public static final long DEFAULT_BATCH_BYTES = 1L << 20;

    /** How a column's values are taken out of the result set. */
    private enum Access { BOOLEAN, LONG, FLOAT, DOUBLE, STRING, DECIMAL, BYTES, DATE, TIME, TIMESTAMP_MICROS, TIMESTAMP_OBJECT }

    private final ResultSet resultSet;
    private final List<ColumnSpec> columns;
    private final Access[] access;
    private final int maxRows;
    private final long maxBytes;
    private boolean exhausted;
    private long rowsRead;

    public ResultSetEncoder(ResultSet resultSet) throws SQLException {
        this(resultSet, DEFAULT_BATCH_ROWS, DEFAULT_BATCH_BYTES);
    }

    public ResultSetEncoder(ResultSet resultSet, int maxRows, long maxBytes) throws SQLException {
        this.resultSet = Objects.requireNonNull(resultSet, "resultSet");
        this.maxRows = maxRows > 0 ? maxRows : DEFAULT_BATCH_ROWS;
        this.maxBytes = maxBytes > 0 ? maxBytes : DEFAULT_BATCH_BYTES;
        ResultSetMetaData md = resultSet.getMetaData();
        this.columns = ColumnKinds.specs(md);
        this.access = new Access[columns.size()];
        boolean duckDb = resultSet.isWrapperFor(DuckDBResultSet.class);
        for (int i = 0; i < access.length; i++) {
            access[i] = accessOf(columns.get(i).getKind(), duckDb && "TIMESTAMP".equals(md.getColumnTypeName(i + 1)));
        }
    }

    private static Access accessOf(ColumnKind kind, boolean microsFromGetLong) {
        return switch (kind) {
            case BOOLEAN -> Access.BOOLEAN;
            case TINYINT, SMALLINT, INTEGER, BIGINT, UBIGINT -> Access.LONG;
            case FLOAT -> Access.FLOAT;
            case DOUBLE -> Access.DOUBLE;
            case DECIMAL -> Access.DECIMAL;
            case VARCHAR, HUGEINT -> Access.STRING;
            case VARBINARY -> Access.BYTES;
            case DATE -> Access.DATE;
            case TIME -> Access.TIME;
            // DuckDB hands out a plain TIMESTAMP as epoch microseconds through getLong; other
            // precisions and zoned timestamps go through java.time objects.
            case TIMESTAMP -> microsFromGetLong ? Access.TIMESTAMP_MICROS : Access.TIMESTAMP_OBJECT;
            case COLUMN_KIND_UNSPECIFIED, UNRECOGNIZED -> Access.STRING;
        };
    }

    public List<ColumnSpec> columns() {
        return columns;
    }

    public ResultSchema schema() {
        return ResultSchema.newBuilder().addAllColumns(columns).build();
    }

    /** Rows read so far. */
    public long rowsRead() {
        return rowsRead;
    }

    /** The next batch, or {@code null} when the result set is exhausted. Never returns an empty batch. */
    public ColumnarBatch next() throws SQLException {
        if (exhausted) {
            return null;
        }
        int n = columns.size();
        ColumnVector.Builder[] vectors = new ColumnVector.Builder[n];
        for (int c = 0; c < n; c++) {
            vectors[c] = ColumnVector.newBuilder();
        }
        byte[][] nulls = new byte[n][];
        boolean[] anyNull = new boolean[n];
        int rows = 0;
        long bytes = 0;
        while (rows < maxRows && bytes < maxBytes) {
            if (!resultSet.next()) {
                exhausted = true;
                break;
            }
            for (int c = 0; c < n; c++) {
                int col = c + 1;
                ColumnVector.Builder v = vectors[c];
                boolean isNull;
                switch (access[c]) {
                    case BOOLEAN -> {
                        boolean x = resultSet.getBoolean(col);
                        isNull = resultSet.wasNull();
                        v.addLongs(!isNull && x ? 1 : 0);
                        bytes += 1;
                    }
                    case LONG, TIMESTAMP_MICROS -> {
                        long x = resultSet.getLong(col);
                        isNull = resultSet.wasNull();
                        v.addLongs(isNull ? 0 : x);
                        bytes += 8;
                    }
                    case FLOAT -> {
                        float x = resultSet.getFloat(col);
                        isNull = resultSet.wasNull();
                        v.addFloats(isNull ? 0f : x);
                        bytes += 4;
                    }
                    case DOUBLE -> {
                        double x = resultSet.getDouble(col);
                        isNull = resultSet.wasNull();
                        v.addDoubles(isNull ? 0d : x);
                        bytes += 8;
                    }
                    case STRING -> {
                        String x = resultSet.getString(col);
                        isNull = x == null;
                        v.addStrings(isNull ? "" : x);
                        bytes += isNull ? 1 : x.length() + 2;
                    }
                    case DECIMAL -> {
                        BigDecimal x = resultSet.getBigDecimal(col);
                        isNull = x == null;
                        String s = isNull ? "" : x.toPlainString();
                        v.addStrings(s);
                        bytes += s.length() + 2;
                    }
                    case BYTES -> {
                        byte[] x = resultSet.getBytes(col);
                        isNull = x == null;
                        v.addBinaries(isNull ? ByteString.EMPTY : ByteString.copyFrom(x));
                        bytes += isNull ? 1 : x.length + 2;
                    }
                    case DATE -> {
                        Object x = resultSet.getObject(col);
                        isNull = x == null;
                        v.addLongs(isNull ? 0 : epochDay(x, c));
                        bytes += 8;
                    }
                    case TIME -> {
                        Object x = resultSet.getObject(col);
                        isNull = x == null;
                        v.addLongs(isNull ? 0 : microOfDay(x, c));
                        bytes += 8;
                    }
                    case TIMESTAMP_OBJECT -> {
                        Object x = resultSet.getObject(col);
                        isNull = x == null;
                        v.addLongs(isNull ? 0 : epochMicros(x, c));
                        bytes += 8;
                    }
                    default -> throw new IllegalStateException("unhandled access " + access[c]);
                }
                if (isNull) {
                    if (nulls[c] == null) {
                        nulls[c] = new byte[(maxRows + 7) / 8];
                    }
                    nulls[c][rows >>> 3] |= (byte) (1 << (rows & 7));
                    anyNull[c] = true;
                }
            }
            rows++;
        }
        if (rows == 0) {
            return null;
        }
        rowsRead += rows;
        ColumnarBatch.Builder batch = ColumnarBatch.newBuilder().setRowCount(rows);
        int bitmapBytes = (rows + 7) / 8;
        for (int c = 0; c < n; c++) {
            if (anyNull[c]) {
                vectors[c].setNulls(ByteString.copyFrom(nulls[c], 0, bitmapBytes));
            }
            batch.addColumns(vectors[c]);
        }
        return batch.build();
    }

    private long epochDay(Object x, int c) {
        if (x instanceof LocalDate d) {
            return d.toEpochDay();
        }
        if (x instanceof java.sql.Date d) {
            return d.toLocalDate().toEpochDay();
        }
        throw unexpected(x, c);
    }

    private long microOfDay(Object x, int c) {
        if (x instanceof LocalTime t) {
            return t.toNanoOfDay() / 1000;
        }
        if (x instanceof java.sql.Time t) {
            return t.toLocalTime().toNanoOfDay() / 1000;
        }
        throw unexpected(x, c);
    }

    private long epochMicros(Object x, int c) {
        if (x instanceof LocalDateTime t) {
            return Temporals.epochMicros(t);
        }
        if (x instanceof Timestamp t) {
            return Temporals.epochMicros(t.toLocalDateTime());
        }
        if (x instanceof OffsetDateTime t) {
            return Temporals.epochMicros(t.toInstant());
        }
        if (x instanceof ZonedDateTime t) {
            return Temporals.epochMicros(t.toInstant());
        }
        if (x instanceof Instant t) {
            return Temporals.epochMicros(t);
        }
        throw unexpected(x, c);
    }

    private SkyshardException unexpected(Object x, int c) {
        return new SkyshardException(RpcErrorCode.CONVERSION_FAILED, "column '" + columns.get(c).getName()
                + "' of kind " + columns.get(c).getKind() + " returned an unexpected " + x.getClass().getName());
    }

    /** Helper kept separate so the reader uses the same epoch arithmetic. */
    static final class Temporals {
        private Temporals() {
        }

        static long epochMicros(LocalDateTime t) {
            return epochMicros(t.toInstant(ZoneOffset.UTC));
        }

        static long epochMicros(Instant i) {
            return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
        }

        static LocalDateTime fromEpochMicros(long micros) {
            long seconds = Math.floorDiv(micros, 1_000_000L);
            int nanos = (int) Math.floorMod(micros, 1_000_000L) * 1000;
            return LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
        }
    }

}
