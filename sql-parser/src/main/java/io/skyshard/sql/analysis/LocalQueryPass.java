package io.skyshard.sql.analysis;

import io.skyshard.sql.rewrite.SqlTrees;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlNode;

/**
 * Plans a query without tables to run as is on the czar, with MySQL's NULL ordering made explicit.
 *
 * <pre>
 * before: SELECT 1 + 1, now()
 * after:  SELECT 1 + 1 AS "1 + 1", NOW() AS "now()"
 * </pre>
 */
public final class LocalQueryPass implements AnalysisPass {
    @Override
    public void apply(AnalysisContext ctx) {
        if (!ctx.local()) {
            return;
        }
        List<SqlNode> items = new ArrayList<>();
        for (int i = 0; i < ctx.items.size(); i++) {
            items.add(SqlTrees.as(ctx.items.get(i).expression(), ctx.outputName(i)));
        }
        List<SqlNode> order = new ArrayList<>();
        for (OrderKey k : ctx.orderKeys) {
            SqlNode key = k.itemIndex() >= 0 ? SqlTrees.integer(k.itemIndex() + 1) : k.expression();
            order.add(SqlTrees.orderItem(key, k.descending(), k.nullsFirst()));
        }
        ctx.mergeSql = AggregateSplitPass.unparse(AggregateSplitPass.select(ctx.distinct, items, ctx.from,
                SqlTrees.and(ctx.conjuncts), ctx.groupBy, ctx.having, order, ctx.offset, ctx.fetch));
    }
}
