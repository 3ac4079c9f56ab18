package io.skyshard.sql.analysis;

import io.skyshard.common.catalog.TableDef;
import io.skyshard.sql.GroupByOrder;
import io.skyshard.sql.SqlErrors;
import io.skyshard.sql.dialect.DuckDbSqlDialect;
import io.skyshard.sql.plan.DistributedPlan;
import io.skyshard.sql.rewrite.FunctionRewriter;
import io.skyshard.sql.rewrite.MergeRewriter;
import io.skyshard.sql.rewrite.SqlTrees;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSelectKeyword;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Splits the query into a chunk query (run on every chunk, result columns c0, c1, ...) and a merge
 * query over the union of chunk results ({@code partials}).
 *
 * <p>Without aggregation: the chunk query computes the select items (plus hidden ORDER BY keys);
 * DISTINCT is applied per chunk and again at merge; with LIMIT n the chunk query also orders and
 * keeps offset+n rows, since the global top n are among the per-chunk top n.
 * <pre>
 * before: SELECT objectId, g_psfFlux FROM Object ORDER BY g_psfFlux DESC LIMIT 5
 * chunk:  SELECT Object.objectId AS c0, Object.g_psfFlux AS c1 FROM "demo"."Object_%CHUNK%" AS Object
 *         ORDER BY 2 DESC NULLS LAST LIMIT 5
 * merge:  SELECT c0 AS objectId, c1 AS g_psfFlux FROM partials ORDER BY 2 DESC NULLS LAST LIMIT 5
 * </pre>
 *
 * <p>With aggregation: group keys are pushed down and re-applied; COUNT becomes a SUM of counts (0, not
 * NULL, over no rows), AVG a SUM of sums over a SUM of counts in DOUBLE, SUM/MIN/MAX stay as they are;
 * an aggregate over DISTINCT x pushes x down as an extra group key and aggregates DISTINCT values at
 * merge. HAVING and ORDER BY are evaluated at merge over merged aggregates.
 * <pre>
 * before: SELECT band, COUNT(*), AVG(psfFlux) FROM Source GROUP BY band HAVING MAX(psfFlux) &gt; 3
 * chunk:  SELECT band AS c0, COUNT(*) AS c1, SUM(psfFlux) AS c2, COUNT(psfFlux) AS c3, MAX(psfFlux) AS c4
 *         FROM "demo"."Source_%CHUNK%" AS Source GROUP BY band
 * merge:  SELECT c0 AS band, CAST(COALESCE(SUM(c1), 0) AS BIGINT) AS "COUNT(*)",
 *         CAST(SUM(c2) AS DOUBLE) / NULLIF(SUM(c3), 0) AS "AVG(psfFlux)" FROM partials GROUP BY c0 HAVING MAX(c4) &gt; 3
 * </pre>
 */
public final class AggregateSplitPass implements AnalysisPass {
    @Override
    public void apply(AnalysisContext ctx) {
        orderByGroupDirections(ctx);
        if (ctx.local()) {
            return;
        }
        if (ctx.aggregating) {
            splitAggregating(ctx);
        } else {
            splitPlain(ctx);
        }
        List<TableRef> partitioned = ctx.tables.stream().filter(TableRef::partitioned).toList();
        if (partitioned.size() == 1 && !partitioned.get(0).readsOverlap()) {
            TableDef t = partitioned.get(0).table();
            ctx.unionTable = DuckDbSqlDialect.unparse(SqlTrees.id(t.database(),
                    io.skyshard.common.catalog.ChunkTables.chunkTableTemplate(t.name())));
        } else if (partitioned.size() > 1) {
            // JoinLocalityPass accepted the join: its rows pair within a chunk through keys, or with
            // overlap rows read once per statement, so a worker may read all its chunks at once.
            ctx.unionTable = io.skyshard.common.catalog.ChunkTables.ALL_CHUNK_TABLES;
        }
    }

    /**
     * {@code GROUP BY a DESC, b} without ORDER BY sorts by the group keys in those directions (ASC
     * where none is written), as MySQL 5 and MariaDB do (see {@link GroupByOrder}):
     * MariaDB sorts every grouped result so, which decides the groups a LIMIT keeps.
     */
    static void orderByGroupDirections(AnalysisContext ctx) {
        if (!ctx.orderKeys.isEmpty() || ctx.groupBy.isEmpty()) {
            return;
        }
        SqlParserPos at = ctx.positions.toOriginal(ctx.select.getParserPosition());
        List<GroupByOrder.Direction> directions = ctx.session.groupByOrder.of(at.getLineNum(), at.getColumnNum()).orElse(List.of());
        for (int i = 0; i < ctx.groupBy.size(); i++) {
            SqlNode key = ctx.groupBy.get(i);
            boolean desc = i < directions.size() && directions.get(i) == GroupByOrder.Direction.DESC;
            int item = -1;
            for (int j = 0; j < ctx.items.size() && item < 0; j++) {
                if (ctx.items.get(j).expression().equalsDeep(key, org.apache.calcite.util.Litmus.IGNORE)) {
                    item = j;
                }
            }
            if (item < 0 && ctx.distinct) {
                // SELECT DISTINCT cannot sort by what it does not select; the keys so far still order.
                break;
            }
            // MySQL: NULLs come first ascending, last descending.
            ctx.orderKeys.add(new OrderKey(key, item, desc, !desc));
        }
    }

    private static SqlNode partial(int i) {
        return SqlTrees.id(DistributedPlan.PARTIALS_TABLE, "c" + i);
    }

    private void splitPlain(AnalysisContext ctx) {
        List<SqlNode> chunkColumns = new ArrayList<>();
        ctx.items.forEach(i -> chunkColumns.add(i.expression()));
        List<SqlNode> chunkOrder = new ArrayList<>();
        List<SqlNode> mergeOrder = new ArrayList<>();
        for (OrderKey k : ctx.orderKeys) {
            int column = k.itemIndex();
            if (column < 0) {
                if (ctx.distinct) {
                    throw SqlErrors.unsupported(k.expression(), "ORDER BY expression that is not in the select list of SELECT DISTINCT");
                }
                column = chunkColumns.size();
                chunkColumns.add(k.expression());
                mergeOrder.add(SqlTrees.orderItem(partial(column), k.descending(), k.nullsFirst()));
            } else {
                mergeOrder.add(SqlTrees.orderItem(SqlTrees.integer(column + 1), k.descending(), k.nullsFirst()));
            }
            chunkOrder.add(SqlTrees.orderItem(SqlTrees.integer(column + 1), k.descending(), k.nullsFirst()));
        }
        SqlNode chunkFetch = null;
        if (ctx.fetch != null) {
            // each chunk returns the first offset + limit rows; saturate: past Long.MAX_VALUE means "all"
            long fetch = SqlTrees.numericValue(ctx.fetch).longValueExact();
            long offset = ctx.offset == null ? 0 : SqlTrees.numericValue(ctx.offset).longValueExact();
            long n = fetch > Long.MAX_VALUE - offset ? Long.MAX_VALUE : fetch + offset;
            chunkFetch = SqlTrees.integer(n);
        } else {
            chunkOrder.clear();
        }
        ctx.chunkSql = unparse(select(ctx.distinct, aliased(chunkColumns), ctx.from, SqlTrees.and(ctx.conjuncts),
                null, null, chunkOrder, null, chunkFetch));
        List<SqlNode> mergeItems = new ArrayList<>();
        for (int i = 0; i < ctx.items.size(); i++) {
            mergeItems.add(SqlTrees.as(partial(i), ctx.outputName(i)));
        }
        ctx.mergeSql = unparse(select(ctx.distinct, mergeItems, SqlTrees.id(DistributedPlan.PARTIALS_TABLE), null,
                null, null, mergeOrder, ctx.offset, ctx.fetch));
    }

    private void splitAggregating(AnalysisContext ctx) {
        List<SqlNode> groupKeys = new ArrayList<>();
        for (SqlNode g : ctx.groupBy) {
            if (SqlTrees.indexOf(groupKeys, g) < 0) {
                groupKeys.add(g);
            }
        }
        List<SqlNode> chunkColumns = new ArrayList<>(groupKeys);
        List<SqlNode> chunkGroupBy = new ArrayList<>(groupKeys);
        List<SqlNode> groupColumns = new ArrayList<>();
        for (int i = 0; i < groupKeys.size(); i++) {
            groupColumns.add(partial(i));
        }
        List<SqlNode> aggregates = new ArrayList<>();
        List<SqlNode> merged = new ArrayList<>();
        List<SqlNode> roots = new ArrayList<>();
        ctx.items.forEach(i -> roots.add(i.expression()));
        if (ctx.having != null) {
            roots.add(ctx.having);
        }
        ctx.orderKeys.forEach(k -> roots.add(k.expression()));
        for (SqlNode root : roots) {
            collectAggregates(root, aggregates);
        }
        for (SqlNode a : aggregates) {
            merged.add(splitAggregate((SqlCall) a, chunkColumns, chunkGroupBy));
        }
        MergeRewriter merge = new MergeRewriter(groupKeys, groupColumns, aggregates, merged);
        List<SqlNode> mergeItems = new ArrayList<>();
        for (int i = 0; i < ctx.items.size(); i++) {
            mergeItems.add(SqlTrees.as(ctx.items.get(i).expression().accept(merge), ctx.outputName(i)));
        }
        List<SqlNode> mergeOrder = new ArrayList<>();
        for (OrderKey k : ctx.orderKeys) {
            SqlNode key;
            if (k.itemIndex() >= 0) {
                key = SqlTrees.integer(k.itemIndex() + 1);
            } else if (ctx.distinct) {
                throw SqlErrors.unsupported(k.expression(), "ORDER BY expression that is not in the select list of SELECT DISTINCT");
            } else {
                key = k.expression().accept(merge);
            }
            mergeOrder.add(SqlTrees.orderItem(key, k.descending(), k.nullsFirst()));
        }
        SqlNode having = ctx.having == null ? null : ctx.having.accept(merge);
        ctx.chunkSql = unparse(select(false, aliased(chunkColumns), ctx.from, SqlTrees.and(ctx.conjuncts),
                chunkGroupBy, null, List.of(), null, null));
        ctx.mergeSql = unparse(select(ctx.distinct, mergeItems, SqlTrees.id(DistributedPlan.PARTIALS_TABLE), null,
                groupColumns, having, mergeOrder, ctx.offset, ctx.fetch));
    }

    private static void collectAggregates(SqlNode node, List<SqlNode> out) {
        if (node == null) {
            return;
        }
        if (FunctionRewriter.isAggregate(node)) {
            if (SqlTrees.indexOf(out, node) < 0) {
                out.add(node);
            }
            return;
        }
        if (node instanceof SqlCall call) {
            call.getOperandList().forEach(o -> collectAggregates(o, out));
        } else if (node instanceof SqlNodeList list) {
            list.forEach(o -> collectAggregates(o, out));
        }
    }

    /** Adds the partial columns of one aggregate to the chunk query and returns its merge expression. */
    private static SqlNode splitAggregate(SqlCall call, List<SqlNode> chunkColumns, List<SqlNode> chunkGroupBy) {
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        SqlNode arg = call.operand(0);
        boolean distinct = call instanceof SqlBasicCall b && b.getFunctionQuantifier() != null
                && b.getFunctionQuantifier().getValue() == SqlSelectKeyword.DISTINCT;
        SqlParserPos pos = SqlParserPos.ZERO;
        if (distinct) {
            // Distinct values per chunk as extra group keys: partials of the other aggregates stay
            // decomposable over the finer groups, and the union of per-chunk distinct values is exact.
            int column = SqlTrees.indexOf(chunkGroupBy, arg);
            if (column < 0) {
                chunkGroupBy.add(arg);
                column = columnOf(chunkColumns, arg);
            } else {
                column = SqlTrees.indexOf(chunkColumns, arg);
            }
            SqlNode merged = call.getOperator().createCall(
                    SqlSelectKeyword.DISTINCT.symbol(pos), pos, partial(column));
            return name.equals("AVG") ? cast(merged, SqlTypeName.DOUBLE) : merged;
        }
        return switch (name) {
            case "COUNT" -> cast(SqlStdOperatorTable.COALESCE.createCall(pos,
                    SqlStdOperatorTable.SUM.createCall(pos, partial(columnOf(chunkColumns, call))),
                    SqlTrees.integer(0)), SqlTypeName.BIGINT);
            case "SUM" -> SqlStdOperatorTable.SUM.createCall(pos, partial(columnOf(chunkColumns, call)));
            case "MIN" -> SqlStdOperatorTable.MIN.createCall(pos, partial(columnOf(chunkColumns, call)));
            case "MAX" -> SqlStdOperatorTable.MAX.createCall(pos, partial(columnOf(chunkColumns, call)));
            // The bits of the chunks' partials, combined the same way (a chunk without rows gives NULL, skipped).
            case "BIT_AND", "BIT_OR", "BIT_XOR" -> call.getOperator().createCall(pos, partial(columnOf(chunkColumns, call)));
            case "AVG" -> {
                int sum = columnOf(chunkColumns, SqlStdOperatorTable.SUM.createCall(pos, arg));
                int count = columnOf(chunkColumns, SqlStdOperatorTable.COUNT.createCall(pos, arg));
                // DOUBLE division (MySQL would use DECIMAL for exact inputs); NULL when no non-NULL input.
                yield SqlStdOperatorTable.DIVIDE.createCall(pos,
                        cast(SqlStdOperatorTable.SUM.createCall(pos, partial(sum)), SqlTypeName.DOUBLE),
                        SqlStdOperatorTable.NULLIF.createCall(pos,
                                SqlStdOperatorTable.SUM.createCall(pos, partial(count)), SqlTrees.integer(0)));
            }
            default -> throw SqlErrors.unsupported(call, "aggregate function " + name);
        };
    }

    private static int columnOf(List<SqlNode> chunkColumns, SqlNode expr) {
        int i = SqlTrees.indexOf(chunkColumns, expr);
        if (i < 0) {
            chunkColumns.add(expr);
            i = chunkColumns.size() - 1;
        }
        return i;
    }

    private static SqlNode cast(SqlNode e, SqlTypeName type) {
        SqlTypeNameSpec spec = new SqlBasicTypeNameSpec(type, SqlParserPos.ZERO);
        return SqlStdOperatorTable.CAST.createCall(SqlParserPos.ZERO, e, new SqlDataTypeSpec(spec, SqlParserPos.ZERO));
    }

    private static List<SqlNode> aliased(List<SqlNode> columns) {
        List<SqlNode> out = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            out.add(SqlTrees.as(columns.get(i), "c" + i));
        }
        return out;
    }

    static SqlSelect select(boolean distinct, List<SqlNode> items, SqlNode from, SqlNode where, List<SqlNode> groupBy,
            SqlNode having, List<SqlNode> orderBy, SqlNode offset, SqlNode fetch) {
        SqlNodeList keywords = distinct ? SqlTrees.list(List.of(SqlSelectKeyword.DISTINCT.symbol(SqlParserPos.ZERO))) : null;
        return new SqlSelect(SqlParserPos.ZERO, keywords, SqlTrees.list(items), from, where,
                groupBy == null || groupBy.isEmpty() ? null : SqlTrees.list(groupBy), having, null, null,
                orderBy == null || orderBy.isEmpty() ? null : SqlTrees.list(orderBy), offset, fetch, null);
    }

    static String unparse(SqlNode node) {
        return DuckDbSqlDialect.unparse(node);
    }
}
