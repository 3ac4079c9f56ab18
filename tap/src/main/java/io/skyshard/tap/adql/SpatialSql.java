package io.skyshard.tap.adql;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.spatial.geometry.SphereMath;
import io.skyshard.spatial.region.ConvexPolygon;
import io.skyshard.sql.rewrite.SqlTrees;
import io.skyshard.tap.TapErrorCode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;

/**
 * ADQL geometry as Qserv-dialect SQL: CONTAINS and INTERSECTS of a point become the sciSQL
 * predicates ({@code scisql_s2PtInCircle}, {@code scisql_s2PtInBox}, 0 or 1), DISTANCE becomes
 * {@code scisql_angSep}, and a convex POLYGON becomes the test "on the inner side of every edge's
 * great circle". Regions given by constants are checked and folded here, so that the planner sees
 * literal arguments (which it can turn into a chunk set).
 *
 * <pre>
 * CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 10, 20, 0.5))  -&gt; SCISQL_S2PTINCIRCLE(ra, dec, 10, 20, 0.5)
 * CONTAINS(POINT('ICRS', ra, dec), BOX('ICRS', 10, 20, 2, 1))     -&gt; SCISQL_S2PTINBOX(ra, dec, 9, 19.5, 11, 20.5)
 * DISTANCE(POINT('ICRS', a, b), POINT('ICRS', 1, 2))              -&gt; SCISQL_ANGSEP(a, b, 1, 2)
 * </pre>
 */
final class SpatialSql {
    private static final SqlParserPos POS = SqlParserPos.ZERO;

    private SpatialSql() {
    }

    /** A call of a function the query service knows by name (unparsed as NAME(args)). */
    static SqlNode call(String name, SqlNode... args) {
        return new SqlFunction(name, SqlKind.OTHER_FUNCTION, ReturnTypes.ARG0_NULLABLE, null, OperandTypes.VARIADIC,
                SqlFunctionCategory.USER_DEFINED_FUNCTION).createCall(POS, args);
    }

    static SqlNode number(double value) {
        BigDecimal d = new BigDecimal(Double.toString(value));
        SqlNode lit = SqlLiteral.createExactNumeric(d.abs().toPlainString(), POS);
        return d.signum() < 0 ? SqlStdOperatorTable.UNARY_MINUS.createCall(POS, lit) : lit;
    }

    /**
     * The value of a constant: a number, or arithmetic (+ - * /) of constants such as the
     * {@code 1.0 / 3600} of a radius in arcseconds, computed in double precision as the engine
     * divides. Null when the node is not constant (or divides by zero).
     */
    static Double literal(SqlNode node) {
        BigDecimal d = SqlTrees.numericValue(node);
        if (d != null) {
            return d.doubleValue();
        }
        if (node instanceof SqlCall call && call.operandCount() == 2) {
            SqlKind kind = call.getKind();
            if (kind != SqlKind.PLUS && kind != SqlKind.MINUS && kind != SqlKind.TIMES && kind != SqlKind.DIVIDE) {
                return null;
            }
            Double a = literal(call.operand(0));
            Double b = literal(call.operand(1));
            if (a == null || b == null || kind == SqlKind.DIVIDE && b == 0) {
                return null;
            }
            double v = switch (kind) {
                case PLUS -> a + b;
                case MINUS -> a - b;
                case TIMES -> a * b;
                default -> a / b;
            };
            return Double.isFinite(v) ? v : null;
        }
        return null;
    }

    /** 1 when the point is inside (or on the edge of) the region, else 0; NULL coordinates give 0. */
    static SqlNode contains(Geometry.Point p, Geometry region, Object at) {
        return switch (region) {
            case Geometry.Circle c -> {
                checkCircle(c, at);
                yield call("scisql_s2PtInCircle", p.ra(), p.dec(), c.ra(), c.dec(), c.radius());
            }
            case Geometry.Box b -> {
                SqlNode[] bounds = boxBounds(b, at);
                yield call("scisql_s2PtInBox", p.ra(), p.dec(), bounds[0], bounds[1], bounds[2], bounds[3]);
            }
            case Geometry.Polygon poly -> polygonContains(p, poly, at);
            case Geometry.Point q -> throw AdqlErrors.unsupported(at,
                    "CONTAINS or INTERSECTS of two points (compare DISTANCE(...) = 0 instead)");
        };
    }

    static SqlNode distance(Geometry.Point a, Geometry.Point b) {
        return call("scisql_angSep", a.ra(), a.dec(), b.ra(), b.dec());
    }

    /** Area in square degrees. */
    static SqlNode area(Geometry g, Object at) {
        double sqDeg = Math.pow(180 / Math.PI, 2);
        return switch (g) {
            case Geometry.Point p -> number(0);
            case Geometry.Circle c -> {
                checkCircle(c, at);
                Double r = literal(c.radius());
                if (r != null) {
                    yield number(2 * Math.PI * (1 - Math.cos(Math.toRadians(r))) * sqDeg);
                }
                SqlNode cos = call("COS", call("RADIANS", c.radius()));
                yield times(number(2 * Math.PI * sqDeg), SqlStdOperatorTable.MINUS.createCall(POS, number(1), cos));
            }
            case Geometry.Box b -> {
                double[] v = literalBox(b, at);
                if (v == null) {
                    throw AdqlErrors.unsupported(at, "AREA of a BOX whose centre or size is not a constant");
                }
                double width = Math.min(360, v[2] - v[0]);
                double area = Math.toRadians(width) * (Math.sin(Math.toRadians(v[3])) - Math.sin(Math.toRadians(v[1])));
                yield number(area * sqDeg);
            }
            case Geometry.Polygon poly -> number(polygonAreaSr(polygonVertices(poly, at)) * sqDeg);
        };
    }

    /**
     * The smallest circle {ra, dec, radius} containing a region given by constants, or null when
     * the region is not constant (then no chunk pruning can be derived from it).
     */
    static double[] literalBoundingCircle(Geometry region, Object at) {
        switch (region) {
            case Geometry.Circle c -> {
                Double ra = literal(c.ra());
                Double dec = literal(c.dec());
                Double r = literal(c.radius());
                return ra == null || dec == null || r == null ? null : new double[] {ra, dec, r};
            }
            case Geometry.Polygon poly -> {
                List<double[]> vertices = literalVertices(poly);
                if (vertices == null) {
                    return null;
                }
                ConvexPolygon.edgeNormals(vertices);
                double[] sum = new double[3];
                for (double[] v : vertices) {
                    double[] u = SphereMath.toVector(v[0], v[1]);
                    for (int i = 0; i < 3; i++) {
                        sum[i] += u[i];
                    }
                }
                double[] centre = SphereMath.normalize(sum);
                double radius = 0;
                for (double[] v : vertices) {
                    radius = Math.max(radius, Math.toDegrees(SphereMath.separationRad(centre, SphereMath.toVector(v[0], v[1]))));
                }
                if (radius >= 90) {
                    return null;
                }
                double dec = Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, centre[2]))));
                double ra = Math.toDegrees(Math.atan2(centre[1], centre[0]));
                if (ra < 0) {
                    ra += 360;
                }
                // a hair wider so that rounding never drops a vertex-adjacent row
                return new double[] {ra, dec, radius + 1e-9};
            }
            default -> {
                return null;
            }
        }
    }

    /** {raMin, decMin, raMax, decMax} of a box given by constants, or null. */
    static double[] literalBox(Geometry.Box b, Object at) {
        Double ra = literal(b.ra());
        Double dec = literal(b.dec());
        Double w = literal(b.width());
        Double h = literal(b.height());
        if (ra == null || dec == null || w == null || h == null) {
            return null;
        }
        checkDec(dec, "BOX centre", at);
        if (w < 0 || h < 0) {
            throw AdqlErrors.error(TapErrorCode.INVALID_ARGUMENT, at, "BOX width and height must not be negative, got "
                    + w + " and " + h);
        }
        double raMin = w >= 360 ? 0 : ra - w / 2;
        double raMax = w >= 360 ? 360 : ra + w / 2;
        return new double[] {raMin, Math.max(-90, dec - h / 2), raMax, Math.min(90, dec + h / 2)};
    }

    private static SqlNode[] boxBounds(Geometry.Box b, Object at) {
        double[] v = literalBox(b, at);
        if (v != null) {
            return new SqlNode[] {number(v[0]), number(v[1]), number(v[2]), number(v[3])};
        }
        SqlNode halfW = SqlStdOperatorTable.DIVIDE.createCall(POS, b.width(), number(2));
        SqlNode halfH = SqlStdOperatorTable.DIVIDE.createCall(POS, b.height(), number(2));
        return new SqlNode[] {
            SqlStdOperatorTable.MINUS.createCall(POS, b.ra(), halfW),
            SqlStdOperatorTable.MINUS.createCall(POS, b.dec(), halfH),
            SqlStdOperatorTable.PLUS.createCall(POS, b.ra(), halfW),
            SqlStdOperatorTable.PLUS.createCall(POS, b.dec(), halfH)};
    }

    private static SqlNode polygonContains(Geometry.Point p, Geometry.Polygon poly, Object at) {
        double[][] normals = normals(polygonVertices(poly, at), at);
        SqlNode cosDec = call("COS", call("RADIANS", p.dec()));
        SqlNode x = times(cosDec, call("COS", call("RADIANS", p.ra())));
        SqlNode y = times(cosDec, call("SIN", call("RADIANS", p.ra())));
        SqlNode z = call("SIN", call("RADIANS", p.dec()));
        List<SqlNode> sides = new ArrayList<>();
        for (double[] n : normals) {
            SqlNode dot = SqlStdOperatorTable.PLUS.createCall(POS, SqlStdOperatorTable.PLUS.createCall(POS,
                    times(number(n[0]), x), times(number(n[1]), y)), times(number(n[2]), z));
            // the same tolerance as ConvexPolygon.contains, so points on an edge are inside
            sides.add(SqlStdOperatorTable.GREATER_THAN_OR_EQUAL.createCall(POS, dot, number(-1e-15)));
        }
        return new SqlCase(POS, null, SqlTrees.list(List.of(SqlTrees.and(sides))), SqlTrees.list(List.of(SqlTrees.integer(1))),
                SqlTrees.integer(0));
    }

    private static double[][] normals(List<double[]> vertices, Object at) {
        try {
            return ConvexPolygon.edgeNormals(vertices);
        } catch (SkyshardException e) {
            throw AdqlErrors.error(TapErrorCode.INVALID_ARGUMENT, at, "invalid POLYGON (only convex polygons with"
                    + " distinct vertices are supported): " + e.getMessage());
        }
    }

    private static List<double[]> polygonVertices(Geometry.Polygon poly, Object at) {
        List<double[]> vertices = literalVertices(poly);
        if (vertices == null) {
            throw AdqlErrors.unsupported(at, "POLYGON whose vertices are not constants");
        }
        for (double[] v : vertices) {
            checkDec(v[1], "POLYGON vertex", at);
        }
        normals(vertices, at);
        return vertices;
    }

    private static List<double[]> literalVertices(Geometry.Polygon poly) {
        List<double[]> out = new ArrayList<>();
        for (SqlNode[] v : poly.vertices()) {
            Double ra = literal(v[0]);
            Double dec = literal(v[1]);
            if (ra == null || dec == null) {
                return null;
            }
            out.add(new double[] {ra, dec});
        }
        return out;
    }

    /** Area of a convex spherical polygon in steradians: the sum of its fan triangles' spherical excess. */
    static double polygonAreaSr(List<double[]> vertices) {
        double[] a = SphereMath.toVector(vertices.get(0)[0], vertices.get(0)[1]);
        double total = 0;
        for (int i = 1; i + 1 < vertices.size(); i++) {
            double[] b = SphereMath.toVector(vertices.get(i)[0], vertices.get(i)[1]);
            double[] c = SphereMath.toVector(vertices.get(i + 1)[0], vertices.get(i + 1)[1]);
            double triple = Math.abs(SphereMath.dot(a, SphereMath.cross(b, c)));
            double denominator = 1 + SphereMath.dot(a, b) + SphereMath.dot(b, c) + SphereMath.dot(c, a);
            total += 2 * Math.atan2(triple, denominator);
        }
        return total;
    }

    private static void checkCircle(Geometry.Circle c, Object at) {
        Double dec = literal(c.dec());
        if (dec != null) {
            checkDec(dec, "CIRCLE centre", at);
        }
        Double r = literal(c.radius());
        if (r != null && !(r >= 0 && r <= 180)) {
            throw AdqlErrors.error(TapErrorCode.INVALID_ARGUMENT, at, "CIRCLE radius must be in [0, 180] degrees, got " + r);
        }
    }

    static void checkDec(double dec, String what, Object at) {
        if (!(dec >= -90 && dec <= 90)) {
            throw AdqlErrors.error(TapErrorCode.INVALID_ARGUMENT, at, what + " declination must be in [-90, 90] degrees, got " + dec);
        }
    }

    private static SqlNode times(SqlNode a, SqlNode b) {
        return SqlStdOperatorTable.MULTIPLY.createCall(POS, a, b);
    }
}
