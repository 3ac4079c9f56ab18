package io.skyshard.sql.analysis;

import io.skyshard.common.catalog.TableKind;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.spatial.region.Box;
import io.skyshard.spatial.region.Circle;
import io.skyshard.spatial.region.ConvexPolygon;
import io.skyshard.spatial.region.Ellipse;
import io.skyshard.spatial.region.Region;
import io.skyshard.sql.SqlErrorCode;
import io.skyshard.sql.SqlErrors;
import io.skyshard.sql.rewrite.FunctionRewriter;
import io.skyshard.sql.rewrite.SqlLiterals;
import io.skyshard.sql.rewrite.SqlTrees;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlBetweenOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Spatial restrictions of the WHERE clause (top-level AND conjuncts only): Qserv's restrictors become
 * exact sciSQL predicates, and every recognised restriction prunes the chunk set to the chunks
 * covering its region.
 *
 * <ul>
 * <li>{@code qserv_areaspec_box(raMin, decMin, raMax, decMax)}, {@code _circle(ra, dec, radius)},
 *     {@code _ellipse(ra, dec, semiMajorArcsec, semiMinorArcsec, posAngleDeg)} and
 *     {@code _poly(ra1, dec1, ra2, dec2, ...)} (any case, bare or compared with 1) restrict every
 *     director table of the query that has position columns (both sides of a near-neighbour join or
 *     cross-match, as Qserv's restrictor plugin does) by its columns,
 *     with {@code scisql_s2PtInBox/Circle/Ellipse/CPoly(ra, dec, ...) = 1}; the arguments are checked.</li>
 * <li>{@code scisql_s2PtInBox/Circle/Ellipse/CPoly(ra, dec, ...)} (bare or {@code = 1}) and
 *     {@code scisql_angSep(ra, dec, ra0, dec0) < r} (or {@code <=}, either argument order) on the
 *     position columns of a partitioned table, with literal parameters, stay as they are and prune.</li>
 * <li>Bounds on the position columns ({@code ra BETWEEN a AND b}, {@code dec >= c}, ...) of one
 *     table prune with the box they describe (right ascensions are taken in [0, 360]).</li>
 * </ul>
 * A pruning region is always a superset of the rows the predicate accepts (an invalid region prunes
 * nothing; sciSQL's ellipse test also accepts the antipodal ellipse, which is covered too), so
 * pruning never changes an answer.
 *
 * <pre>
 * before: SELECT ... FROM Object WHERE qserv_areaspec_circle(10, 20, 0.5) AND g_psfFlux &gt; 1
 * after:  SELECT ... FROM Object WHERE scisql_s2PtInCircle(Object.coord_ra, Object.coord_dec, 10, 20, 0.5) = 1
 *                                  AND g_psfFlux &gt; 1
 *         chunks = chunksCovering(Circle(10, 20, 0.5))
 * </pre>
 */
public final class SpatialRestrictorPass implements AnalysisPass {
    /** The region of a polygon that is not convex (see {@link #replace}): prunes nothing. */
    private static final Region WHOLE_SKY = new Circle(0, 0, 180);

    /** Restrictor name (upper case) -> the sciSQL predicate it stands for. */
    private static final Map<String, String> PREDICATES = Map.of(
            "QSERV_AREASPEC_BOX", "scisql_s2PtInBox",
            "QSERV_AREASPEC_CIRCLE", "scisql_s2PtInCircle",
            "QSERV_AREASPEC_ELLIPSE", "scisql_s2PtInEllipse",
            "QSERV_AREASPEC_POLY", "scisql_s2PtInCPoly");

    @Override
    public void apply(AnalysisContext ctx) {
        List<SqlNode> out = new ArrayList<>();
        List<SqlNode> bands = new ArrayList<>();
        for (SqlNode c : ctx.conjuncts) {
            SqlCall restrictor = restrictor(c);
            if (restrictor != null) {
                out.addAll(replace(ctx, restrictor, bands));
                continue;
            }
            out.add(c);
            List<Region> regions = predicateRegions(ctx, c, bands);
            if (regions != null) {
                prune(ctx, regions);
            }
        }
        ctx.conjuncts.clear();
        ctx.conjuncts.addAll(out);
        pruneByPositionBounds(ctx);
        // After pruning: the bands add nothing to the regions (they only speed up the chunk queries).
        ctx.conjuncts.addAll(0, bands);
        List<SqlNode> elsewhere = new ArrayList<>(ctx.conjuncts);
        ctx.items.forEach(i -> elsewhere.add(i.expression()));
        ctx.orderKeys.forEach(k -> elsewhere.add(k.expression()));
        elsewhere.addAll(ctx.groupBy);
        elsewhere.addAll(ctx.joinConditions);
        if (ctx.having != null) {
            elsewhere.add(ctx.having);
        }
        for (SqlNode n : elsewhere) {
            SqlNode found = SqlTrees.findFirst(n, SpatialRestrictorPass::isRestrictorCall);
            if (found != null) {
                throw SqlErrors.unsupported(found, ((SqlCall) found).getOperator().getName()
                        + " outside a top-level AND condition of WHERE");
            }
        }
    }

    private static void prune(AnalysisContext ctx, List<Region> regions) {
        List<Integer> chunks = new ArrayList<>();
        for (Region r : regions) {
            ctx.regions.add(r);
            for (int c : ctx.regionChunks.chunksCovering(ctx.database.partitioning(), r)) {
                chunks.add(c);
            }
        }
        ctx.restrictChunks(chunks.stream().mapToInt(Integer::intValue).toArray());
    }

    // ------------------------------------------------------------------ qserv_areaspec_*

    private static boolean isRestrictorCall(SqlNode n) {
        return n instanceof SqlCall call && call.getKind() == SqlKind.OTHER_FUNCTION
                && FunctionRewriter.RESTRICTORS.contains(call.getOperator().getName().toUpperCase(Locale.ROOT));
    }

    private static SqlCall restrictor(SqlNode conjunct) {
        if (isRestrictorCall(conjunct)) {
            return (SqlCall) conjunct;
        }
        SqlNode compared = comparedWithOne(conjunct);
        return compared != null && isRestrictorCall(compared) ? (SqlCall) compared : null;
    }

    /** {@code x = 1} or {@code 1 = x}: x, else null. */
    private static SqlNode comparedWithOne(SqlNode conjunct) {
        if (conjunct.getKind() != SqlKind.EQUALS) {
            return null;
        }
        SqlCall eq = (SqlCall) conjunct;
        for (int i = 0; i < 2; i++) {
            BigDecimal other = SqlTrees.numericValue(eq.operand(1 - i));
            if (other != null && other.compareTo(BigDecimal.ONE) == 0) {
                return eq.operand(i);
            }
        }
        return null;
    }

    /** The predicates replacing one restrictor (one per restricted table), after pruning the chunks. */
    private static List<SqlNode> replace(AnalysisContext ctx, SqlCall call, List<SqlNode> bands) {
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        String display = call.getOperator().getName();
        List<SqlNode> args = call.getOperandList();
        double[] v = new double[args.size()];
        for (int i = 0; i < v.length; i++) {
            BigDecimal d = SqlTrees.numericValue(args.get(i));
            if (d == null) {
                throw SqlErrors.unsupported(args.get(i), display + " argument that is not a numeric literal");
            }
            v[i] = d.doubleValue();
        }
        Region region = switch (name) {
            case "QSERV_AREASPEC_BOX" -> {
                arity(call, v, 4, "raMin, decMin, raMax, decMax");
                checkDec(call, v[1]);
                checkDec(call, v[3]);
                // As in sciSQL, a box whose decMin exceeds decMax is empty.
                yield v[1] > v[3] ? null : new Box(v[0], v[1], v[2], v[3]);
            }
            case "QSERV_AREASPEC_CIRCLE" -> {
                arity(call, v, 3, "ra, dec, radius");
                checkDec(call, v[1]);
                if (!(v[2] >= 0 && v[2] <= 180)) {
                    throw SqlErrors.error(SqlErrorCode.INVALID_ARGUMENT, call,
                            display + ": radius must be in [0, 180] degrees, got " + v[2]);
                }
                yield new Circle(v[0], v[1], v[2]);
            }
            case "QSERV_AREASPEC_ELLIPSE" -> {
                arity(call, v, 5, "ra, dec, semiMajorAxisArcsec, semiMinorAxisArcsec, positionAngleDeg");
                checkDec(call, v[1]);
                yield region(call, () -> new Ellipse(v[0], v[1], v[2], v[3], v[4]));
            }
            default -> {
                if (v.length < 6 || v.length % 2 != 0 || v.length > 2 * FunctionRewriter.MAX_POLYGON_VERTICES) {
                    throw SqlErrors.error(SqlErrorCode.INVALID_ARGUMENT, call, display
                            + " takes 3 to " + FunctionRewriter.MAX_POLYGON_VERTICES
                            + " vertices as ra, dec pairs (6 to " + 2 * FunctionRewriter.MAX_POLYGON_VERTICES
                            + " arguments), got " + v.length + " arguments");
                }
                for (int i = 1; i < v.length; i += 2) {
                    checkDec(call, v[i]);
                }
                try {
                    yield ConvexPolygon.of(v);
                } catch (SkyshardException notConvex) {
                    // Qserv accepts any vertex list: its rows pass sciSQL's scisql_s2PtInCPoly (inside every
                    // edge's great circle, winding from the vertex sum), a region that need not be the
                    // outline drawn. Same answer here; only pruning is given up (the whole sky).
                    yield WHOLE_SKY;
                }
            }
        };
        List<TableRef> tables = positioned(ctx);
        if (tables.isEmpty()) {
            boolean child = ctx.tables.stream().anyMatch(TableRef::partitioned);
            throw SqlErrors.unsupported(call, display + (child
                    ? " on a table without position columns (join its director table)"
                    : " without a partitioned table in FROM"));
        }
        // Several positioned tables (a near-neighbour join or cross-match): as in Qserv, whose restrictor
        // plugin adds the predicate for every partitioned table of FROM, the region restricts each of
        // them (both o1 and o2 of a self-join), not only the first.
        if (tables.stream().allMatch(TableRef::readsOverlap)) {
            // Those tables are read through the overlap: the region says nothing of which chunks answer.
        } else if (region == null) {
            ctx.restrictChunks(new int[0]);
        } else {
            prune(ctx, List.of(region));
        }
        String predicate = PREDICATES.get(name);
        List<SqlNode> out = new ArrayList<>();
        for (TableRef t : tables) {
            List<SqlNode> predicateArgs = new ArrayList<>();
            predicateArgs.add(SqlTrees.id(t.alias(), t.table().raColumn()));
            predicateArgs.add(SqlTrees.id(t.alias(), t.table().decColumn()));
            predicateArgs.addAll(args);
            SqlNode test = FunctionRewriter.function(predicate).createCall(call.getParserPosition(), predicateArgs);
            SqlIdentifier dec = SqlTrees.id(t.alias(), t.table().decColumn());
            if (name.equals("QSERV_AREASPEC_CIRCLE")) {
                bands.add(declinationBand(dec, v[1] - v[2], v[1] + v[2]));
            } else if (name.equals("QSERV_AREASPEC_BOX") && v[1] <= v[3]) {
                // sciSQL's box keeps the declinations from decMin to decMax, both included.
                bands.add(declinationBand(dec, v[1], v[3]));
            }
            out.add(SqlStdOperatorTable.EQUALS.createCall(SqlParserPos.ZERO, test, SqlTrees.integer(1)));
        }
        return out;
    }

    /** Slack of the declination band beyond the circle, far above the rounding of the exact test. */
    private static final double BAND_SLACK_DEG = 1e-9;

    /**
     * {@code dec BETWEEN lo AND hi}, the declinations a region's rows can have: for a circle
     * {@code decC -/+ r} (the angular distance is at least the difference in declination), for a box
     * its own. The band changes no answer; it lets each chunk query compare one column before the
     * trigonometry of the exact test, which then sees a sliver of the chunk (a 0.05 degree cone reads
     * about 0.3% of an order-2 chunk's rows through it). Rows with a NULL declination fail both.
     */
    private static SqlNode declinationBand(SqlNode dec, double from, double to) {
        double lo = Math.max(-90, from - BAND_SLACK_DEG);
        double hi = Math.min(90, to + BAND_SLACK_DEG);
        return SqlStdOperatorTable.BETWEEN.createCall(SqlParserPos.ZERO, dec, SqlLiterals.of(lo, SqlParserPos.ZERO),
                SqlLiterals.of(hi, SqlParserPos.ZERO));
    }

    /**
     * Directors of the query: the tables whose position columns decide their chunks (a child's own
     * position columns, when declared, do not: its rows live in their director row's chunk).
     */
    private static List<TableRef> positioned(AnalysisContext ctx) {
        return ctx.tables.stream().filter(t -> t.partitioned() && t.table().kind() == TableKind.DIRECTOR && t.table().raColumn() != null
                && t.table().decColumn() != null).toList();
    }

    private static void arity(SqlCall call, double[] v, int n, String names) {
        if (v.length != n) {
            throw SqlErrors.error(SqlErrorCode.INVALID_ARGUMENT, call,
                    call.getOperator().getName() + " takes " + n + " arguments (" + names + "), got " + v.length);
        }
    }

    private static void checkDec(SqlNode at, double dec) {
        if (!(dec >= -90 && dec <= 90)) {
            throw SqlErrors.error(SqlErrorCode.INVALID_ARGUMENT, at, "declination must be in [-90, 90] degrees, got " + dec);
        }
    }

    /** A region the spatial module validates, its complaint reported at the restrictor. */
    private static Region region(SqlCall call, java.util.function.Supplier<Region> build) {
        try {
            return build.get();
        } catch (SkyshardException e) {
            throw SqlErrors.error(SqlErrorCode.INVALID_ARGUMENT, call, call.getOperator().getName() + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ explicit sciSQL predicates

    /**
     * The regions covering the rows a top-level sciSQL predicate on a partitioned table's position
     * columns can accept, or null when the conjunct is not such a predicate (or its region is invalid).
     */
    private static List<Region> predicateRegions(AnalysisContext ctx, SqlNode conjunct, List<SqlNode> bands) {
        SqlNode test = comparedWithOne(conjunct);
        SqlCall call = (test != null ? test : conjunct) instanceof SqlCall c ? c : null;
        if (call == null) {
            return null;
        }
        if (conjunct.getKind() == SqlKind.LESS_THAN || conjunct.getKind() == SqlKind.LESS_THAN_OR_EQUAL
                || conjunct.getKind() == SqlKind.GREATER_THAN || conjunct.getKind() == SqlKind.GREATER_THAN_OR_EQUAL) {
            return angularDistance(ctx, (SqlCall) conjunct, bands);
        }
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        if (!name.startsWith("SCISQL_S2PTIN") || call.operandCount() < 2 || !onPosition(ctx, call.operand(0), call.operand(1))) {
            return null;
        }
        double[] v = literals(call.getOperandList().subList(2, call.operandCount()));
        if (v == null) {
            return null;
        }
        try {
            return switch (name) {
                case "SCISQL_S2PTINBOX" -> v.length != 4 ? null : v[1] > v[3] ? List.of()
                        : List.of(new Box(v[0], v[1], v[2], v[3]));
                case "SCISQL_S2PTINCIRCLE" -> {
                    if (v.length != 3 || !(v[2] >= 0 && v[2] <= 180) || !(v[1] >= -90 && v[1] <= 90)) {
                        yield null;
                    }
                    bands.add(declinationBand(call.operand(1), v[1] - v[2], v[1] + v[2]));
                    yield List.of(new Circle(v[0], v[1], v[2]));
                }
                case "SCISQL_S2PTINELLIPSE" -> {
                    if (v.length != 5) {
                        yield null;
                    }
                    Ellipse e = new Ellipse(v[0], v[1], v[2], v[3], v[4]);
                    // sciSQL tests the point's projection on the plane at the centre, which the antipodal
                    // ellipse passes too.
                    yield List.of(e, new Circle(v[0] + 180, -v[1], e.boundingRadiusDeg()));
                }
                case "SCISQL_S2PTINCPOLY" -> List.of(ConvexPolygon.of(v));
                default -> null;
            };
        } catch (SkyshardException e) {
            return null; // invalid region: sciSQL gives NULL or 0 row by row; prune nothing
        }
    }

    /** {@code scisql_angSep(ra, dec, ra0, dec0) < r} (any argument order, or reversed): a circle. */
    private static List<Region> angularDistance(AnalysisContext ctx, SqlCall comparison, List<SqlNode> bands) {
        SqlNode left = comparison.operand(0);
        SqlNode right = comparison.operand(1);
        SqlKind kind = comparison.getKind();
        if (kind == SqlKind.GREATER_THAN || kind == SqlKind.GREATER_THAN_OR_EQUAL) {
            SqlNode t = left;
            left = right;
            right = t;
        }
        BigDecimal radius = SqlTrees.numericValue(right);
        if (radius == null || !(left instanceof SqlCall sep) || !sep.getOperator().getName().equalsIgnoreCase("scisql_angSep")
                || sep.operandCount() != 4) {
            return null;
        }
        List<SqlNode> a = sep.getOperandList();
        double[] centre;
        SqlNode dec;
        if (onPosition(ctx, a.get(0), a.get(1))) {
            centre = literals(a.subList(2, 4));
            dec = a.get(1);
        } else if (onPosition(ctx, a.get(2), a.get(3))) {
            centre = literals(a.subList(0, 2));
            dec = a.get(3);
        } else {
            return null;
        }
        double r = radius.doubleValue();
        if (centre == null || !(centre[1] >= -90 && centre[1] <= 90)) {
            return null;
        }
        if (r < 0 || r == 0 && kind != SqlKind.LESS_THAN_OR_EQUAL && kind != SqlKind.GREATER_THAN_OR_EQUAL) {
            return List.of(); // no separation is below zero
        }
        bands.add(declinationBand(dec, centre[1] - r, centre[1] + r));
        return List.of(new Circle(centre[0], centre[1], Math.min(r, 180)));
    }

    /**
     * Positioned tables whose restriction may prune chunks: not the far side of a near-neighbour or
     * match join, whose rows come from neighbouring chunks' overlap too.
     */
    private static List<TableRef> pruning(AnalysisContext ctx) {
        return positioned(ctx).stream().filter(t -> !t.readsOverlap()).toList();
    }

    /** Whether (ra, dec) are the position columns of one partitioned table whose restriction prunes chunks. */
    private static boolean onPosition(AnalysisContext ctx, SqlNode ra, SqlNode dec) {
        for (TableRef t : pruning(ctx)) {
            if (JoinLocalityPass.isColumn(ra, t.alias(), t.table().raColumn())
                    && JoinLocalityPass.isColumn(dec, t.alias(), t.table().decColumn())) {
                return true;
            }
        }
        return false;
    }

    private static double[] literals(List<SqlNode> nodes) {
        double[] v = new double[nodes.size()];
        for (int i = 0; i < v.length; i++) {
            BigDecimal d = SqlTrees.numericValue(nodes.get(i));
            if (d == null) {
                return null;
            }
            v[i] = d.doubleValue();
        }
        return v;
    }

    // ------------------------------------------------------------------ position bounds

    /** Lower and upper bounds of one column, from the conjuncts; NaN = unbounded. */
    private static final class Bounds {
        double low = Double.NaN;
        double high = Double.NaN;

        void atLeast(double v) {
            low = Double.isNaN(low) ? v : Math.max(low, v);
        }

        void atMost(double v) {
            high = Double.isNaN(high) ? v : Math.min(high, v);
        }

        boolean any() {
            return !Double.isNaN(low) || !Double.isNaN(high);
        }
    }

    /**
     * Prunes with the box described by the bounds on each positioned table's ra and dec columns
     * (Qserv scans the whole sky for these; a window is what a box restrictor would have been).
     */
    private static void pruneByPositionBounds(AnalysisContext ctx) {
        for (TableRef t : pruning(ctx)) {
            Map<String, Bounds> bounds = new LinkedHashMap<>();
            bounds.put("ra", new Bounds());
            bounds.put("dec", new Bounds());
            for (SqlNode c : ctx.conjuncts) {
                collectBounds(c, t, bounds);
            }
            Bounds ra = bounds.get("ra");
            Bounds dec = bounds.get("dec");
            if (!ra.any() && !dec.any()) {
                continue;
            }
            double raLow = Double.isNaN(ra.low) ? 0 : ra.low;
            double raHigh = Double.isNaN(ra.high) ? 360 : ra.high;
            double decLow = Double.isNaN(dec.low) ? -90 : Math.max(-90, dec.low);
            double decHigh = Double.isNaN(dec.high) ? 90 : Math.min(90, dec.high);
            if (raLow > raHigh || decLow > decHigh || decLow > 90 || decHigh < -90) {
                ctx.restrictChunks(new int[0]);
                continue;
            }
            prune(ctx, List.of(raHigh - raLow >= 360 ? new Box(0, decLow, 360, decHigh) : new Box(raLow, decLow, raHigh, decHigh)));
        }
    }

    private static void collectBounds(SqlNode c, TableRef t, Map<String, Bounds> bounds) {
        SqlKind kind = c.getKind();
        if (kind == SqlKind.BETWEEN && c instanceof SqlCall call && call.getOperator() instanceof SqlBetweenOperator between
                && !between.isNegated()) {
            Bounds b = boundsOf(call.operand(0), t, bounds);
            BigDecimal low = SqlTrees.numericValue(call.operand(1));
            BigDecimal high = SqlTrees.numericValue(call.operand(2));
            if (b != null && low != null && high != null) {
                double lo = low.doubleValue();
                double hi = high.doubleValue();
                if (between.flag == SqlBetweenOperator.Flag.SYMMETRIC) {
                    b.atLeast(Math.min(lo, hi));
                    b.atMost(Math.max(lo, hi));
                } else {
                    b.atLeast(lo);
                    b.atMost(hi);
                }
            }
            return;
        }
        if (!Arrays.asList(SqlKind.EQUALS, SqlKind.LESS_THAN, SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN,
                SqlKind.GREATER_THAN_OR_EQUAL).contains(kind)) {
            return;
        }
        SqlCall call = (SqlCall) c;
        Bounds b = boundsOf(call.operand(0), t, bounds);
        BigDecimal value = SqlTrees.numericValue(call.operand(1));
        if (b == null) {
            b = boundsOf(call.operand(1), t, bounds);
            value = SqlTrees.numericValue(call.operand(0));
            kind = kind.reverse();
        }
        if (b == null || value == null) {
            return;
        }
        double v = value.doubleValue();
        switch (kind) {
            case EQUALS -> {
                b.atLeast(v);
                b.atMost(v);
            }
            case LESS_THAN, LESS_THAN_OR_EQUAL -> b.atMost(v);
            default -> b.atLeast(v);
        }
    }

    private static Bounds boundsOf(SqlNode column, TableRef t, Map<String, Bounds> bounds) {
        if (JoinLocalityPass.isColumn(column, t.alias(), t.table().raColumn())) {
            return bounds.get("ra");
        }
        if (JoinLocalityPass.isColumn(column, t.alias(), t.table().decColumn())) {
            return bounds.get("dec");
        }
        return null;
    }
}
