package io.skyshard.sql.analysis;

import org.apache.calcite.sql.SqlNode;

/**
 * One ORDER BY key.
 *
 * @param expression resolved expression
 * @param itemIndex  index of the select item it denotes (by alias, position or identical expression), or -1
 * @param descending DESC
 * @param nullsFirst where NULLs go (MySQL: first for ASC, last for DESC, unless written explicitly)
 */
public record OrderKey(SqlNode expression, int itemIndex, boolean descending, boolean nullsFirst) {
    public OrderKey withExpression(SqlNode e) {
        return new OrderKey(e, itemIndex, descending, nullsFirst);
    }
}
