package io.skyshard.sql.analysis;

import io.skyshard.common.catalog.TableKind;
import io.skyshard.sql.SqlErrorCode;
import io.skyshard.sql.SqlErrors;
import io.skyshard.sql.rewrite.ColumnResolver;
import io.skyshard.sql.rewrite.FunctionRewriter;
import io.skyshard.sql.rewrite.SqlTrees;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.util.Litmus;

/**
 * Resolves column references in every clause and binds aliases and positions the way MySQL does:
 * ORDER BY looks at select aliases first, GROUP BY and HAVING at table columns first; integers in
 * GROUP BY / ORDER BY are positions in the select list. WHERE is split into top-level AND conjuncts.
 *
 * <pre>
 * before: SELECT band AS b, count(*) AS n FROM Source GROUP BY 1 HAVING n &gt; 2 ORDER BY n DESC
 * after:  items [Source.band, COUNT(*)]; groupBy [Source.band]; having COUNT(*) &gt; 2;
 *         orderKeys [(COUNT(*), item 1, DESC, NULLS LAST)]
 * </pre>
 */
public final class ResolveColumnsPass implements AnalysisPass {
    @Override
    public void apply(AnalysisContext ctx) {
        ColumnResolver resolver = new ColumnResolver(ctx.tables);
        ctx.items.replaceAll(item -> item.withExpression(item.expression().accept(resolver)));
        SqlNode where = ctx.select.getWhere();
        if (where != null) {
            splitConjuncts(where.accept(resolver), ctx.conjuncts);
        }
        if (ctx.select.getGroup() != null) {
            for (SqlNode g : ctx.select.getGroup()) {
                ctx.groupBy.add(resolveGroupKey(ctx, resolver, g));
            }
        }
        if (ctx.select.getHaving() != null) {
            ctx.having = ctx.select.getHaving().accept(new AliasAware(ctx, resolver, false));
        }
        for (SqlNode o : ctx.orderByNodes) {
            ctx.orderKeys.add(resolveOrderKey(ctx, resolver, o));
        }
        ctx.aggregating = !ctx.groupBy.isEmpty() || ctx.having != null
                || ctx.items.stream().anyMatch(i -> FunctionRewriter.containsAggregate(i.expression()))
                || ctx.orderKeys.stream().anyMatch(k -> FunctionRewriter.containsAggregate(k.expression()));
        limitInKeyOrder(ctx);
    }

    /**
     * LIMIT without ORDER BY on one director table takes the rows with the smallest director keys: the
     * rows MySQL gives when the table is scanned in key order (InnoDB's primary key; a MyISAM table
     * loaded from a catalog sorted by its key, as Qserv's are), and the same rows at every run, where
     * taking the first rows each chunk happens to send would change with timing. A hidden key: the
     * columns shown do not change.
     */
    private static void limitInKeyOrder(AnalysisContext ctx) {
        if (ctx.fetch == null || !ctx.orderKeys.isEmpty() || ctx.aggregating || ctx.distinct || ctx.tables.size() != 1) {
            return;
        }
        TableRef t = ctx.tables.get(0);
        if (t.stage() == null && t.partitioned() && t.table().kind() == TableKind.DIRECTOR && t.table().directorKey() != null) {
            ctx.orderKeys.add(new OrderKey(SqlTrees.id(t.alias(), t.table().directorKey()), -1, false, true));
        }
    }

    public static void splitConjuncts(SqlNode node, List<SqlNode> out) {
        if (node.getKind() == SqlKind.AND) {
            for (SqlNode operand : ((SqlCall) node).getOperandList()) {
                splitConjuncts(operand, out);
            }
        } else {
            out.add(node);
        }
    }

    private static SqlNode resolveGroupKey(AnalysisContext ctx, ColumnResolver resolver, SqlNode g) {
        Integer position = position(g);
        if (position != null) {
            SelectItem item = item(ctx, g, position);
            if (FunctionRewriter.containsAggregate(item.expression())) {
                throw SqlErrors.error(SqlErrorCode.INVALID_ARGUMENT, g, "Can't group on an aggregate (GROUP BY " + position + ")");
            }
            return item.expression();
        }
        return g.accept(new AliasAware(ctx, resolver, false));
    }

    private static OrderKey resolveOrderKey(AnalysisContext ctx, ColumnResolver resolver, SqlNode o) {
        Boolean nullsFirst = null;
        if (o.getKind() == SqlKind.NULLS_FIRST || o.getKind() == SqlKind.NULLS_LAST) {
            nullsFirst = o.getKind() == SqlKind.NULLS_FIRST;
            o = ((SqlCall) o).operand(0);
        }
        boolean desc = false;
        if (o.getKind() == SqlKind.DESCENDING) {
            desc = true;
            o = ((SqlCall) o).operand(0);
        }
        // MySQL: NULLs compare lower than any value, so they come first ascending and last descending.
        boolean nf = nullsFirst != null ? nullsFirst : !desc;
        Integer position = position(o);
        if (position != null) {
            return new OrderKey(item(ctx, o, position).expression(), position - 1, desc, nf);
        }
        SqlNode expr = o.accept(new AliasAware(ctx, resolver, true));
        int index = -1;
        for (int i = 0; i < ctx.items.size(); i++) {
            if (ctx.items.get(i).expression().equalsDeep(expr, Litmus.IGNORE)) {
                index = i;
                break;
            }
        }
        return new OrderKey(expr, index, desc, nf);
    }

    private static Integer position(SqlNode n) {
        if (n instanceof SqlNumericLiteral lit && lit.isExact()) {
            return lit.intValue(true);
        }
        return null;
    }

    private static SelectItem item(AnalysisContext ctx, SqlNode at, int position) {
        if (position < 1 || position > ctx.items.size()) {
            throw SqlErrors.error(SqlErrorCode.UNKNOWN_COLUMN, at, "Unknown column '" + position + "' (position out of range)");
        }
        return ctx.items.get(position - 1);
    }

    /** Resolves identifiers to table columns or, for simple names, to select-list aliases. */
    private static final class AliasAware extends SqlShuttle {
        private final AnalysisContext ctx;
        private final ColumnResolver resolver;
        private final boolean aliasFirst;

        AliasAware(AnalysisContext ctx, ColumnResolver resolver, boolean aliasFirst) {
            this.ctx = ctx;
            this.resolver = resolver;
            this.aliasFirst = aliasFirst;
        }

        @Override
        public SqlNode visit(SqlIdentifier id) {
            if (id.isStar()) {
                return id;
            }
            Optional<SelectItem> aliased = id.isSimple() ? ctx.items.stream()
                    .filter(i -> i.alias() != null && i.alias().equalsIgnoreCase(id.getSimple())).findFirst()
                    : Optional.empty();
            if (aliasFirst && aliased.isPresent()) {
                return aliased.get().expression();
            }
            Optional<SqlIdentifier> column = resolver.tryResolve(id);
            if (column.isPresent()) {
                return column.get();
            }
            if (aliased.isPresent()) {
                return aliased.get().expression();
            }
            throw SqlErrors.error(SqlErrorCode.UNKNOWN_COLUMN, id, "Unknown column '" + id + "'");
        }
    }
}
