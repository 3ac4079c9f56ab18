package io.skyshard.czar.frontend;

import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.error.CommonErrorCode;
import io.skyshard.common.error.ErrorCategory;
import io.skyshard.common.error.ErrorCode;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.query.QueryResult;
import io.skyshard.czar.query.QueryService;
import io.skyshard.czar.query.ResultColumn;
import io.skyshard.czar.query.Session;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A stand-in for the czar's query service in front-end tests: runs each statement directly on an
 * in-memory DuckDB, maps DuckDB types to catalog types, and records the statements it received so
 * tests can check which ones the front end answered itself.
 */
public final class DuckDbQueryService implements QueryService, AutoCloseable {
    public enum FakeErrorCode implements ErrorCode {
        SYNTAX_ERROR(ErrorCategory.USER, 1064),
        MULTI_STATEMENT(ErrorCategory.USER, 1064),
        OUT_OF_WORKERS(ErrorCategory.RESOURCE, 1041);

        private final ErrorCategory category;
        private final int code;

        FakeErrorCode(ErrorCategory category, int code) {
            this.category = category;
            this.code = code;
        }

        @Override
        public ErrorCategory category() {
            return category;
        }

        @Override
        public int mysqlCode() {
            return code;
        }
    }

    private final Connection connection;
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());

    public DuckDbQueryService() {
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<String> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public QueryResult execute(String sql, Session session) {
        received.add(sql);
        String trimmed = sql.strip();
        if (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.contains(";")) {
            throw new SkyshardException(FakeErrorCode.MULTI_STATEMENT, "Multiple statements in one query are not supported");
        }
        if (trimmed.equalsIgnoreCase("SELECT fail_resource()")) {
            throw new SkyshardException(FakeErrorCode.OUT_OF_WORKERS, "No worker available for chunk 42");
        }
        if (trimmed.equalsIgnoreCase("SELECT fail_unexpected()")) {
            throw new IllegalStateException("fake service broke");
        }
        Connection c = null;
        Statement st = null;
        try {
            c = ((org.duckdb.DuckDBConnection) connection).duplicate();
            st = c.createStatement();
            boolean hasRows = st.execute(trimmed);
            if (!hasRows) {
                int count = st.getUpdateCount();
                st.close();
                c.close();
                return new JdbcResult(null, null, List.of(), "Rows: " + count);
            }
            ResultSet rs = st.getResultSet();
            ResultSetMetaData md = rs.getMetaData();
            List<ResultColumn> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(column(md.getColumnLabel(i), md.getColumnTypeName(i)));
            }
            return new JdbcResult(c, rs, columns, "");
        } catch (SQLException e) {
            closeQuietly(st);
            closeQuietly(c);
            String msg = e.getMessage();
            if (msg != null && msg.contains("Parser Error")) {
                throw new SkyshardException(FakeErrorCode.SYNTAX_ERROR, msg, e);
            }
            if (msg != null && msg.contains("Catalog Error")) {
                throw new SkyshardException(CommonErrorCode.UNKNOWN_TABLE, msg, e);
            }
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, String.valueOf(msg), e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already failing
            }
        }
    }

    private static ResultColumn column(String name, String duckType) {
        String t = duckType.toUpperCase(Locale.ROOT);
        if (t.startsWith("DECIMAL")) {
            String[] ps = t.substring(t.indexOf('(') + 1, t.indexOf(')')).split(",");
            return new ResultColumn(name, ColumnType.DECIMAL, Integer.parseInt(ps[0].trim()), Integer.parseInt(ps[1].trim()));
        }
        ColumnType type = switch (t) {
            case "BOOLEAN" -> ColumnType.BOOLEAN;
            case "TINYINT" -> ColumnType.TINYINT;
            case "SMALLINT" -> ColumnType.SMALLINT;
            case "INTEGER" -> ColumnType.INTEGER;
            case "BIGINT" -> ColumnType.BIGINT;
            case "UBIGINT" -> ColumnType.BIT;
            case "FLOAT" -> ColumnType.FLOAT;
            case "DOUBLE" -> ColumnType.DOUBLE;
            case "BLOB" -> ColumnType.VARBINARY;
            case "DATE" -> ColumnType.DATE;
            case "TIME" -> ColumnType.TIME;
            case "TIMESTAMP" -> ColumnType.TIMESTAMP;
            default -> ColumnType.VARCHAR;
        };
        return new ResultColumn(name, type, type == ColumnType.BIT ? 64 : 0, type == ColumnType.TIMESTAMP ? 6 : 0);
    }

    private static final class JdbcResult implements QueryResult {
        private final Connection connection;
        private final ResultSet rs;
        private final List<ResultColumn> columns;
        private final String info;

        JdbcResult(Connection connection, ResultSet rs, List<ResultColumn> columns, String info) {
            this.connection = connection;
            this.rs = rs;
            this.columns = List.copyOf(columns);
            this.info = info;
        }

        @Override
        public List<ResultColumn> columns() {
            return columns;
        }

        @Override
        public boolean next() {
            try {
                return rs != null && rs.next();
            } catch (SQLException e) {
                throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, e.getMessage(), e);
            }
        }

        @Override
        public Object value(int index) {
            int i = index + 1;
            try {
                Object v = switch (columns.get(index).type()) {
                    case BOOLEAN -> rs.getBoolean(i);
                    case TINYINT, SMALLINT, INTEGER, BIGINT -> rs.getLong(i);
                    case BIT -> {
                        Object o = rs.getObject(i);
                        yield o instanceof BigInteger b ? b.longValue() : o == null ? null : ((Number) o).longValue();
                    }
                    case FLOAT -> rs.getFloat(i);
                    case DOUBLE -> rs.getDouble(i);
                    case DECIMAL -> rs.getBigDecimal(i);
                    case VARBINARY -> rs.getBytes(i);
                    case DATE -> rs.getObject(i, LocalDate.class);
                    case TIME -> {
                        Object o = rs.getObject(i);
                        yield o instanceof java.sql.Time t ? t.toLocalTime() : o instanceof LocalTime t ? t : o == null ? null : LocalTime.parse(o.toString());
                    }
                    case TIMESTAMP -> rs.getObject(i, LocalDateTime.class);
                    default -> rs.getString(i);
                };
                return rs.wasNull() ? null : v;
            } catch (SQLException e) {
                throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, e.getMessage(), e);
            }
        }

        @Override
        public String info() {
            return info;
        }

        @Override
        public void close() {
            closeQuietly(rs);
            closeQuietly(connection);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
