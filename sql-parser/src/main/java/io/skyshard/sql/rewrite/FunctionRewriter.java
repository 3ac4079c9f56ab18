package io.skyshard.sql.rewrite;

import io.skyshard.common.sql.DuckDbFunctions;
import io.skyshard.sql.parser.MySqlOperators;
import io.skyshard.sql.SqlErrorCode;
import io.skyshard.sql.SqlErrors;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.SqlUserDefinedTypeNameSpec;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlLikeOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Allow-list of operators and functions, and their translation from MySQL to DuckDB. Anything not
 * listed is refused with its name and position rather than passed to a backend that might give
 * a different answer.
 *
 * <pre>
 * before: SELECT log(flux), count(*), ifnull(a, 0) FROM t
 * after:  SELECT LN(flux), COUNT(*), COALESCE(a, 0) FROM t
 * </pre>
 *
 * Semantic notes (each translation gives MySQL's value, checked against MySQL/MariaDB):
 * <ul>
 * <li>MySQL LOG(x) is the natural logarithm, DuckDB's log(x) is base 10, hence LN; LOG(b, x) is
 *     ln(x) / ln(b). MySQL returns NULL outside a function's domain (LN(0), SQRT(-1), ASIN(2),
 *     LOG(1, x)) where DuckDB raises an error, hence {@code CASE WHEN <outside> THEN NULL ELSE f(x) END}
 *     (DuckDB evaluates only the branch a row takes).</li>
 * <li>MOD(a, b), a % b, a MOD b: both keep the dividend's sign; MySQL gives NULL for b = 0 where
 *     DuckDB gives NULL for integers but NaN for doubles, hence an explicit test.</li>
 * <li>a DIV b: truncates toward zero; DuckDB's {@code //} does so for integers but divides exactly
 *     for decimals and doubles, hence {@code CAST(trunc(a // b) AS BIGINT)}, NULL for b = 0.</li>
 * <li>GREATEST/LEAST: MySQL returns NULL if any argument is NULL, DuckDB skips NULLs.</li>
 * <li>CONCAT is NULL when any argument is NULL; DuckDB's concat skips NULLs, so CONCAT becomes
 *     the {@code ||} operator, which propagates NULL.</li>
 * <li>LENGTH counts bytes (DuckDB strlen), CHAR_LENGTH characters (DuckDB length).</li>
 * <li>SUBSTRING at position 0, beyond the string, or with a length &lt; 1 is '' in MySQL.</li>
 * <li>sciSQL functions are DuckDB macros ({@link DuckDbFunctions}); their names and arities are
 *     read from the macro file.</li>
 * </ul>
 * Refused because DuckDB would differ: CONCAT_WS, FORMAT, date and time arithmetic, and anything
 * not listed.
 */
public final class FunctionRewriter extends SqlShuttle {
    /** Spatial restrictors are kept as calls for SpatialRestrictorPass to find. */
    public static final Set<String> RESTRICTORS = Set.of("QSERV_AREASPEC_BOX", "QSERV_AREASPEC_CIRCLE",
            "QSERV_AREASPEC_ELLIPSE", "QSERV_AREASPEC_POLY");

    /**
     * {@code scisql_s2PtInCPoly(lon, lat, v1lon, v1lat, ...)}: variadic, which a DuckDB macro cannot be;
     * kept as a call through the analysis (so that passes can recognise it) and expanded when unparsed
     * ({@link #expandPointInConvexPolygon}).
     */
    public static final SqlFunction S2_PT_IN_CPOLY = new SqlFunction("scisql_s2PtInCPoly", SqlKind.OTHER_FUNCTION,
            ReturnTypes.INTEGER_NULLABLE, null, OperandTypes.VARIADIC, SqlFunctionCategory.USER_DEFINED_FUNCTION);

    private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX", "BIT_AND", "BIT_OR", "BIT_XOR");
    private static final Set<String> OTHER_AGGREGATES = Set.of("STD", "STDDEV", "STDDEV_POP", "STDDEV_SAMP",
            "VARIANCE", "VAR_POP", "VAR_SAMP", "GROUP_CONCAT", "JSON_ARRAYAGG",
            "JSON_OBJECTAGG", "ANY_VALUE", "COLLECT", "LISTAGG", "ARRAY_AGG", "MEDIAN");

    /** MySQL function name -> DuckDB function name. */
    private static final Map<String, String> SCALARS = new HashMap<>();
    private static final Set<SqlKind> OPERATORS = Set.of(SqlKind.AND, SqlKind.OR, SqlKind.NOT, SqlKind.EQUALS,
            SqlKind.NOT_EQUALS, SqlKind.LESS_THAN, SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN,
            SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.PLUS, SqlKind.MINUS, SqlKind.TIMES, SqlKind.DIVIDE, SqlKind.MOD,
            SqlKind.MINUS_PREFIX, SqlKind.PLUS_PREFIX, SqlKind.IS_NULL, SqlKind.IS_NOT_NULL, SqlKind.IS_TRUE,
            SqlKind.IS_FALSE, SqlKind.IS_NOT_TRUE, SqlKind.IS_NOT_FALSE, SqlKind.BETWEEN, SqlKind.IN, SqlKind.NOT_IN,
            SqlKind.LIKE, SqlKind.CASE, SqlKind.CAST, SqlKind.COALESCE, SqlKind.NULLIF, SqlKind.FLOOR, SqlKind.CEIL,
            SqlKind.AS, SqlKind.JOIN, SqlKind.DESCENDING, SqlKind.NULLS_FIRST, SqlKind.NULLS_LAST);

    private static final Map<String, SqlOperator> FUNCTIONS = new HashMap<>();
    /** Upper-case sciSQL name -> name as the macro file spells it. */
    private static final Map<String, String> SCISQL = new HashMap<>();

    /** DuckDB's integer division: truncates for integers, divides exactly otherwise. */
    private static final SqlBinaryOperator INTEGER_DIVIDE = new SqlBinaryOperator("//", SqlKind.OTHER, 60, true,
            ReturnTypes.ARG0_NULLABLE, null, OperandTypes.NUMERIC_NUMERIC);

    static {
        for (String same : List.of("ABS", "SIGN", "EXP", "POWER", "SIN", "COS", "TAN", "ATAN2", "COT", "DEGREES",
                "RADIANS", "PI", "ROUND", "LOWER", "UPPER", "NOW", "HEX")) {
            SCALARS.put(same.toUpperCase(Locale.ROOT), same);
        }
        SCALARS.put("POW", "POWER");
        SCALARS.put("LCASE", "LOWER");
        SCALARS.put("UCASE", "UPPER");
        SCALARS.put("CHAR_LENGTH", "LENGTH");
        SCALARS.put("CHARACTER_LENGTH", "LENGTH");
        SCALARS.put("LENGTH", "STRLEN");
        SCALARS.put("OCTET_LENGTH", "STRLEN");
        SCALARS.put("ATAN", "ATAN");
        SCALARS.put("TRUNCATE", "TRUNC");
        for (String name : DuckDbFunctions.macroNames().keySet()) {
            // Helper macros (leading underscore) are for the rewriter's own expansions, not for users.
            if (!name.startsWith("_")) {
                SCISQL.put(name.toUpperCase(Locale.ROOT), name);
            }
        }
        List<String> internal = List.of("LN", "LOG2", "LOG10", "SQRT", "ASIN", "ACOS", "GREATEST", "LEAST", "SUBSTRING",
                "SIGN", "RTRIM");
        for (String duck : concat(concat(SCALARS.values(), DuckDbFunctions.macroNames().keySet()), internal)) {
            FUNCTIONS.computeIfAbsent(duck, n -> new SqlFunction(n, SqlKind.OTHER_FUNCTION, ReturnTypes.ARG0_NULLABLE,
                    null, OperandTypes.VARIADIC, SqlFunctionCategory.USER_DEFINED_FUNCTION));
        }
        FUNCTIONS.put(S2_PT_IN_CPOLY.getName(), S2_PT_IN_CPOLY);
    }

    private static List<String> concat(java.util.Collection<String> a, java.util.Collection<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The DuckDB function object for a name of the allow-list (e.g. scisql_s2PtInBox). */
    public static SqlOperator function(String duckDbName) {
        SqlOperator op = FUNCTIONS.get(duckDbName);
        if (op == null) {
            throw new IllegalArgumentException(duckDbName);
        }
        return op;
    }

    public static boolean isAggregate(SqlNode node) {
        return node instanceof SqlCall call && call.getOperator().isAggregator();
    }

    @Override
    public SqlNode visit(SqlCall call) {
        if (call instanceof SqlSelect) {
            throw SqlErrors.unsupported(call, "subqueries");
        }
        SqlKind kind = call.getKind();
        if (kind == SqlKind.OVER || kind == SqlKind.WINDOW) {
            throw SqlErrors.unsupported(call, "window functions (OVER)");
        }
        if (kind == SqlKind.UNION || kind == SqlKind.INTERSECT || kind == SqlKind.EXCEPT) {
            throw SqlErrors.unsupported(call, kind + " in an expression");
        }
        if (kind == SqlKind.EXISTS || kind == SqlKind.SCALAR_QUERY || kind == SqlKind.SOME || kind == SqlKind.ALL) {
            throw SqlErrors.unsupported(call, "subqueries");
        }
        SqlOperator op = call.getOperator();
        String name = op.getName().toUpperCase(Locale.ROOT);
        if (op instanceof SqlUnresolvedFunction || kind == SqlKind.OTHER_FUNCTION || op.isAggregator()) {
            return rewriteFunction(call, name);
        }
        SqlNode mysql = mysqlOperator(call);
        if (mysql != null) {
            return mysql;
        }
        if (!OPERATORS.contains(kind)) {
            throw SqlErrors.unsupported(call, "operator or function " + op.getName());
        }
        if (kind == SqlKind.MOD) {
            List<SqlNode> args = call.getOperandList().stream().map(a -> a.accept(this)).toList();
            return modulo(call.getParserPosition(), args.get(0), args.get(1));
        }
        if (kind == SqlKind.DIVIDE && call.operandCount() == 2) {
            // MySQL answers NULL for a division by zero; DuckDB gives inf or NaN for DOUBLE and DECIMAL operands.
            SqlParserPos pos = call.getParserPosition();
            return SqlStdOperatorTable.DIVIDE.createCall(pos, number(call.operand(0).accept(this)),
                    SqlStdOperatorTable.NULLIF.createCall(pos, number(call.operand(1).accept(this)), SqlLiteral.createExactNumeric("0", pos)));
        }
        if (kind == SqlKind.PLUS || kind == SqlKind.MINUS || kind == SqlKind.TIMES || kind == SqlKind.MINUS_PREFIX
                || kind == SqlKind.PLUS_PREFIX) {
            List<SqlNode> args = call.getOperandList().stream().map(a -> number(a.accept(this))).toList();
            return call.getOperator().createCall(call.getFunctionQuantifier(), call.getParserPosition(), args);
        }
        if (kind == SqlKind.LIKE && op instanceof SqlLikeOperator like && !op.getName().toUpperCase(Locale.ROOT).contains("ILIKE")) {
            // MySQL compares text under the table's collation, case-insensitive by default (latin1_swedish_ci,
            // utf8mb4_general_ci): 'z' LIKE 'Z' is true there, so LIKE becomes DuckDB's ILIKE. A binary
            // operand (CAST(x AS BINARY) LIKE p, as MySQL users and the ADQL translator write a
            // case-sensitive LIKE) compares bytes: LIKE on the text itself.
            boolean binary = call.getOperandList().stream().anyMatch(FunctionRewriter::isBinaryCast);
            SqlOperator ilike = binary ? op : like.isNegated() ? SqlLibraryOperators.NOT_ILIKE : SqlLibraryOperators.ILIKE;
            List<SqlNode> operands = new java.util.ArrayList<>();
            for (SqlNode o : call.getOperandList()) {
                operands.add((isBinaryCast(o) ? ((SqlCall) o).operand(0) : o).accept(this));
            }
            if (operands.size() == 2 && call.operand(1) instanceof SqlCharStringLiteral pattern
                    && pattern.getValueAs(String.class).indexOf('\\') >= 0) {
                // MySQL's LIKE escapes with a backslash unless told otherwise; DuckDB's has no escape by default.
                operands.add(SqlLiteral.createCharString("\\", call.getParserPosition()));
            }
            return ilike.createCall(call.getFunctionQuantifier(), call.getParserPosition(), operands.toArray(new SqlNode[0]));
        }
        if (kind == SqlKind.CAST && call.operandCount() == 2 && call.operand(1) instanceof SqlDataTypeSpec spec
                && spec.getTypeNameSpec() instanceof SqlUserDefinedTypeNameSpec named) {
            String duck = switch (named.getTypeName().getSimple().toUpperCase(Locale.ROOT)) {
                case "SIGNED" -> "BIGINT";
                case "UNSIGNED" -> "UBIGINT";
                case "DATETIME" -> "TIMESTAMP";
                case "BINARY" -> "BLOB";
                default -> null;
            };
            if (duck != null) {
                SqlParserPos pos = spec.getParserPosition();
                SqlNode value = call.operand(0).accept(this);
                if (duck.equals("UBIGINT")) {
                    // MySQL takes a negative value modulo 2^64 (CAST(-1 AS UNSIGNED) = 18446744073709551615).
                    return function("_mysql_u64").createCall(call.getParserPosition(), op.createCall(call.getParserPosition(),
                            value, new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.BIGINT, pos), pos)));
                }
                return op.createCall(call.getParserPosition(), value, new SqlDataTypeSpec(
                        new SqlUserDefinedTypeNameSpec(new SqlIdentifier(duck, pos), pos), pos));
            }
        }
        return super.visit(call);
    }

    /** Conditions a MySQL expression may compute with: their value is the integer 1 or 0 there. */
    private static final Set<SqlKind> CONDITIONS = Set.of(SqlKind.AND, SqlKind.OR, SqlKind.NOT, SqlKind.EQUALS,
            SqlKind.NOT_EQUALS, SqlKind.LESS_THAN, SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN,
            SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.IS_NULL, SqlKind.IS_NOT_NULL, SqlKind.BETWEEN, SqlKind.IN,
            SqlKind.NOT_IN, SqlKind.LIKE);

    /** An arithmetic operand: a condition as the integer MySQL makes of it (DuckDB has no BOOLEAN + INTEGER). */
    private static SqlNode number(SqlNode operand) {
        if (operand == null || !CONDITIONS.contains(operand.getKind())) {
            return operand;
        }
        SqlParserPos pos = operand.getParserPosition();
        return SqlStdOperatorTable.CAST.createCall(pos, operand,
                new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.INTEGER, pos), pos));
    }

    /** {@code CAST(x AS BINARY)}. */
    private static boolean isBinaryCast(SqlNode n) {
        if (n == null || n.getKind() != SqlKind.CAST || ((SqlCall) n).operandCount() != 2
                || !(((SqlCall) n).operand(1) instanceof SqlDataTypeSpec spec)) {
            return false;
        }
        if (spec.getTypeNameSpec() instanceof SqlUserDefinedTypeNameSpec named) {
            return named.getTypeName().getSimple().equalsIgnoreCase("BINARY");
        }
        return spec.getTypeNameSpec() instanceof SqlBasicTypeNameSpec basic
                && basic.getTypeName().getSimple().equalsIgnoreCase("BINARY");
    }

    private SqlNode rewriteFunction(SqlCall call, String name) {
        List<SqlNode> args = call.getOperandList().stream().map(a -> a == null ? null : a.accept(this)).toList();
        SqlBasicCall basic = call instanceof SqlBasicCall b ? b : null;
        if (AGGREGATES.contains(name)) {
            for (SqlNode arg : args) {
                if (containsAggregate(arg)) {
                    throw SqlErrors.unsupported(call, "nested aggregate functions");
                }
            }
            SqlOperator agg = switch (name) {
                case "COUNT" -> SqlStdOperatorTable.COUNT;
                case "SUM" -> SqlStdOperatorTable.SUM;
                case "AVG" -> SqlStdOperatorTable.AVG;
                case "MIN" -> SqlStdOperatorTable.MIN;
                case "BIT_AND" -> SqlStdOperatorTable.BIT_AND;
                case "BIT_OR" -> SqlStdOperatorTable.BIT_OR;
                case "BIT_XOR" -> SqlStdOperatorTable.BIT_XOR;
                default -> SqlStdOperatorTable.MAX;
            };
            if (args.size() != 1) {
                throw SqlErrors.unsupported(call, name + " with " + args.size() + " arguments");
            }
            if (name.startsWith("BIT_")) {
                return bitAggregate(call, agg, args.get(0));
            }
            return agg.createCall(basic == null ? null : basic.getFunctionQuantifier(), call.getParserPosition(), args);
        }
        if (OTHER_AGGREGATES.contains(name) || call.getOperator().isAggregator()) {
            throw SqlErrors.unsupported(call, "aggregate function " + call.getOperator().getName());
        }
        if (basic != null && basic.getFunctionQuantifier() != null) {
            throw SqlErrors.unsupported(call, "DISTINCT in scalar function " + call.getOperator().getName());
        }
        if (RESTRICTORS.contains(name)) {
            return call.getOperator().createCall(call.getParserPosition(), args);
        }
        SqlParserPos pos = call.getParserPosition();
        if (name.equals("SCISQL_S2PTINCPOLY")) {
            checkPolygonArity(call, args.size());
            return S2_PT_IN_CPOLY.createCall(pos, args);
        }
        String scisql = SCISQL.get(name);
        if (scisql != null) {
            int arity = DuckDbFunctions.macroNames().get(scisql);
            if (args.size() != arity) {
                throw SqlErrors.error(SqlErrorCode.INVALID_ARGUMENT, call, scisql + " expects " + arity
                        + " arguments, got " + args.size());
            }
            return function(scisql).createCall(pos, args);
        }
        switch (name) {
            case "CONCAT" -> {
                if (args.isEmpty()) {
                    throw SqlErrors.unsupported(call, "CONCAT without arguments");
                }
                SqlNode result = args.get(0);
                for (int i = 1; i < args.size(); i++) {
                    result = SqlStdOperatorTable.CONCAT.createCall(pos, result, args.get(i));
                }
                return result;
            }
            case "IFNULL", "COALESCE" -> {
                arity(call, args, name.equals("IFNULL") ? 2 : 1, name.equals("IFNULL") ? 2 : Integer.MAX_VALUE);
                return SqlStdOperatorTable.COALESCE.createCall(pos, args);
            }
            case "NULLIF" -> {
                arity(call, args, 2, 2);
                return SqlStdOperatorTable.NULLIF.createCall(pos, args);
            }
            case "IF" -> {
                arity(call, args, 3, 3);
                return caseWhen(pos, args.get(0), args.get(1), args.get(2));
            }
            case "LOG", "LN", "LOG2", "LOG10" -> {
                if (name.equals("LOG") && args.size() == 2) {
                    SqlNode base = args.get(0);
                    SqlNode x = args.get(1);
                    SqlNode outside = or(pos, or(pos, le(pos, base, 0), eq(pos, base, 1)), le(pos, x, 0));
                    return caseWhen(pos, outside, nul(pos), SqlStdOperatorTable.DIVIDE.createCall(pos,
                            function("LN").createCall(pos, x), function("LN").createCall(pos, base)));
                }
                arity(call, args, 1, 1);
                String duckName = name.equals("LOG") ? "LN" : name;
                return caseWhen(pos, le(pos, args.get(0), 0), nul(pos), function(duckName).createCall(pos, args));
            }
            case "SQRT" -> {
                arity(call, args, 1, 1);
                SqlNode negative = SqlStdOperatorTable.LESS_THAN.createCall(pos, args.get(0), SqlTrees.integer(0));
                return caseWhen(pos, negative, nul(pos), function("SQRT").createCall(pos, args));
            }
            case "ASIN", "ACOS" -> {
                arity(call, args, 1, 1);
                SqlNode x = args.get(0);
                SqlNode outside = or(pos, SqlStdOperatorTable.LESS_THAN.createCall(pos, x, SqlTrees.integer(-1)),
                        SqlStdOperatorTable.GREATER_THAN.createCall(pos, x, SqlTrees.integer(1)));
                return caseWhen(pos, outside, nul(pos), function(name).createCall(pos, args));
            }
            case "MOD" -> {
                arity(call, args, 2, 2);
                return modulo(pos, args.get(0), args.get(1));
            }
            case "GREATEST", "LEAST" -> {
                arity(call, args, 2, Integer.MAX_VALUE);
                SqlNode anyNull = null;
                for (SqlNode a : args) {
                    SqlNode isNull = SqlStdOperatorTable.IS_NULL.createCall(pos, a);
                    anyNull = anyNull == null ? isNull : or(pos, anyNull, isNull);
                }
                return caseWhen(pos, anyNull, nul(pos), function(name).createCall(pos, args));
            }
            case "SUBSTRING", "SUBSTR", "MID" -> {
                return substring(call, pos, args);
            }
            case "TRUNCATE" -> arity(call, args, 2, 2);
            case "ROUND" -> arity(call, args, 1, 2);
            case "ATAN" -> {
                if (args.size() == 2) {
                    return function("ATAN2").createCall(pos, args);
                }
            }
            default -> {
            }
        }
        String duck = SCALARS.get(name);
        if (duck == null) {
            throw SqlErrors.unsupported(call, "unknown function " + call.getOperator().getName());
        }
        return function(duck).createCall(call.getParserPosition(), args);
    }

    /**
     * MySQL's BIT_AND, BIT_OR and BIT_XOR: over the argument's unsigned 64-bit value (as the bit
     * operators), BIGINT UNSIGNED, and never NULL: over no rows (or only NULLs) BIT_AND gives every
     * bit set, the others 0. The aggregate stays a call of its own under the COALESCE, so that
     * distributed plans split it like MIN and MAX (a chunk's partial, merged by the same function).
     */
    private SqlNode bitAggregate(SqlCall call, SqlOperator agg, SqlNode arg) {
        if (call instanceof SqlBasicCall basic && basic.getFunctionQuantifier() != null) {
            throw SqlErrors.error(SqlErrorCode.SYNTAX_ERROR, call, "DISTINCT is not allowed in " + agg.getName());
        }
        SqlParserPos pos = call.getParserPosition();
        String identity = agg == SqlStdOperatorTable.BIT_AND ? "18446744073709551615" : "0";
        SqlNode aggregate = agg.createCall(pos, function("_mysql_u64").createCall(pos, arg));
        SqlNode fallback = SqlStdOperatorTable.CAST.createCall(pos, SqlLiteral.createExactNumeric(identity, pos),
                new SqlDataTypeSpec(new SqlUserDefinedTypeNameSpec(new SqlIdentifier("UBIGINT", pos), pos), pos));
        return SqlStdOperatorTable.COALESCE.createCall(pos, aggregate, fallback);
    }

    /**
     * MySQL operators the parser adds ({@link MySqlOperators}), in their DuckDB forms: {@code <=>} is
     * IS NOT DISTINCT FROM; XOR and {@code !} treat any non-zero number as true (NULL stays NULL); the
     * bit operators work on unsigned 64-bit values (macros {@code _mysql_*}).
     */
    private SqlNode mysqlOperator(SqlCall call) {
        SqlOperator op = call.getOperator();
        String macro;
        if (op == MySqlOperators.BIT_AND) {
            macro = "_mysql_bit_and";
        } else if (op == MySqlOperators.BIT_OR) {
            macro = "_mysql_bit_or";
        } else if (op == MySqlOperators.BIT_XOR) {
            macro = "_mysql_bit_xor";
        } else if (op == MySqlOperators.BIT_NOT) {
            macro = "_mysql_bit_not";
        } else if (op == MySqlOperators.SHIFT_LEFT) {
            macro = "_mysql_shift_left";
        } else if (op == MySqlOperators.SHIFT_RIGHT) {
            macro = "_mysql_shift_right";
        } else if (op == MySqlOperators.NULL_SAFE_EQUAL || op == MySqlOperators.XOR || op == MySqlOperators.LOGICAL_NOT
                || op == MySqlOperators.DIV) {
            macro = null;
        } else {
            return null;
        }
        SqlParserPos pos = call.getParserPosition();
        List<SqlNode> args = call.getOperandList().stream().map(a -> a.accept(this)).toList();
        if (macro != null) {
            return function(macro).createCall(pos, args);
        }
        if (op == MySqlOperators.NULL_SAFE_EQUAL) {
            return SqlStdOperatorTable.IS_NOT_DISTINCT_FROM.createCall(pos, args);
        }
        if (op == MySqlOperators.DIV) {
            SqlNode quotient = function("TRUNC").createCall(pos, INTEGER_DIVIDE.createCall(pos, args.get(0), args.get(1)));
            return caseWhen(pos, eq(pos, args.get(1), 0), nul(pos), cast(pos, quotient, SqlTypeName.BIGINT));
        }
        if (op == MySqlOperators.XOR) {
            return SqlStdOperatorTable.NOT_EQUALS.createCall(pos, cast(pos, args.get(0), SqlTypeName.BOOLEAN),
                    cast(pos, args.get(1), SqlTypeName.BOOLEAN));
        }
        return SqlStdOperatorTable.NOT.createCall(pos, cast(pos, args.get(0), SqlTypeName.BOOLEAN));
    }

    /** sciSQL accepts polygons of 3 to 20 vertices given as coordinate pairs. */
    public static final int MAX_POLYGON_VERTICES = 20;

    private static void checkPolygonArity(SqlCall call, int arguments) {
        int vertices = (arguments - 2) / 2;
        if (arguments % 2 != 0 || vertices < 3 || vertices > MAX_POLYGON_VERTICES) {
            throw SqlErrors.error(SqlErrorCode.INVALID_ARGUMENT, call, call.getOperator().getName()
                    + " expects a position and 3 to " + MAX_POLYGON_VERTICES + " vertices (an even number of 8 to "
                    + (2 + 2 * MAX_POLYGON_VERTICES) + " arguments), got " + arguments + " arguments");
        }
    }

    /**
     * The DuckDB form of {@code scisql_s2PtInCPoly(lon, lat, v1lon, v1lat, ..., vNlon, vNlat)}, built
     * with the {@code _scisql_edgeDot} macro: the point is inside when it lies on the inner side of every
     * edge's great circle (boundary included), the inner side being the one of the sum of the vertices
     * relative to the first edge (either winding is accepted, and a list that is not convex means what
     * it means to sciSQL). As in sciSQL: 0 when an argument is
     * NULL, NULL when a latitude is outside [-90, 90].
     */
    public static SqlNode expandPointInConvexPolygon(SqlCall call) {
        SqlParserPos pos = call.getParserPosition();
        List<SqlNode> args = call.getOperandList();
        int vertices = (args.size() - 2) / 2;
        SqlNode anyNull = null;
        for (SqlNode a : args) {
            SqlNode isNull = SqlStdOperatorTable.IS_NULL.createCall(pos, a);
            anyNull = anyNull == null ? isNull : or(pos, anyNull, isNull);
        }
        SqlNode badLatitude = null;
        for (int i = 1; i < args.size(); i += 2) {
            SqlNode bad = SqlStdOperatorTable.GREATER_THAN.createCall(pos, function("ABS").createCall(pos, args.get(i)),
                    SqlTrees.integer(90));
            badLatitude = badLatitude == null ? bad : or(pos, badLatitude, bad);
        }
        // sciSQL's winding: the edges turn inwards when the sum of the vertices lies on the inner side of
        // the first edge (the first two vertices lie on its great circle and add nothing), else all flip.
        // For a convex outline that is the side of every other vertex; for any other list it is what
        // sciSQL computes, which Qserv (and so the user) accepts.
        SqlNode vertexSum = null;
        for (int v = 2; v < vertices; v++) {
            SqlNode side = function("_scisql_edgeDot").createCall(pos, args.get(2 + 2 * v), args.get(3 + 2 * v),
                    args.get(2), args.get(3), args.get(4), args.get(5));
            vertexSum = vertexSum == null ? side : SqlStdOperatorTable.PLUS.createCall(pos, vertexSum, side);
        }
        SqlNode orientation = caseWhen(pos, SqlStdOperatorTable.LESS_THAN.createCall(pos, vertexSum, SqlTrees.integer(0)),
                SqlTrees.integer(-1), SqlTrees.integer(1));
        SqlNode inside = null;
        for (int v = 0; v < vertices; v++) {
            int from = 2 + 2 * v;
            int to = 2 + 2 * ((v + 1) % vertices);
            SqlNode side = SqlStdOperatorTable.MULTIPLY.createCall(pos, orientation, function("_scisql_edgeDot")
                    .createCall(pos, args.get(0), args.get(1), args.get(from), args.get(from + 1), args.get(to), args.get(to + 1)));
            SqlNode ok = SqlStdOperatorTable.GREATER_THAN_OR_EQUAL.createCall(pos, side, SqlTrees.integer(0));
            inside = inside == null ? ok : SqlStdOperatorTable.AND.createCall(pos, inside, ok);
        }
        return new SqlCase(pos, null, SqlTrees.list(List.of(anyNull, badLatitude, inside)),
                SqlTrees.list(List.of(SqlTrees.integer(0), nul(pos), SqlTrees.integer(1))), SqlTrees.integer(0));
    }

    /**
     * MySQL: {@code SUBSTRING(s, p[, n])} is '' when p is 0 or beyond either end of s or n &lt; 1, and
     * NULL when an argument is NULL; otherwise DuckDB's substring agrees (negative p counts from the end).
     */
    private static SqlNode substring(SqlCall call, SqlParserPos pos, List<SqlNode> args) {
        arity(call, args, 2, 3);
        SqlNode s = args.get(0);
        SqlNode p = args.get(1);
        SqlNode anyNull = null;
        for (SqlNode a : args) {
            SqlNode isNull = SqlStdOperatorTable.IS_NULL.createCall(pos, a);
            anyNull = anyNull == null ? isNull : or(pos, anyNull, isNull);
        }
        SqlNode length = function("LENGTH").createCall(pos, s);
        SqlNode empty = or(pos, eq(pos, p, 0), SqlStdOperatorTable.GREATER_THAN.createCall(pos,
                function("ABS").createCall(pos, p), length));
        if (args.size() == 3) {
            empty = or(pos, empty, SqlStdOperatorTable.LESS_THAN.createCall(pos, args.get(2), SqlTrees.integer(1)));
        }
        SqlNode result = function("SUBSTRING").createCall(pos, args);
        SqlNode emptyString = SqlLiteral.createCharString("", pos);
        return new SqlCase(pos, null, SqlTrees.list(List.of(anyNull, empty)), SqlTrees.list(List.of(nul(pos), emptyString)),
                result);
    }

    private static void arity(SqlCall call, List<SqlNode> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            String expected = min == max ? Integer.toString(min) : max == Integer.MAX_VALUE ? "at least " + min
                    : min + " to " + max;
            throw SqlErrors.error(SqlErrorCode.INVALID_ARGUMENT, call, "Incorrect parameter count in the call to "
                    + call.getOperator().getName() + ": expected " + expected + ", got " + args.size());
        }
    }

    private static SqlNode modulo(SqlParserPos pos, SqlNode a, SqlNode b) {
        return caseWhen(pos, eq(pos, b, 0), nul(pos), SqlStdOperatorTable.PERCENT_REMAINDER.createCall(pos, a, b));
    }

    private static SqlNode caseWhen(SqlParserPos pos, SqlNode when, SqlNode then, SqlNode otherwise) {
        return new SqlCase(pos, null, SqlTrees.list(List.of(when)), SqlTrees.list(List.of(then)), otherwise);
    }

    private static SqlNode nul(SqlParserPos pos) {
        return SqlLiteral.createNull(pos);
    }

    private static SqlNode or(SqlParserPos pos, SqlNode a, SqlNode b) {
        return SqlStdOperatorTable.OR.createCall(pos, a, b);
    }

    private static SqlNode eq(SqlParserPos pos, SqlNode a, long value) {
        return SqlStdOperatorTable.EQUALS.createCall(pos, a, SqlTrees.integer(value));
    }

    private static SqlNode le(SqlParserPos pos, SqlNode a, long value) {
        return SqlStdOperatorTable.LESS_THAN_OR_EQUAL.createCall(pos, a, SqlTrees.integer(value));
    }

    private static SqlNode cast(SqlParserPos pos, SqlNode e, SqlTypeName type) {
        return SqlStdOperatorTable.CAST.createCall(pos, e,
                new SqlDataTypeSpec(new SqlBasicTypeNameSpec(type, pos), pos));
    }

    public static boolean containsAggregate(SqlNode node) {
        if (node == null) {
            return false;
        }
        if (isAggregate(node)) {
            return true;
        }
        if (node instanceof SqlCall call) {
            for (SqlNode operand : call.getOperandList()) {
                if (containsAggregate(operand)) {
                    return true;
                }
            }
        } else if (node instanceof org.apache.calcite.sql.SqlNodeList list) {
            for (SqlNode n : list) {
                if (containsAggregate(n)) {
                    return true;
                }
            }
        }
        return false;
    }
}
