package io.skyshard.sql.analysis;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.sql.rewrite.FunctionRewriter;
import io.skyshard.sql.rewrite.SqlTrees;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlSelect;
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
 * <p>Runs after {@link FloatWideningPass} (a widened FLOAT column is a DOUBLE here) and before
 * {@link AggregateSplitPass}, which splits the aggregates inside the casts like any others.
 */
public final class ExactArithmeticPass implements AnalysisPass {
    /** MySQL's div_precision_increment default. */
    static final int DIVISION_SCALE_INCREMENT = 4;
    /** MySQL's largest DECIMAL scale. */
    static final int MAX_SCALE = 30;
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
            boolean quotient = SqlTrees.findFirst(e, Exact::isQuotient) != null;
            if (!quotient && SqlTrees.findFirst(e, n -> isAggregate(n, "SUM")) == null) {
                return e;
            }
            OptionalInt scale = scale(e);
            if (scale.isEmpty()) {
                return e;
            }
            SqlParserPos pos = e.getParserPosition();
            int s = Math.min(MAX_SCALE, scale.getAsInt());
            SqlNode rounded = quotient
                    ? SqlStdOperatorTable.ROUND.createCall(pos, e, SqlNumericLiteral.createExactNumeric(String.valueOf(s), pos))
                    : e;
            SqlBasicTypeNameSpec spec = new SqlBasicTypeNameSpec(SqlTypeName.DECIMAL, PRECISION, s, pos);
            return SqlStdOperatorTable.CAST.createCall(pos, rounded, new SqlDataTypeSpec(spec, pos));
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
            if (!(e instanceof SqlCall call)) {
                return OptionalInt.empty();
            }
            switch (call.getKind()) {
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
                    if (call.operand(1) instanceof SqlDataTypeSpec spec && spec.getTypeNameSpec() instanceof SqlBasicTypeNameSpec basic) {
                        SqlTypeName type = SqlTypeName.get(basic.getTypeName().getSimple().toUpperCase(Locale.ROOT));
                        if (type == SqlTypeName.DECIMAL) {
                            return OptionalInt.of(Math.max(0, basic.getScale()));
                        }
                        if (type != null && SqlTypeName.INT_TYPES.contains(type)) {
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
            if (name.equals("ABS") && call.operandCount() == 1) {
                return scale(call.operand(0));
            }
            return OptionalInt.empty();
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
