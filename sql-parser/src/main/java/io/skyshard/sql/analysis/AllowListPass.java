package io.skyshard.sql.analysis;

import io.skyshard.sql.SqlErrors;
import io.skyshard.sql.rewrite.FunctionRewriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;

/**
 * Refuses every construct outside the supported subset (subqueries, window functions, unknown
 * functions, unsupported aggregates) and maps MySQL functions to their DuckDB forms, clause by clause.
 *
 * <pre>
 * before: SELECT pow(r_psfFlux, 2) FROM Object WHERE ifnull(x, 0) &gt; 1
 * after:  SELECT POWER(r_psfFlux, 2) FROM Object WHERE COALESCE(x, 0) &gt; 1
 * rejected: SELECT ROW_NUMBER() OVER () ... -&gt; "window functions (OVER)"
 * </pre>
 */
public final class AllowListPass implements AnalysisPass {
    @Override
    public void apply(AnalysisContext ctx) {
        FunctionRewriter rewriter = new FunctionRewriter();
        SqlSelect s = ctx.select;
        s.setSelectList(rewriteList(s.getSelectList(), rewriter));
        if (s.getWhere() != null) {
            if (FunctionRewriter.containsAggregate(s.getWhere())) {
                throw SqlErrors.unsupported(s.getWhere(), "aggregate function in WHERE (use HAVING)");
            }
            s.setWhere(s.getWhere().accept(rewriter));
        }
        if (s.getGroup() != null) {
            s.setGroupBy(rewriteList(s.getGroup(), rewriter));
            for (SqlNode g : s.getGroup()) {
                if (FunctionRewriter.containsAggregate(g)) {
                    throw SqlErrors.unsupported(g, "aggregate function in GROUP BY");
                }
                if (g.getKind() == org.apache.calcite.sql.SqlKind.ROLLUP || g.getKind() == org.apache.calcite.sql.SqlKind.CUBE
                        || g.getKind() == org.apache.calcite.sql.SqlKind.GROUPING_SETS) {
                    throw SqlErrors.unsupported(g, g.getKind() + " grouping");
                }
            }
        }
        if (s.getHaving() != null) {
            s.setHaving(s.getHaving().accept(rewriter));
        }
        List<SqlNode> order = new ArrayList<>();
        for (SqlNode o : ctx.orderByNodes) {
            order.add(o.accept(rewriter));
        }
        ctx.orderByNodes = order;
    }

    private static SqlNodeList rewriteList(SqlNodeList list, FunctionRewriter rewriter) {
        List<SqlNode> out = new ArrayList<>();
        for (SqlNode n : list) {
            out.add(n.accept(rewriter));
        }
        return new SqlNodeList(out, list.getParserPosition());
    }
}
