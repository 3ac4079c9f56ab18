package io.skyshard.sql.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A query run as is on the czar's DuckDB: one that touches no table (e.g. {@code SELECT 1 + 1}), or
 * the outer part of a {@link StagedPlan} over the tables its stages materialised.
 *
 * @param sql DuckDB SQL
 * @param columnNames MySQL-style result column names (alias, else the expression text)
 */
public record LocalPlan(String sql, List<String> columnNames) implements QueryPlan {
    public LocalPlan {
        requireNonNull(sql, "sql");
        columnNames = List.copyOf(columnNames);
    }
}
