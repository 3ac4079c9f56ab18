package io.skyshard.rpc.convert;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.rpc.ColumnKind;
import io.skyshard.rpc.ColumnSpec;
import io.skyshard.rpc.ColumnarBatch;
import org.duckdb.DuckDBAppender;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Appends {@link ColumnarBatch}es to a DuckDB table through a {@link DuckDBAppender}: the fast
 * path for loading chunk tables on workers and partial results at the czar. The target table must
 * have the DuckDB types {@link ColumnKinds#duckDbType} gives for the specs, in order.
 *
 * <p>The appender writes into the connection's current transaction; the caller flushes/closes it
 * and commits.
 */
public final class BatchAppender {
    private final List<ColumnSpec> columns;
    /** The columns' kinds, looked up once: ColumnSpec.getKind() maps a number to the enum on every call. */
    private final ColumnKind[] kinds;

    public BatchAppender(List<ColumnSpec> columns) {
        this.columns = List.copyOf(requireNonNull(columns, "columns"));
        this.kinds = this.columns.stream().map(ColumnSpec::getKind).toArray(ColumnKind[]::new);
    }

    public List<ColumnSpec> columns() {
        return columns;
    }

    /** Values appended after each row's own columns, e.g. a storage engine's hidden columns. */
    @FunctionalInterface
    public interface RowSuffix {
        RowSuffix NONE = appender -> { };

        void append(DuckDBAppender appender) throws SQLException;
    }

    /** Appends every row of the batch; returns the number of rows appended. */
    public int append(DuckDBAppender appender, ColumnarBatch batch) {
        return append(appender, batch, RowSuffix.NONE);
    }

    /** Appends every row of the batch followed by the suffix's values; returns the number of rows appended. */
    public int append(DuckDBAppender appender, ColumnarBatch batch, RowSuffix suffix) {
        BatchReader reader = new BatchReader(columns, batch);
        int rows = reader.rowCount();
        int n = columns.size();
        int row = 0;
        int col = 0;
        try {
            for (row = 0; row < rows; row++) {
                appender.beginRow();
                for (col = 0; col < n; col++) {
                    if (reader.isNull(row, col)) {
                        appender.appendNull();
                        continue;
                    }
                    switch (kinds[col]) {
                        case BOOLEAN -> appender.append(reader.getLong(row, col) != 0);
                        case TINYINT -> appender.append((byte) reader.getLong(row, col));
                        case SMALLINT -> appender.append((short) reader.getLong(row, col));
                        case INTEGER -> appender.append((int) reader.getLong(row, col));
                        case BIGINT, UBIGINT -> appender.append(reader.getLong(row, col));
                        case FLOAT -> appender.append(reader.getFloat(row, col));
                        case DOUBLE -> appender.append(reader.getDouble(row, col));
                        case DECIMAL -> appender.append(decimal(reader, row, col));
                        case HUGEINT -> appender.append((BigInteger) reader.getObject(row, col));
                        case VARCHAR -> appender.append(reader.getString(row, col));
                        case VARBINARY -> appender.append(reader.getBinary(row, col).toByteArray());
                        case DATE -> appender.appendEpochDays(Math.toIntExact(reader.getLong(row, col)));
                        case TIME -> appender.appendDayMicros(reader.getLong(row, col));
                        case TIMESTAMP -> appender.appendEpochMicros(reader.getLong(row, col));
                        case COLUMN_KIND_UNSPECIFIED, UNRECOGNIZED -> throw new SkyshardException(RpcErrorCode.UNSUPPORTED_TYPE,
                                "column '" + columns.get(col).getName() + "' has no column kind");
                    }
                }
                suffix.append(appender);
                appender.endRow();
            }
        } catch (SQLException | ArithmeticException e) {
            String name = col < n ? columns.get(col).getName() : "?";
            throw new SkyshardException(RpcErrorCode.CONVERSION_FAILED, "cannot append row " + row + " column '" + name
                    + "': " + e.getMessage(), e);
        }
        return rows;
    }

    private BigDecimal decimal(BatchReader reader, int row, int col) {
        BigDecimal value = (BigDecimal) reader.getObject(row, col);
        int scale = columns.get(col).getScale();
        // The appender requires the column's exact scale; a wire value like "1.5" for DECIMAL(10,2)
        // is rescaled exactly, and a value needing rounding is rejected rather than altered.
        try {
            return value.scale() == scale ? value : value.setScale(scale);
        } catch (ArithmeticException e) {
            throw new SkyshardException(RpcErrorCode.MALFORMED_BATCH, "value " + value + " of column '"
                    + columns.get(col).getName() + "' does not fit DECIMAL scale " + scale);
        }
    }
}
