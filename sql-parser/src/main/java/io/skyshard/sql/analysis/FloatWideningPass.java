package io.skyshard.sql.analysis;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.sql.rewrite.FunctionRewriter;
import io.skyshard.sql.rewrite.SqlTrees;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * MySQL evaluates a FLOAT column in an expression as a DOUBLE (the 32-bit value widened exactly):
 * {@code fluxMag0 / 100}, {@code SUM(psfFlux)}, {@code raRange = 0.1} are computed in 64 bits, while
 * DuckDB would compute in FLOAT and round every step to 32 bits. So references to FLOAT columns are
 * widened with {@code CAST(... AS DOUBLE)}, except where MySQL shows the column itself: a select
 * item, GROUP BY or ORDER BY key that is just the column, and the argument of MIN/MAX (whose result
 * keeps the column's type).
 *
 * <pre>
 * before: SELECT psfFlux, psfFlux * 2, MAX(psfFlux) FROM Source WHERE psfFlux &gt; 0.1
 * after:  SELECT psfFlux, CAST(psfFlux AS DOUBLE) * 2, MAX(psfFlux) FROM Source WHERE CAST(psfFlux AS DOUBLE) &gt; 0.1
 * </pre>
 *
 * <p>Likewise MySQL computes integer arithmetic in 64 bits, where DuckDB keeps the operands' width
 * ({@code filterId * 2} overflows a TINYINT at 128): a TINYINT, SMALLINT or INTEGER column that is an
 * operand of {@code + - * %} or a negation is widened to BIGINT.
 *
 * <p>In the same way, a numeric column matched with LIKE is matched as MySQL prints it
 * ({@code camcol LIKE '1%'}): DuckDB's LIKE takes strings only. Integers and decimals print the same
 * in both; whole doubles print without a fraction as in MySQL.
 *
 * <p>And text columns compared with text ({@code =, <>, <, >, <=, >=, IN, BETWEEN}) are compared as
 * MySQL's default case-insensitive collations do: {@code UPPER(RTRIM(filterName)) = 'G'}; MIN and MAX
 * of a text column pick by the same weights.
 */
public final class FloatWideningPass implements AnalysisPass {
    @Override
    public void apply(AnalysisContext ctx) {
        Widen widen = new Widen(ctx);
        boolean[] choices = new boolean[ctx.items.size()];
        for (int i = 0; i < choices.length; i++) {
            choices[i] = widen.floatChoice(ctx.items.get(i).expression());
        }
        ctx.session.floatChoices(ctx.statement, choices);
        ctx.items.replaceAll(i -> i.withExpression(widen.top(i.expression())));
        List<SqlNode> conjuncts = new ArrayList<>();
        for (SqlNode c : ctx.conjuncts) {
            conjuncts.add(c.accept(widen));
        }
        ctx.conjuncts.clear();
        ctx.conjuncts.addAll(conjuncts);
        ctx.groupBy.replaceAll(widen::top);
        ctx.orderKeys.replaceAll(k -> k.withExpression(widen.top(k.expression())));
        if (!ctx.distinct) {
            // MySQL sorts text by its collation's weights, ignoring case and trailing spaces ('cMedian' before
            // 'MmFlag'): a text column key sorts by UPPER(RTRIM(column)), a hidden key when it is also a
            // result column. (SELECT DISTINCT cannot carry a hidden key: it keeps DuckDB's binary order.)
            ctx.orderKeys.replaceAll(k -> {
                SqlNode e = k.itemIndex() >= 0 ? ctx.items.get(k.itemIndex()).expression() : k.expression();
                return widen.isText(e) ? new OrderKey(Widen.foldText(e), -1, k.descending(), k.nullsFirst()) : k;
            });
        }
        if (ctx.having != null) {
            ctx.having = ctx.having.accept(widen);
        }
        widenJoinConditions(ctx, ctx.from, widen);
    }

    /** ON conditions compare as WHERE does (FLOAT columns widened, text compared as MySQL's collations do). */
    private static void widenJoinConditions(AnalysisContext ctx, SqlNode from, Widen widen) {
        if (!(from instanceof SqlJoin join)) {
            return;
        }
        widenJoinConditions(ctx, join.getLeft(), widen);
        widenJoinConditions(ctx, join.getRight(), widen);
        SqlNode condition = join.getCondition();
        if (condition == null) {
            return;
        }
        SqlNode widened = condition.accept(widen);
        if (widened != condition) {
            join.setOperand(5, widened);
            for (int i = 0; i < ctx.joinConditions.size(); i++) {
                if (ctx.joinConditions.get(i) == condition) {
                    ctx.joinConditions.set(i, widened);
                }
            }
        }
    }

    private static final Set<SqlKind> TEXT_COMPARISONS = EnumSet.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.LESS_THAN,
            SqlKind.GREATER_THAN, SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.IN, SqlKind.NOT_IN,
            SqlKind.BETWEEN);

    /** Operators DuckDB computes in the operands' own width (an INT8 product overflows at 128). */
    private static final Set<SqlKind> ARITHMETIC = EnumSet.of(SqlKind.PLUS, SqlKind.MINUS, SqlKind.TIMES, SqlKind.MINUS_PREFIX,
            SqlKind.MOD);
    /** Functions (DuckDB names, as FunctionRewriter leaves them) whose value is text. */
    private static final Set<String> TEXT_FUNCTIONS = Set.of("UPPER", "LOWER", "SUBSTRING", "RTRIM", "LTRIM", "TRIM", "||",
            "CONCAT", "REPLACE", "LPAD", "RPAD", "LEFT", "RIGHT", "REVERSE", "HEX");
    private static final Set<ColumnType> NARROW_INTEGERS = EnumSet.of(ColumnType.TINYINT, ColumnType.SMALLINT, ColumnType.INTEGER);

    private static final class Widen extends SqlShuttle {
        private final AnalysisContext ctx;

        Widen(AnalysisContext ctx) {
            this.ctx = ctx;
        }

        /**
         * A whole item or key: a bare column, or MIN/MAX of one, stays as it is (MySQL shows its type);
         * so does a choice among FLOAT columns (IF, IFNULL, COALESCE, CASE, GREATEST, LEAST), whose
         * conditions are widened but whose value is still a FLOAT in MySQL.
         */
        SqlNode top(SqlNode e) {
            if (e instanceof SqlIdentifier) {
                return e;
            }
            if (e instanceof SqlCall call && isExtremeOfColumn(call) && !isTextColumn((SqlIdentifier) call.operand(0))) {
                SqlIdentifier id = (SqlIdentifier) call.operand(0);
                // A subquery's computed FLOAT column is a FLOAT expression once MySQL merges the
                // subquery, and MIN/MAX of a FLOAT expression is a DOUBLE there.
                return id.names.size() == 2 && isFloat(id) && ctx.computedDerivedColumn(id) ? castToDouble(call) : call;
            }
            SqlNode widened = e.accept(this);
            // the widened values of a FLOAT choice are the floats' exact doubles: back to FLOAT loses nothing
            return floatChoice(e) ? cast(widened, SqlTypeName.FLOAT) : widened;
        }

        /**
         * A choice whose value MySQL types FLOAT: IF, IFNULL, COALESCE or CASE among FLOAT columns,
         * NULL and TINYINT/SMALLINT columns (at least one FLOAT), or GREATEST/LEAST of FLOAT columns
         * only (MariaDB makes GREATEST(f, tinyint) a DOUBLE).
         */
        boolean floatChoice(SqlNode e) {
            if (!(e instanceof SqlCall call)) {
                return false;
            }
            String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
            List<SqlNode> values;
            boolean narrowIntegers = true;
            if (call instanceof SqlCase c) {
                values = SqlTrees.caseValues(c);
            } else if (call.getKind() == SqlKind.COALESCE) {
                values = call.getOperandList();
            } else if (name.equals("GREATEST") || name.equals("LEAST")) {
                values = call.getOperandList();
                narrowIntegers = false;
            } else {
                return false;
            }
            boolean anyFloat = false;
            for (SqlNode v : values) {
                if (v instanceof SqlIdentifier id && id.names.size() == 2 && isFloat(id) || floatChoice(v)) {
                    anyFloat = true;
                } else if (!(v == null || v instanceof SqlLiteral l && l.getTypeName() == SqlTypeName.NULL
                        || narrowIntegers && v instanceof SqlIdentifier id && id.names.size() == 2
                                && (typeOf(id) == ColumnType.TINYINT || typeOf(id) == ColumnType.SMALLINT))) {
                    return false;
                }
            }
            return anyFloat;
        }

        /** A text value: a CHAR/VARCHAR column, a string function's result, or a choice among them. */
        boolean isText(SqlNode e) {
            if (e instanceof SqlIdentifier id) {
                return isTextColumn(id);
            }
            if (e instanceof SqlCharStringLiteral) {
                return true;
            }
            if (!(e instanceof SqlCall call) || e instanceof SqlSelect) {
                return false;
            }
            if (call instanceof SqlCase c) {
                boolean any = false;
                for (SqlNode v : SqlTrees.caseValues(c)) {
                    boolean nul = v == null || v instanceof SqlLiteral l && l.getTypeName() == SqlTypeName.NULL;
                    if (!nul && !isText(v)) {
                        return false;
                    }
                    any |= !nul;
                }
                return any;
            }
            return TEXT_FUNCTIONS.contains(call.getOperator().getName().toUpperCase(Locale.ROOT));
        }

        /**
         * Calls other than {@link #ARITHMETIC} whose operands MySQL reads as numbers: division, SUM and
         * AVG, and the bit operators and bitwise aggregates (FunctionRewriter's _mysql_* forms).
         */
        private static boolean takesNumbers(SqlCall call) {
            String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
            return call.getKind() == SqlKind.DIVIDE || call.getOperator().isAggregator() && (name.equals("SUM") || name.equals("AVG"))
                    || name.equals("_MYSQL_U64") || name.startsWith("_MYSQL_BIT_") || name.startsWith("_MYSQL_SHIFT_");
        }

        private static boolean isExtremeOfColumn(SqlCall call) {
            String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
            return call.getOperator().isAggregator() && (name.equals("MIN") || name.equals("MAX"))
                    && call.operandCount() == 1 && call.operand(0) instanceof SqlIdentifier;
        }

        @Override
        public SqlNode visit(SqlCall call) {
            SqlNode text = textComparison(call);
            if (text != null) {
                return text;
            }
            if (ARITHMETIC.contains(call.getKind()) || takesNumbers(call)) {
                // MySQL computes integer arithmetic in 64 bits: filterId * 2 on a TINYINT column is no overflow there.
                // And it reads a text column used as a number by its leading number ('12abc' is 12, 'g' is 0),
                // where DuckDB refuses to add or sum text.
                List<SqlNode> operands = new ArrayList<>();
                for (SqlNode o : call.getOperandList()) {
                    if (o instanceof SqlIdentifier id && id.names.size() == 2 && NARROW_INTEGERS.contains(typeOf(id))
                            && ARITHMETIC.contains(call.getKind())) {
                        operands.add(cast(id, SqlTypeName.BIGINT));
                    } else if (o instanceof SqlIdentifier id && isTextColumn(id)) {
                        operands.add(castToDouble(FunctionRewriter.function("_mysql_text_number").createCall(id.getParserPosition(), id)));
                    } else {
                        operands.add(o == null ? null : o.accept(this));
                    }
                }
                return call.getOperator().createCall(call.getFunctionQuantifier(), call.getParserPosition(), operands);
            }
            if (call.getKind() == SqlKind.LIKE && call.operand(0) instanceof SqlIdentifier id && id.names.size() == 2) {
                ColumnType type = typeOf(id);
                if (type != null && type.isNumeric() && type != ColumnType.BIT && type != ColumnType.BOOLEAN) {
                    List<SqlNode> operands = new ArrayList<>(call.getOperandList());
                    operands.set(0, asText(id, type));
                    for (int i = 1; i < operands.size(); i++) {
                        operands.set(i, operands.get(i).accept(this));
                    }
                    return call.getOperator().createCall(call.getFunctionQuantifier(), call.getParserPosition(),
                            operands.toArray(new SqlNode[0]));
                }
            }
            if (isExtremeOfColumn(call)) {
                SqlIdentifier id = (SqlIdentifier) call.operand(0);
                if (isTextColumn(id)) {
                    // MySQL's collation picks the value (see _mysql_ci_pair in duckdb-functions.sql).
                    SqlParserPos pos = call.getParserPosition();
                    SqlNode weighted = call.getOperator().createCall(call.getFunctionQuantifier(), pos,
                            FunctionRewriter.function("_mysql_ci_pair").createCall(pos, id));
                    return FunctionRewriter.function("_mysql_ci_value").createCall(pos, weighted);
                }
                // MIN/MAX keep a FLOAT column's type, but in a larger expression (MAX(f) - MIN(f)) MySQL
                // computes with the value as a DOUBLE, as with the column itself.
                return id.names.size() == 2 && isFloat(id) ? castToDouble(call) : call;
            }
            return super.visit(call);
        }

        @Override
        public SqlNode visit(SqlIdentifier id) {
            return id.names.size() != 2 || !isFloat(id) ? id : castToDouble(id);
        }

        private static SqlNode castToDouble(SqlNode e) {
            return cast(e, SqlTypeName.DOUBLE);
        }

        private static SqlNode cast(SqlNode e, SqlTypeName type) {
            SqlParserPos pos = e.getParserPosition();
            return SqlStdOperatorTable.CAST.createCall(pos, e, new SqlDataTypeSpec(new SqlBasicTypeNameSpec(type, pos), pos));
        }

        private boolean isFloat(SqlIdentifier id) {
            return typeOf(id) == ColumnType.FLOAT;
        }

        /** The catalog type of a resolved column reference, null when it is not a table column. */
        private ColumnType typeOf(SqlIdentifier id) {
            ColumnDef c = ctx.column(id);
            return c == null ? null : c.type();
        }

        /**
         * A comparison of text columns with each other or with string literals, as MySQL's default
         * collations (latin1_swedish_ci, utf8mb4_general_ci) compare: ignoring case and trailing
         * spaces, so {@code filterName = 'G'} finds 'g'. Both sides are compared folded to upper case
         * (the case-insensitive collations order letters by their upper-case weights) without trailing
         * spaces. Null when {@code call} is not such a comparison.
         */
        private SqlNode textComparison(SqlCall call) {
            if (!TEXT_COMPARISONS.contains(call.getKind())) {
                return null;
            }
            List<SqlNode> flat = new ArrayList<>();
            for (SqlNode o : call.getOperandList()) {
                if (o instanceof SqlNodeList list) {
                    list.forEach(flat::add);
                } else {
                    flat.add(o);
                }
            }
            if (flat.stream().anyMatch(Widen::isBinaryLiteral)) {
                // A binary string (CAST('G' AS BINARY), as the ADQL translator writes literals) compares
                // byte for byte, case-sensitively: compare the text itself.
                List<SqlNode> operands = new ArrayList<>();
                for (SqlNode o : call.getOperandList()) {
                    if (o instanceof SqlNodeList list) {
                        List<SqlNode> plain = new ArrayList<>();
                        list.forEach(n -> plain.add(isBinaryLiteral(n) ? ((SqlCall) n).operand(0) : n.accept(this)));
                        operands.add(new SqlNodeList(plain, list.getParserPosition()));
                    } else {
                        operands.add(isBinaryLiteral(o) ? ((SqlCall) o).operand(0) : o.accept(this));
                    }
                }
                return call.getOperator().createCall(call.getFunctionQuantifier(), call.getParserPosition(), operands);
            }
            boolean column = false;
            for (SqlNode n : flat) {
                if (n instanceof SqlIdentifier id && isTextColumn(id)) {
                    column = true;
                } else if (!(n instanceof SqlCharStringLiteral) && !SqlUtil.isNullLiteral(n, false)) {
                    return null;
                }
            }
            if (!column) {
                return null;
            }
            List<SqlNode> operands = new ArrayList<>();
            for (SqlNode o : call.getOperandList()) {
                if (o instanceof SqlNodeList list) {
                    List<SqlNode> folded = new ArrayList<>();
                    list.forEach(n -> folded.add(fold(n)));
                    operands.add(new SqlNodeList(folded, list.getParserPosition()));
                } else {
                    operands.add(fold(o));
                }
            }
            return call.getOperator().createCall(call.getFunctionQuantifier(), call.getParserPosition(), operands);
        }

        /** {@code CAST('text' AS BINARY)} (a BLOB cast once translated for DuckDB). */
        private static boolean isBinaryLiteral(SqlNode n) {
            if (n.getKind() != SqlKind.CAST || !(((SqlCall) n).operand(0) instanceof SqlCharStringLiteral)
                    || !(((SqlCall) n).operand(1) instanceof SqlDataTypeSpec spec)) {
                return false;
            }
            String type = spec.getTypeNameSpec().getTypeName().getSimple();
            return type.equalsIgnoreCase("BLOB") || type.equalsIgnoreCase("BINARY");
        }

        /** A text sort key as MySQL's case-insensitive collations order it: by UPPER(RTRIM(value)). */
        static SqlNode foldText(SqlNode n) {
            SqlParserPos pos = n.getParserPosition();
            return n instanceof SqlCharStringLiteral ? fold(n)
                    : FunctionRewriter.function("UPPER").createCall(pos, FunctionRewriter.function("RTRIM").createCall(pos, n));
        }

        static SqlNode fold(SqlNode n) {
            SqlParserPos pos = n.getParserPosition();
            if (n instanceof SqlCharStringLiteral literal) {
                String v = literal.getValueAs(String.class).replaceFirst(" +$", "").toUpperCase(Locale.ROOT);
                return SqlLiteral.createCharString(v, pos);
            }
            if (n instanceof SqlIdentifier) {
                return FunctionRewriter.function("UPPER").createCall(pos, FunctionRewriter.function("RTRIM").createCall(pos, n));
            }
            return n;
        }

        /** A CHAR/VARCHAR column of a catalog table (not of a derived table, whose types the planner does not know). */
        boolean isTextColumn(SqlIdentifier id) {
            if (id.names.size() != 2) {
                return false;
            }
            for (TableRef t : ctx.tables) {
                if (t.alias().equals(id.names.get(0))) {
                    if (t.stage() != null) {
                        return false;
                    }
                    ColumnType type = typeOf(id);
                    return type == ColumnType.CHAR || type == ColumnType.VARCHAR;
                }
            }
            return false;
        }

        /** The column as MySQL converts it to a string: whole doubles without ".0". */
        private static SqlNode asText(SqlIdentifier id, ColumnType type) {
            SqlParserPos pos = id.getParserPosition();
            SqlNode text = cast(id, SqlTypeName.VARCHAR, pos);
            if (type != ColumnType.FLOAT && type != ColumnType.DOUBLE) {
                return text;
            }
            SqlNode widened = cast(id, SqlTypeName.DOUBLE, pos);
            SqlNode whole = SqlStdOperatorTable.AND.createCall(pos,
                    SqlStdOperatorTable.EQUALS.createCall(pos, widened, SqlStdOperatorTable.FLOOR.createCall(pos, widened)),
                    SqlStdOperatorTable.LESS_THAN.createCall(pos, SqlStdOperatorTable.ABS.createCall(pos, widened),
                            SqlLiteral.createExactNumeric("1000000000000000", pos)));
            return SqlStdOperatorTable.CASE.createCall(null, pos, null,
                    SqlNodeList.of(whole), SqlNodeList.of(cast(cast(widened, SqlTypeName.BIGINT, pos), SqlTypeName.VARCHAR, pos)),
                    cast(widened, SqlTypeName.VARCHAR, pos));
        }

        private static SqlNode cast(SqlNode e, SqlTypeName type, SqlParserPos pos) {
            return SqlStdOperatorTable.CAST.createCall(pos, e, new SqlDataTypeSpec(new SqlBasicTypeNameSpec(type, pos), pos));
        }
    }
}
