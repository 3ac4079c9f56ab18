package io.skyshard.sql.analysis;

import io.skyshard.common.catalog.TableKind;
import io.skyshard.sql.SqlErrorCode;
import io.skyshard.sql.SqlErrors;
import io.skyshard.sql.rewrite.FunctionRewriter;
import io.skyshard.sql.rewrite.SqlTrees;
import io.skyshard.spatial.region.Box;
import io.skyshard.spatial.region.Circle;
import io.skyshard.spatial.region.Region;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Turns Qserv spatial restrictors (top-level AND conjuncts of WHERE) into the exact sciSQL predicate
 * on the director table's position columns and prunes the chunk set to the chunks covering the region.
 *
 * <pre>
 * before: SELECT ... FROM Object WHERE qserv_areaspec_circle(10, 20, 0.5) AND g_psfFlux &gt; 1
 * after:  SELECT ... FROM Object WHERE scisql_s2PtInCircle(Object.coord_ra, Object.coord_dec, 10, 20, 0.5) = 1
 *                                  AND g_psfFlux &gt; 1
 *         chunks = chunksCovering(Circle(10, 20, 0.5))
 * </pre>
 */
public final class SpatialRestrictorPass implements AnalysisPass {
    @Override
    public void apply(AnalysisContext ctx) {
        List<SqlNode> out = new ArrayList<>();
        for (SqlNode c : ctx.conjuncts) {
            SqlCall restrictor = restrictor(c);
            out.add(restrictor == null ? c : replace(ctx, restrictor));
        }
        ctx.conjuncts.clear();
        ctx.conjuncts.addAll(out);
        List<SqlNode> elsewhere = new ArrayList<>(ctx.conjuncts);
        ctx.items.forEach(i -> elsewhere.add(i.expression()));
        ctx.orderKeys.forEach(k -> elsewhere.add(k.expression()));
        elsewhere.addAll(ctx.groupBy);
        elsewhere.addAll(ctx.joinConditions);
        if (ctx.having != null) {
            elsewhere.add(ctx.having);
        }
        for (SqlNode n : elsewhere) {
            SqlNode found = find(n);
            if (found != null) {
                throw SqlErrors.unsupported(found, ((SqlCall) found).getOperator().getName()
                        + " outside a top-level AND condition of WHERE");
            }
        }
    }

    private static boolean isRestrictorCall(SqlNode n) {
        return n instanceof SqlCall call && call.getKind() == SqlKind.OTHER_FUNCTION
                && FunctionRewriter.RESTRICTORS.contains(call.getOperator().getName().toUpperCase(Locale.ROOT));
    }

    private static SqlCall restrictor(SqlNode conjunct) {
        if (isRestrictorCall(conjunct)) {
            return (SqlCall) conjunct;
        }
        if (conjunct.getKind() == SqlKind.EQUALS) {
            SqlCall eq = (SqlCall) conjunct;
            for (int i = 0; i < 2; i++) {
                BigDecimal other = SqlTrees.numericValue(eq.operand(1 - i));
                if (isRestrictorCall(eq.operand(i)) && other != null && other.compareTo(BigDecimal.ONE) == 0) {
                    return eq.operand(i);
                }
            }
        }
        return null;
    }

    private static SqlNode find(SqlNode n) {
        if (n == null) {
            return null;
        }
        if (isRestrictorCall(n)) {
            return n;
        }
        Iterable<SqlNode> children = n instanceof SqlCall call ? call.getOperandList()
                : n instanceof SqlNodeList list ? list : List.of();
        for (SqlNode child : children) {
            SqlNode f = find(child);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private static SqlNode replace(AnalysisContext ctx, SqlCall call) {
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        boolean box = name.equals("QSERV_AREASPEC_BOX");
        int arity = box ? 4 : 3;
        List<SqlNode> args = call.getOperandList();
        if (args.size() != arity) {
            throw SqlErrors.error(SqlErrorCode.INVALID_ARGUMENT, call,
                    call.getOperator().getName() + " takes " + arity + " arguments, got " + args.size());
        }
        double[] v = new double[arity];
        for (int i = 0; i < arity; i++) {
            BigDecimal d = SqlTrees.numericValue(args.get(i));
            if (d == null) {
                throw SqlErrors.unsupported(args.get(i), call.getOperator().getName() + " argument that is not a numeric literal");
            }
            v[i] = d.doubleValue();
        }
        Region region;
        if (box) {
            checkDec(call, v[1]);
            checkDec(call, v[3]);
            region = new Box(v[0], v[1], v[2], v[3]);
        } else {
            checkDec(call, v[1]);
            if (!(v[2] >= 0 && v[2] <= 180)) {
                throw SqlErrors.error(SqlErrorCode.INVALID_ARGUMENT, call, "circle radius must be in [0, 180] degrees, got " + v[2]);
            }
            region = new Circle(v[0], v[1], v[2]);
        }
        List<TableRef> directors = ctx.tables.stream().filter(t -> t.table().kind() == TableKind.DIRECTOR).toList();
        if (directors.size() != 1) {
            boolean child = ctx.tables.stream().anyMatch(t -> t.table().kind() == TableKind.CHILD);
            throw SqlErrors.unsupported(call, call.getOperator().getName() + (child
                    ? " on a child table without its director table joined (join the director table)"
                    : directors.isEmpty() ? " without a director table in FROM" : " with several director tables"));
        }
        TableRef director = directors.get(0);
        if (director.table().raColumn() == null || director.table().decColumn() == null) {
            throw SqlErrors.unsupported(call, "director table " + director.table().name() + " has no position columns");
        }
        ctx.regions.add(region);
        ctx.restrictChunks(ctx.regionChunks.chunksCovering(ctx.database.partitioning(), region));
        List<SqlNode> predicateArgs = new ArrayList<>();
        predicateArgs.add(SqlTrees.id(director.alias(), director.table().raColumn()));
        predicateArgs.add(SqlTrees.id(director.alias(), director.table().decColumn()));
        predicateArgs.addAll(args);
        SqlNode predicate = FunctionRewriter.function(box ? "scisql_s2PtInBox" : "scisql_s2PtInCircle")
                .createCall(call.getParserPosition(), predicateArgs);
        return SqlStdOperatorTable.EQUALS.createCall(SqlParserPos.ZERO, predicate, SqlTrees.integer(1));
    }

    private static void checkDec(SqlNode at, double dec) {
        if (!(dec >= -90 && dec <= 90)) {
            throw SqlErrors.error(SqlErrorCode.INVALID_ARGUMENT, at, "declination must be in [-90, 90] degrees, got " + dec);
        }
    }
}
