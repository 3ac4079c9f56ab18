package io.skyshard.sql.analysis;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.sql.rewrite.FunctionRewriter;
import io.skyshard.sql.rewrite.SqlTrees;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * MySQL computes with exact numbers (integers, DECIMAL columns, literals such as {@code 1.5}) in
 * DECIMAL: {@code 7 / 2} is {@code 3.5000}, {@code 1 / 3} is {@code 0.3333} (the dividend's scale
 * plus {@code div_precision_increment}, 4), {@code AVG} of an integer column is a DECIMAL with 4 more
 * decimals than its argument and {@code SUM} of one a DECIMAL; DuckDB divides in DOUBLE and sums
 * integers to HUGEINT. So a result column computed from exact operands only, through a division,
 * AVG or SUM, is rounded to MySQL's scale and typed DECIMAL. Only the result is rounded: MySQL keeps
 * intermediate quotients to 9 digits ({@code (1 / 3) * 3} shows {@code 1.0000}), which the DOUBLE
 * arithmetic underneath approximates, and conditions compare those unrounded values too. An
 * approximate operand (a FLOAT or DOUBLE column, {@code 1e3}) keeps DOUBLE, as in MySQL.
 *
 * <pre>
 * before: SELECT filterId / 3, AVG(filterId), SUM(filterId), filterId * 2 FROM Source
 * after:  SELECT CAST(ROUND(filterId / 3, 4) AS DECIMAL(38, 4)), CAST(ROUND(AVG(filterId), 4) AS DECIMAL(38, 4)),
 *                CAST(SUM(filterId) AS DECIMAL(38, 0)), filterId * 2 FROM Source
 * </pre>
 *
 * <p>{@code FLOOR}/{@code CEIL} of an exact value is an integer in MySQL (BIGINT, DECIMAL when its
 * integer part may not fit), and of an integer quotient it is computed exactly here
 * ({@code _mysql_floor_div}). A DOUBLE quotient or average of values with fixed decimals (FLOOR,
 * ROUND(x, n), exact operands) has decimals in MySQL too, and is shown rounded to them.
 *
 * <p>Runs after {@link FloatWideningPass} (a widened FLOAT column is a DOUBLE here) and before
 * {@link AggregateSplitPass}, which splits the aggregates inside the casts like any others.
 */
public final class ExactArithmeticPass implements AnalysisPass {
    /** MySQL's div_precision_increment default. */
    static final int DIVISION_SCALE_INCREMENT = 4;
    /** MySQL's largest DECIMAL scale. */
    static final int MAX_SCALE = 30;
    /** MySQL's decimals of a DOUBLE whose digits are not fixed (NOT_FIXED_DEC). */
    private static final int NOT_FIXED = 31;
    /** Integer digits assumed for a value of unknown size: wide enough that a FLOOR of it is a DECIMAL. */
    private static final int UNKNOWN_DIGITS = 30;
    /** DuckDB's widest DECIMAL. */
    private static final int PRECISION = 38;

    /** DuckDB functions (and macros, by prefix) whose value is a DOUBLE, as MySQL's are. */
    private static final Set<String> DOUBLE_FUNCTIONS = Set.of("SQRT", "POW", "POWER", "EXP", "LN", "LOG",
            "LOG2", "LOG10", "SIN", "COS", "TAN", "ASIN", "ACOS", "ATAN", "ATAN2", "COT", "RADIANS", "DEGREES", "PI", "RANDOM");

    @Override
    public void apply(AnalysisContext ctx) {
        Exact exact = new Exact(ctx);
        DoubleRound round = new DoubleRound(exact);
        ctx.items.replaceAll(i -> i.withExpression(exact.result(i.expression().accept(round))));
        ctx.conjuncts.replaceAll(c -> c.accept(round));
        ctx.groupBy.replaceAll(g -> g.accept(round));
        ctx.orderKeys.replaceAll(k -> k.withExpression(k.expression().accept(round)));
        if (ctx.having != null) {
            ctx.having = ctx.having.accept(round);
        }
    }

    /**
     * {@code ROUND} of an approximate value rounds half to even on its shortest decimal form in
     * MySQL ({@code ROUND(2.5e0)} is 2); DuckDB's goes half away from zero, as MySQL's does for exact
     * values, which keep DuckDB's round.
     */
    private static final class DoubleRound extends SqlShuttle {
        private final Exact exact;

        DoubleRound(Exact exact) {
            this.exact = exact;
        }

        @Override
        public SqlNode visit(SqlCall call) {
            if (call instanceof SqlSelect) {
                return call; // a subquery has its own scope, planned on its own
            }
            SqlNode rewritten = super.visit(call);
            if (rewritten instanceof SqlCall c && (c.getKind() == SqlKind.FLOOR || c.getKind() == SqlKind.CEIL)
                    && c.operandCount() == 1 && exact.scale(c.operand(0)).isPresent()) {
                return exact.integral(c);
            }
            if (rewritten instanceof SqlCall c && c.getOperator().getName().equalsIgnoreCase("ROUND")
                    && (c.operandCount() == 1 || c.operandCount() == 2) && exact.approximate(c.operand(0))) {
                SqlParserPos pos = c.getParserPosition();
                SqlNode digits = c.operandCount() == 2 ? c.operand(1) : SqlNumericLiteral.createExactNumeric("0", pos);
                return FunctionRewriter.function("_mysql_round_double").createCall(pos, c.operand(0), digits);
            }
            return rewritten;
        }
    }

    private static final class Exact {
        private final AnalysisContext ctx;

        Exact(AnalysisContext ctx) {
            this.ctx = ctx;
        }

        /** A result column: DECIMAL with MySQL's scale when MySQL computes it as one, else as it is. */
        SqlNode result(SqlNode e) {
            // Without a quotient the value is exact already (a SUM of integers may pass 2^53: not through a DOUBLE).
            // A quotient under a CAST (FLOOR(i / 100) becomes one) no longer decides the result's type.
            boolean quotient = outsideCasts(e, Exact::isQuotient);
            if (!quotient && !outsideCasts(e, n -> isAggregate(n, "SUM"))) {
                return e;
            }
            OptionalInt scale = scale(e);
            if (scale.isEmpty()) {
                return quotient ? fixedDecimals(e) : e;
            }
            SqlParserPos pos = e.getParserPosition();
            int s = Math.min(MAX_SCALE, scale.getAsInt());
            SqlNode rounded = quotient
                    ? SqlStdOperatorTable.ROUND.createCall(pos, e, SqlNumericLiteral.createExactNumeric(String.valueOf(s), pos))
                    : e;
            SqlBasicTypeNameSpec spec = new SqlBasicTypeNameSpec(SqlTypeName.DECIMAL, PRECISION, s, pos);
            return SqlStdOperatorTable.CAST.createCall(pos, rounded, new SqlDataTypeSpec(spec, pos));
        }

        /**
         * A DOUBLE quotient of values with a fixed number of decimals: MySQL gives it decimals too
         * (the dividend's or the AVG argument's plus 4) and prints it rounded to them, so
         * {@code AVG(FLOOR(ra))} shows {@code 54.6667}, not {@code 54.666666666666664}.
         */
        private SqlNode fixedDecimals(SqlNode e) {
            if (!approximate(e)) {
                return e;
            }
            int d = decimals(e);
            if (d >= NOT_FIXED) {
                return e;
            }
            SqlParserPos pos = e.getParserPosition();
            return FunctionRewriter.function("_mysql_fixed_decimals").createCall(pos, e,
                    SqlNumericLiteral.createExactNumeric(String.valueOf(d), pos));
        }

        /** MySQL's decimals of a value: fixed for exact values and what FLOOR, CEIL and ROUND make, else {@link #NOT_FIXED}. */
        private int decimals(SqlNode e) {
            OptionalInt exactScale = scale(e);
            if (exactScale.isPresent()) {
                return exactScale.getAsInt();
            }
            if (!(e instanceof SqlCall call) || e instanceof SqlSelect) {
                return NOT_FIXED;
            }
            String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
            int d = switch (call.getKind()) {
                case FLOOR, CEIL -> 0;
                case PLUS, MINUS -> Math.max(decimals(call.operand(0)), decimals(call.operand(1)));
                case TIMES -> decimals(call.operand(0)) + decimals(call.operand(1));
                case DIVIDE -> Math.max(decimals(call.operand(0)), decimals(call.operand(1))) + DIVISION_SCALE_INCREMENT;
                case MINUS_PREFIX, PLUS_PREFIX, NULLIF -> decimals(call.operand(0));
                default -> {
                    if (call.getOperator().isAggregator() && call.operandCount() == 1) {
                        yield switch (name) {
                            case "AVG" -> decimals(call.operand(0)) + DIVISION_SCALE_INCREMENT;
                            case "SUM", "MIN", "MAX" -> decimals(call.operand(0));
                            default -> NOT_FIXED;
                        };
                    }
                    if ((name.equals("ROUND") || name.equals("_MYSQL_ROUND_DOUBLE") || name.equals("TRUNC") || name.equals("TRUNCATE"))
                            && call.operandCount() == 2 && call.operand(1) instanceof SqlNumericLiteral digits && digits.isExact()) {
                        yield Math.max(0, digits.intValue(true));
                    }
                    yield name.equals("ABS") && call.operandCount() == 1 ? decimals(call.operand(0)) : NOT_FIXED;
                }
            };
            return Math.min(NOT_FIXED, d);
        }

        /**
         * {@code FLOOR} or {@code CEIL} of an exact value, typed as in MySQL: an integer argument is
         * its own floor (never through a DOUBLE, which would round ids past 2^53); a DECIMAL value
         * floors to a BIGINT, or to a DECIMAL when its integer part may not fit one.
         */
        SqlNode integral(SqlCall floor) {
            SqlNode arg = floor.operand(0);
            SqlParserPos pos = floor.getParserPosition();
            if (isInteger(arg)) {
                return arg;
            }
            // MySQL: a DECIMAL result when the integer part (with sign and point) takes 20 characters or more.
            boolean wide = integerDigits(arg) + 2 >= 20;
            SqlBasicTypeNameSpec spec = wide ? new SqlBasicTypeNameSpec(SqlTypeName.DECIMAL, PRECISION, 0, pos)
                    : new SqlBasicTypeNameSpec(SqlTypeName.BIGINT, pos);
            SqlNode value = floor;
            if (arg.getKind() == SqlKind.DIVIDE && arg instanceof SqlCall quotient && isInteger(quotient.operand(0))
                    && isInteger(quotient.operand(1))) {
                // integers divided and floored exactly, not through a DOUBLE (ids pass 2^53)
                value = FunctionRewriter.function(floor.getKind() == SqlKind.FLOOR ? "_mysql_floor_div" : "_mysql_ceil_div")
                        .createCall(pos, quotient.operand(0), quotient.operand(1));
            }
            return SqlStdOperatorTable.CAST.createCall(pos, value, new SqlDataTypeSpec(spec, pos));
        }

        /** An exact value without decimals or a quotient in it: an integer for MySQL (or a NULLIF divisor of one). */
        private boolean isInteger(SqlNode e) {
            OptionalInt s = scale(e);
            return s.isPresent() && s.getAsInt() == 0 && !outsideCasts(e, Exact::isQuotient);
        }

        /** Digits before the point an exact value may have, as MySQL sizes DECIMAL results; generous when unknown. */
        private int integerDigits(SqlNode e) {
            if (e instanceof SqlNumericLiteral literal) {
                return Math.max(1, literal.bigDecimalValue().precision() - literal.bigDecimalValue().scale());
            }
            if (e instanceof SqlIdentifier id) {
                ColumnDef c = ctx.column(id);
                if (c == null) {
                    return UNKNOWN_DIGITS;
                }
                return switch (c.type()) {
                    case TINYINT -> 3;
                    case SMALLINT -> 5;
                    case INTEGER -> 10;
                    case BIGINT -> 19;
                    case DECIMAL -> Math.max(1, c.length() - c.scale());
                    default -> UNKNOWN_DIGITS;
                };
            }
            if (!(e instanceof SqlCall call) || e instanceof SqlSelect) {
                return UNKNOWN_DIGITS;
            }
            return switch (call.getKind()) {
                case PLUS, MINUS -> Math.max(integerDigits(call.operand(0)), integerDigits(call.operand(1))) + 1;
                case TIMES -> integerDigits(call.operand(0)) + integerDigits(call.operand(1));
                case DIVIDE -> integerDigits(call.operand(0)) + scale(call.operand(1)).orElse(0);
                case MINUS_PREFIX, PLUS_PREFIX, NULLIF, FLOOR, CEIL -> integerDigits(call.operand(0));
                case CAST -> call.operand(1) instanceof SqlDataTypeSpec spec && spec.getTypeNameSpec() instanceof SqlBasicTypeNameSpec basic
                        && basic.getTypeName().getSimple().equalsIgnoreCase("DECIMAL") && basic.getPrecision() > 0
                        ? Math.max(1, basic.getPrecision() - Math.max(0, basic.getScale()))
                        : Math.min(19, integerDigits(call.operand(0)));
                default -> UNKNOWN_DIGITS;
            };
        }

        /** Whether MySQL computes {@code e} as a DOUBLE: it involves a FLOAT/DOUBLE column, literal or function. */
        boolean approximate(SqlNode e) {
            return SqlTrees.findFirst(e, n -> {
                if (n instanceof SqlNumericLiteral literal) {
                    return !literal.isExact();
                }
                if (n instanceof SqlIdentifier id) {
                    ColumnDef c = ctx.column(id);
                    return c != null && (c.type() == ColumnType.DOUBLE || c.type() == ColumnType.FLOAT);
                }
                if (n instanceof SqlCall call && !(n instanceof SqlSelect)) {
                    if (call.getKind() == SqlKind.CAST && call.operand(1) instanceof SqlDataTypeSpec spec) {
                        String type = spec.getTypeNameSpec().getTypeName().getSimple().toUpperCase(Locale.ROOT);
                        return type.equals("DOUBLE") || type.equals("FLOAT") || type.equals("REAL");
                    }
                    String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
                    return DOUBLE_FUNCTIONS.contains(name) || name.startsWith("SCISQL_");
                }
                return false;
            }) != null;
        }

        /** A division or AVG: where MySQL turns exact operands into a DECIMAL that needs rounding to its scale. */
        private static boolean isQuotient(SqlNode n) {
            return n instanceof SqlCall call && call.getKind() == SqlKind.DIVIDE || isAggregate(n, "AVG");
        }

        private static boolean isAggregate(SqlNode n, String name) {
            return n instanceof SqlCall call && !(n instanceof SqlSelect) && call.getOperator().isAggregator()
                    && call.getOperator().getName().equalsIgnoreCase(name);
        }

        /** The scale of an exact expression, or empty when it is approximate or not known to be exact. */
        private OptionalInt scale(SqlNode e) {
            if (e instanceof SqlNumericLiteral literal) {
                return literal.isExact() ? OptionalInt.of(Math.max(0, literal.getScale() == null ? 0 : literal.getScale()))
                        : OptionalInt.empty();
            }
            if (e instanceof SqlIdentifier id) {
                ColumnDef c = ctx.column(id);
                if (c == null) {
                    return OptionalInt.empty();
                }
                return switch (c.type()) {
                    case TINYINT, SMALLINT, INTEGER, BIGINT -> OptionalInt.of(0);
                    case DECIMAL -> OptionalInt.of(Math.max(0, c.scale()));
                    default -> OptionalInt.empty();
                };
            }
            if (e instanceof SqlLiteral literal && literal.getTypeName() == SqlTypeName.NULL) {
                return OptionalInt.of(0); // NULL adds no decimals: CASE WHEN b = 0 THEN NULL ELSE a % b END (MOD)
            }
            if (!(e instanceof SqlCall call)) {
                return OptionalInt.empty();
            }
            switch (call.getKind()) {
                case CASE -> {
                    return widest(SqlTrees.caseValues((SqlCase) call));
                }
                case COALESCE -> {
                    return widest(call.getOperandList());
                }
                case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL, AND, OR, NOT,
                        IS_NULL, IS_NOT_NULL, BETWEEN, IN, NOT_IN, LIKE -> {
                    return OptionalInt.of(0); // a condition is the integer 1 or 0 in MySQL
                }
                case PLUS, MINUS, MOD -> {
                    return both(call, Math::max);
                }
                case TIMES -> {
                    return both(call, (a, b) -> Math.min(MAX_SCALE, a + b));
                }
                case DIVIDE -> {
                    return both(call, (a, b) -> Math.min(MAX_SCALE, a + DIVISION_SCALE_INCREMENT));
                }
                case MINUS_PREFIX, PLUS_PREFIX, NULLIF -> {
                    // NULLIF(divisor, 0): how divisors reach this pass (a division by zero is NULL in MySQL)
                    return scale(call.operand(0));
                }
                case CAST -> {
                    if (call.operand(1) instanceof SqlDataTypeSpec spec) {
                        // CAST(x AS SIGNED) arrives as a BIGINT named by a user-defined type spec
                        String name = spec.getTypeNameSpec().getTypeName().getSimple().toUpperCase(Locale.ROOT);
                        if (name.equals("DECIMAL") && spec.getTypeNameSpec() instanceof SqlBasicTypeNameSpec basic) {
                            return OptionalInt.of(Math.max(0, basic.getScale()));
                        }
                        SqlTypeName type = SqlTypeName.get(name);
                        if (type != null && SqlTypeName.INT_TYPES.contains(type) || name.equals("UBIGINT") || name.equals("HUGEINT")) {
                            return OptionalInt.of(0);
                        }
                    }
                    return OptionalInt.empty();
                }
                default -> {
                }
            }
            String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
            if (call.getOperator().isAggregator()) {
                return switch (name) {
                    case "COUNT" -> OptionalInt.of(0);
                    case "SUM", "MIN", "MAX" -> call.operandCount() == 1 ? scale(call.operand(0)) : OptionalInt.empty();
                    case "AVG" -> call.operandCount() == 1 && scale(call.operand(0)).isPresent()
                            ? OptionalInt.of(Math.min(MAX_SCALE, scale(call.operand(0)).getAsInt() + DIVISION_SCALE_INCREMENT))
                            : OptionalInt.empty();
                    default -> OptionalInt.empty();
                };
            }
            if (name.equals("ROUND") && call.operandCount() == 2 && scale(call.operand(0)).isPresent()
                    && call.operand(1) instanceof SqlNumericLiteral digits && digits.isExact()) {
                return OptionalInt.of(Math.max(0, digits.intValue(true)));
            }
            if (name.equals("ROUND") && call.operandCount() == 1 && scale(call.operand(0)).isPresent()) {
                return OptionalInt.of(0); // ROUND(x) of an exact value is exact, without decimals
            }
            if (name.equals("ABS") && call.operandCount() == 1) {
                return scale(call.operand(0));
            }
            if (name.startsWith("_MYSQL_BIT_") || name.startsWith("_MYSQL_SHIFT_") || name.equals("SIGN")) {
                return OptionalInt.of(0); // MySQL's bit operators give unsigned 64-bit integers
            }
            if (name.equals("GREATEST") || name.equals("LEAST")) {
                return widest(call.getOperandList());
            }
            if (name.equals("TRUNC") && call.operandCount() == 2 && scale(call.operand(0)).isPresent()
                    && call.operand(1) instanceof SqlNumericLiteral digits && digits.isExact()) {
                return OptionalInt.of(Math.max(0, Math.min(scale(call.operand(0)).getAsInt(), digits.intValue(true))));
            }
            return OptionalInt.empty();
        }

        /** The largest scale of values all exact, else empty. */
        private OptionalInt widest(List<SqlNode> values) {
            int s = 0;
            for (SqlNode v : values) {
                OptionalInt vs = v == null ? OptionalInt.of(0) : scale(v);
                if (vs.isEmpty()) {
                    return vs;
                }
                s = Math.max(s, vs.getAsInt());
            }
            return OptionalInt.of(s);
        }

        /**
         * Whether a node outside any CAST or COUNT passes the test: a CAST fixes its value's type
         * whatever is inside, and a COUNT is an integer whatever it counts.
         */
        private static boolean outsideCasts(SqlNode n, java.util.function.Predicate<SqlNode> test) {
            return SqlTrees.findFirst(n, x -> !(x instanceof SqlSelect) && test.test(x),
                    x -> !(x instanceof SqlSelect) && x.getKind() != SqlKind.CAST && !isAggregate(x, "COUNT")) != null;
        }

        private OptionalInt both(SqlCall call, java.util.function.IntBinaryOperator combine) {
            if (call.operandCount() != 2) {
                return OptionalInt.empty();
            }
            OptionalInt a = scale(call.operand(0));
            OptionalInt b = scale(call.operand(1));
            return a.isPresent() && b.isPresent() ? OptionalInt.of(combine.applyAsInt(a.getAsInt(), b.getAsInt())) : OptionalInt.empty();
        }
    }
}
