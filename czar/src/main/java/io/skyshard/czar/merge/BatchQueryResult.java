package io.skyshard.czar.merge;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.czar.query.QueryResult;
import io.skyshard.czar.query.ResultColumn;
import io.skyshard.rpc.ColumnKind;
import io.skyshard.rpc.ColumnSpec;
import io.skyshard.rpc.ColumnarBatch;
import io.skyshard.rpc.convert.BatchReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of the workers' partial results handed to the client as they are, without the merge
 * engine: for a distributed query whose merge is a bare projection of the partial columns (no
 * ORDER BY, LIMIT, DISTINCT, aggregate or expression) over catalog columns shown unchanged, which is
 * what cone searches and key lookups are. Creating, filling and querying the merge table costs
 * about a millisecond per query, more than such a query's own work.
 *
 * <p>Values and column descriptions are those {@link JdbcQueryResult} gives for the same rows
 * through DuckDB; {@link #compatible} says when they are (otherwise the merge engine is used).
 */
public final class BatchQueryResult implements QueryResult {
    private static final String SELECT = "SELECT ";
    private static final String FROM = " FROM \"partials\"";

    private final Connection connection;
    private final List<ColumnSpec> specs;
    private final List<ColumnarBatch> batches;
    private final List<ResultColumn> columns;
    private final Runnable onClose;
    private int batch = -1;
    private BatchReader reader;
    private int row;
    private boolean closed;

    /**
     * @param connection the query's merge connection, closed with this result (may be null)
     * @param declared   per column, the catalog column it shows (all non-null: see {@link #compatible})
     */
    public BatchQueryResult(Connection connection, List<ColumnSpec> specs, List<ColumnarBatch> batches, List<String> names,
            List<ColumnDef> declared, Runnable onClose) {
        this.connection = connection;
        this.specs = List.copyOf(specs);
        this.batches = List.copyOf(batches);
        this.onClose = onClose;
        List<ResultColumn> cols = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            ColumnDef def = declared.get(i);
            cols.add(new ResultColumn(names.get(i), def.type(), def.length(), def.scale()));
        }
        this.columns = List.copyOf(cols);
    }

    /**
     * Whether {@code mergeSql} is {@code SELECT "partials"."c0" AS "x", ... FROM "partials"} showing
     * partial columns c0, c1, ... cN-1 in order and nothing else, as the planner writes a bare
     * projection. (Scanned by hand: a regular expression recursing per column overflows the stack on
     * tables of hundreds of columns.)
     */
    public static boolean isBareProjection(String mergeSql, int columnCount) {
        if (!mergeSql.startsWith(SELECT) || !mergeSql.endsWith(FROM) || columnCount <= 0) {
            return false;
        }
        int end = mergeSql.length() - FROM.length();
        int at = SELECT.length();
        for (int i = 0; i < columnCount; i++) {
            String item = "\"partials\".\"c" + i + "\" AS \"";
            if (!mergeSql.startsWith(item, at)) {
                return false;
            }
            at += item.length();
            // the alias, with "" standing for a quote inside it
            while (true) {
                if (at >= end) {
                    return false;
                }
                if (mergeSql.charAt(at) == '"') {
                    if (at + 1 < end && mergeSql.charAt(at + 1) == '"') {
                        at += 2;
                        continue;
                    }
                    at++;
                    break;
                }
                at++;
            }
            if (i < columnCount - 1) {
                if (!mergeSql.startsWith(", ", at)) {
                    return false;
                }
                at += 2;
            }
        }
        return at == end;
    }

    /**
     * Whether every partial column's kind is read the way the merge engine would give the declared
     * column: a declared column on every position, with a kind of the same family.
     */
    public static boolean compatible(List<ColumnSpec> specs, List<ColumnDef> declared) {
        if (specs.size() != declared.size()) {
            return false;
        }
        for (int i = 0; i < specs.size(); i++) {
            ColumnDef def = declared.get(i);
            if (def == null || !compatible(specs.get(i).getKind(), def.type())) {
                return false;
            }
        }
        return true;
    }

    private static boolean compatible(ColumnKind kind, ColumnType type) {
        return switch (kind) {
            case BOOLEAN -> type == ColumnType.BOOLEAN;
            case TINYINT, SMALLINT, INTEGER, BIGINT -> switch (type) {
                case TINYINT, SMALLINT, INTEGER, BIGINT, BIT -> true;
                default -> false;
            };
            case FLOAT -> type == ColumnType.FLOAT;
            case DOUBLE -> type == ColumnType.DOUBLE;
            case VARCHAR -> type == ColumnType.CHAR || type == ColumnType.VARCHAR;
            case VARBINARY -> type == ColumnType.VARBINARY;
            case DECIMAL -> type == ColumnType.DECIMAL;
            case DATE -> type == ColumnType.DATE;
            case TIME -> type == ColumnType.TIME;
            case TIMESTAMP -> type == ColumnType.TIMESTAMP;
            // Unsigned and 128-bit values keep the merge engine's conversions.
            default -> false;
        };
    }

    @Override
    public List<ResultColumn> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        while (reader == null || row + 1 >= reader.rowCount()) {
            if (++batch >= batches.size()) {
                reader = null;
                return false;
            }
            reader = new BatchReader(specs, batches.get(batch));
            row = -1;
        }
        row++;
        return true;
    }

    @Override
    public Object value(int index) {
        Object v = reader.getObject(row, index);
        if (v == null) {
            return null;
        }
        // The Java types JdbcQueryResult gives: every integer kind as a Long.
        return switch (columns.get(index).type()) {
            case TINYINT, SMALLINT, INTEGER, BIGINT, BIT -> ((Number) v).longValue();
            default -> v;
        };
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            // nothing was written through it
        } finally {
            onClose.run();
        }
    }
}
