package io.skyshard.sql.plan;

import io.skyshard.common.catalog.ColumnDef;
import java.util.List;

/**
 * A query run as is on the czar's DuckDB: one that touches no table (e.g. {@code SELECT 1 + 1}), or
 * the outer part of a {@link StagedPlan} over the tables its stages materialised.
 *
 * @param sql DuckDB SQL
 * @param columnNames MySQL-style result column names (alias, else the expression text)
 */
public record LocalPlan(String sql, List<String> columnNames, List<ColumnDef> declaredColumns) implements QueryPlan {
    public LocalPlan {
        java.util.Objects.requireNonNull(sql, "sql");
        columnNames = List.copyOf(columnNames);
        declaredColumns = QueryPlan.declared(declaredColumns, columnNames.size());
    }

    public LocalPlan(String sql, List<String> columnNames) {
        this(sql, columnNames, null);
    }
}
