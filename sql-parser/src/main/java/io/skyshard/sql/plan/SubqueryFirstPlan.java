package io.skyshard.sql.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A query whose expressions hold uncorrelated subqueries ({@code x IN (SELECT ...)}, a scalar
 * {@code (SELECT AVG(...) ...)}, {@code EXISTS (SELECT ...)}) that must be answered first: the czar
 * runs each {@link Subquery#plan()}, binds its rows with {@link SubqueryValues} and plans the query
 * again, now with the values as literals. Values in place of {@code objectId IN (SELECT ...)} then
 * prune chunks through the director index like any literal list.
 *
 * @param subqueries      the subqueries to run now (each independent of the others)
 * @param columnNames     the result columns the query will have (they do not depend on the values)
 * @param declaredColumns their catalog columns, as {@link QueryPlan#declaredColumns()}
 */
public record SubqueryFirstPlan(List<Subquery> subqueries, List<String> columnNames,
        List<io.skyshard.common.catalog.ColumnDef> declaredColumns) implements QueryPlan {
    public SubqueryFirstPlan {
        subqueries = List.copyOf(subqueries);
        if (subqueries.isEmpty()) {
            throw new IllegalArgumentException("no subquery to run first");
        }
        columnNames = List.copyOf(columnNames);
        declaredColumns = QueryPlan.declared(declaredColumns, columnNames.size());
    }

    /** How the rows of a subquery are used. */
    public enum Kind {
        /** {@code x [NOT] IN (subquery)}: the distinct values of its one column. */
        IN,
        /** A scalar subquery: at most one row of one column (none is NULL). */
        SCALAR,
        /** {@code [NOT] EXISTS (subquery)}: whether it has a row. */
        EXISTS
    }

    /**
     * @param key       identifies the subquery within the statement (stable when the same SQL is planned again)
     * @param kind      how its rows are used
     * @param plan      how to answer it
     * @param construct the subquery as the user will read it in errors ("IN (SELECT ...) at line 1, column 30")
     */
    public record Subquery(String key, Kind kind, QueryPlan plan, String construct) {
        public Subquery {
            requireNonNull(key, "key");
            requireNonNull(kind, "kind");
            requireNonNull(plan, "plan");
            requireNonNull(construct, "construct");
        }
    }
}
