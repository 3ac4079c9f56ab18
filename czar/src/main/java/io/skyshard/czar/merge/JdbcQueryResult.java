package io.skyshard.czar.merge;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.CzarErrorCode;
import io.skyshard.czar.query.QueryResult;
import io.skyshard.czar.query.ResultColumn;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link QueryResult} streaming the rows of a merge query from DuckDB. Owns the statement and the
 * per-query connection and closes them with itself.
 */
public final class JdbcQueryResult implements QueryResult {
    private final Connection connection;
    private final Statement statement;
    private final ResultSet rs;
    private final List<ResultColumn> columns;
    private final Runnable onClose;
    private boolean closed;

    public JdbcQueryResult(Connection connection, Statement statement, ResultSet rs, List<String> names, Runnable onClose)
            throws SQLException {
        this(connection, statement, rs, names, List.of(), onClose);
    }

    /**
     * @param declared per result column, the catalog column it shows unchanged (null, or a shorter
     *                 list, for computed columns): such a column is described with its declared type
     *                 (CHAR(34), BIT(1), TINYINT ...), which DuckDB's own types do not preserve
     */
    public JdbcQueryResult(Connection connection, Statement statement, ResultSet rs, List<String> names,
            List<ColumnDef> declared, Runnable onClose) throws SQLException {
        this.connection = connection;
        this.statement = statement;
        this.rs = rs;
        this.onClose = onClose;
        ResultSetMetaData md = rs.getMetaData();
        List<ResultColumn> cols = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String name = i - 1 < names.size() ? names.get(i - 1) : md.getColumnLabel(i);
            ColumnDef def = i - 1 < declared.size() ? declared.get(i - 1) : null;
            String duckType = md.getColumnTypeName(i);
            if (def != null) {
                cols.add(new ResultColumn(name, def.type(), def.length(), def.scale()));
            } else {
                cols.add(new ResultColumn(name, typeOf(duckType, md.getColumnType(i)), md.getPrecision(i), md.getScale(i),
                        duckType.equalsIgnoreCase("UBIGINT")));
            }
        }
        this.columns = List.copyOf(cols);
    }

    /** Maps a DuckDB result column type to the logical type shown to clients. */
    static ColumnType typeOf(String duckType, int jdbcType) {
        String t = duckType.toUpperCase(java.util.Locale.ROOT);
        if (t.startsWith("DECIMAL")) {
            return ColumnType.DECIMAL;
        }
        return switch (t) {
            case "BOOLEAN" -> ColumnType.BOOLEAN;
            case "TINYINT", "UTINYINT" -> ColumnType.TINYINT;
            case "SMALLINT", "USMALLINT" -> ColumnType.SMALLINT;
            case "INTEGER", "UINTEGER" -> ColumnType.INTEGER;
            case "BIGINT" -> ColumnType.BIGINT;
            // MySQL's BIGINT UNSIGNED (the unsigned flag is set on the column).
            case "UBIGINT" -> ColumnType.BIGINT;
            // Values that need more than 64 bits are sent as exact decimals.
            case "HUGEINT", "UHUGEINT" -> ColumnType.DECIMAL;
            case "FLOAT" -> ColumnType.FLOAT;
            case "DOUBLE" -> ColumnType.DOUBLE;
            case "BLOB" -> ColumnType.VARBINARY;
            case "DATE" -> ColumnType.DATE;
            case "TIME" -> ColumnType.TIME;
            case "TIMESTAMP", "TIMESTAMP WITH TIME ZONE" -> ColumnType.TIMESTAMP;
            default -> jdbcType == Types.BIGINT ? ColumnType.BIGINT : ColumnType.VARCHAR;
        };
    }

    @Override
    public List<ResultColumn> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        try {
            return rs.next();
        } catch (SQLException e) {
            throw new SkyshardException(CzarErrorCode.MERGE_FAILED, "reading the merged result failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Object value(int index) {
        int i = index + 1;
        try {
            Object v = switch (columns.get(index).type()) {
                case BOOLEAN -> rs.getBoolean(i);
                case TINYINT, SMALLINT, INTEGER, BIGINT, BIT -> columns.get(index).unsigned() ? unsigned(rs.getObject(i))
                        : rs.getLong(i);
                case FLOAT -> rs.getFloat(i);
                case DOUBLE -> rs.getDouble(i);
                case DECIMAL -> decimal(rs.getObject(i));
                case VARBINARY -> rs.getBytes(i);
                case DATE -> rs.getObject(i, java.time.LocalDate.class);
                // DuckDB's driver returns TIME as a LocalTime but refuses getObject(i, LocalTime.class)
                case TIME -> (java.time.LocalTime) rs.getObject(i);
                case TIMESTAMP -> rs.getObject(i, java.time.LocalDateTime.class);
                case CHAR, VARCHAR -> rs.getString(i);
            };
            return rs.wasNull() ? null : v;
        } catch (SQLException e) {
            throw new SkyshardException(CzarErrorCode.MERGE_FAILED, "reading column " + i + " failed: " + e.getMessage(), e);
        }
    }

    /** A BIGINT UNSIGNED value: a Long when it fits, else its exact BigInteger. */
    private static Object unsigned(Object v) {
        if (v == null || v instanceof Long) {
            return v;
        }
        BigInteger b = v instanceof BigInteger big ? big : new BigInteger(v.toString());
        return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }

    private static Object decimal(Object v) {
        if (v == null || v instanceof BigDecimal) {
            return v;
        }
        if (v instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        return new BigDecimal(v.toString());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            rs.close();
            statement.close();
            connection.close();
        } catch (SQLException e) {
            // Closing a finished query cannot fail in a way the client could act on.
        } finally {
            onClose.run();
        }
    }
}
