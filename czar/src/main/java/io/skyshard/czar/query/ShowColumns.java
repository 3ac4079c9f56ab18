package io.skyshard.czar.query;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.czar.frontend.mysql.StaticResult;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code SHOW [FULL] COLUMNS FROM t} and {@code DESCRIBE t} as MySQL answers them: Field, Type, Null,
 * Key, Default, Extra (FULL adds Collation, Privileges and Comment). The columns are the ones
 * {@code SELECT *} returns, without the chunk columns partitioning added; Type is the MySQL
 * declaration of the stored type ({@code bigint(20)}, {@code float}, {@code varchar(255)},
 * {@code bit(1)}, {@code blob} ...). Keys, defaults and auto-increment are not part of the catalog
 * (ingest keeps columns only), so Key and Extra are empty and Default is NULL.
 */
final class ShowColumns {
    private ShowColumns() {
    }

    static QueryResult of(TableDef table, boolean full, Pattern like) {
        return of(table, full, like, java.util.Set.of(), null);
    }

    /**
     * @param constants columns of a view that are constants, whose Default MySQL shows as ''
     * @param where     the condition of {@code SHOW COLUMNS ... WHERE}, null for none
     */
    static QueryResult of(TableDef table, boolean full, Pattern like, java.util.Set<String> constants, String where) {
        List<ResultColumn> columns = full
                ? List.of(varchar("Field"), varchar("Type"), varchar("Collation"), varchar("Null"), varchar("Key"),
                        varchar("Default"), varchar("Extra"), varchar("Privileges"), varchar("Comment"))
                : List.of(varchar("Field"), varchar("Type"), varchar("Null"), varchar("Key"), varchar("Default"),
                        varchar("Extra"));
        ShowColumnsFilter filter = where == null ? null : ShowColumnsFilter.parse(where,
                columns.stream().map(ResultColumn::name).toList());
        List<List<Object>> rows = new ArrayList<>();
        for (ColumnDef c : table.starColumns()) {
            if (like != null && !like.matcher(c.name()).matches()) {
                continue;
            }
            List<Object> row = new ArrayList<>();
            row.add(c.name());
            row.add(mysqlType(c));
            if (full) {
                row.add(c.type() == ColumnType.CHAR || c.type() == ColumnType.VARCHAR ? "latin1_swedish_ci" : null);
            }
            row.add(c.nullable() ? "YES" : "NO");
            row.add(c.key() == null ? "" : c.key());
            row.add(constants.contains(c.name()) ? "" : null);
            row.add("");
            if (full) {
                row.add("select");
                row.add(c.description() == null ? "" : c.description());
            }
            if (filter == null || filter.accepts(row)) {
                rows.add(row);
            }
        }
        return new StaticResult(columns, rows, "");
    }

    /** The MySQL declaration of a column's type, as SHOW COLUMNS prints it. */
    static String mysqlType(ColumnDef c) {
        int n = c.length();
        return switch (c.type()) {
            case BOOLEAN -> "tinyint(1)";
            case TINYINT -> "tinyint(4)";
            case SMALLINT -> "smallint(6)";
            case INTEGER -> "int(11)";
            case BIGINT -> "bigint(20)";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case DECIMAL -> "decimal(" + (n > 0 ? n : 10) + "," + Math.max(0, c.scale()) + ")";
            case CHAR -> "char(" + Math.max(1, n) + ")";
            case VARCHAR -> n > 0 ? "varchar(" + n + ")" : "text";
            case VARBINARY -> n > 0 ? "varbinary(" + n + ")" : "blob";
            case BIT -> "bit(" + Math.max(1, n) + ")";
            case DATE -> "date";
            case TIME -> "time";
            case TIMESTAMP -> "datetime";
        };
    }

    private static ResultColumn varchar(String name) {
        return new ResultColumn(name, ColumnType.VARCHAR, 64, 0);
    }
}
