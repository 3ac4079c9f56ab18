package io.skyshard.sql.analysis;

import static java.util.Objects.requireNonNull;

import org.apache.calcite.sql.SqlNode;

/**
 * One result column after star expansion.
 *
 * @param expression the expression (column references qualified by table alias once resolved)
 * @param name       the MySQL result column name: alias, else the expression as written
 * @param alias      the user's alias or null
 */
public record SelectItem(SqlNode expression, String name, String alias) {
    public SelectItem {
        requireNonNull(expression, "expression");
        requireNonNull(name, "name");
    }

    public SelectItem withExpression(SqlNode e) {
        return new SelectItem(e, name, alias);
    }
}
