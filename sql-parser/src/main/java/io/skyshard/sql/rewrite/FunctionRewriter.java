package io.skyshard.sql.rewrite;

import io.skyshard.sql.SqlErrors;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
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
 * Semantic notes: MySQL LOG(x) is the natural logarithm, DuckDB's log(x) is base 10, hence LN.
 * MySQL CONCAT is NULL when any argument is NULL; DuckDB's concat skips NULLs, so CONCAT becomes
 * the {@code ||} operator, which propagates NULL. GREATEST/LEAST are refused: DuckDB ignores NULL
 * arguments where MySQL returns NULL.
 */
public final class FunctionRewriter extends SqlShuttle {
    /** Spatial restrictors are kept as calls for SpatialRestrictorPass to find. */
    public static final Set<String> RESTRICTORS = Set.of("QSERV_AREASPEC_BOX", "QSERV_AREASPEC_CIRCLE");

    private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX");
    private static final Set<String> OTHER_AGGREGATES = Set.of("STD", "STDDEV", "STDDEV_POP", "STDDEV_SAMP",
            "VARIANCE", "VAR_POP", "VAR_SAMP", "GROUP_CONCAT", "BIT_AND", "BIT_OR", "BIT_XOR", "JSON_ARRAYAGG",
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

    static {
        for (String same : List.of("ABS", "SIGN", "SQRT", "EXP", "LN", "LOG10", "LOG2", "POWER", "SIN", "COS", "TAN",
                "ASIN", "ACOS", "ATAN2", "COT", "DEGREES", "RADIANS", "PI", "ROUND", "LOWER", "UPPER", "NOW",
                "scisql_s2PtInBox", "scisql_s2PtInCircle")) {
            SCALARS.put(same.toUpperCase(Locale.ROOT), same);
        }
        SCALARS.put("POW", "POWER");
        SCALARS.put("LOG", "LN");
        SCALARS.put("LCASE", "LOWER");
        SCALARS.put("UCASE", "UPPER");
        SCALARS.put("CHAR_LENGTH", "LENGTH");
        SCALARS.put("CHARACTER_LENGTH", "LENGTH");
        SCALARS.put("ATAN", "ATAN");
        SCALARS.put("IF", "IF");
        for (String duck : SCALARS.values()) {
            FUNCTIONS.computeIfAbsent(duck, n -> new SqlFunction(n, SqlKind.OTHER_FUNCTION, ReturnTypes.ARG0_NULLABLE,
                    null, OperandTypes.VARIADIC, SqlFunctionCategory.USER_DEFINED_FUNCTION));
        }
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
        if (!OPERATORS.contains(kind)) {
            throw SqlErrors.unsupported(call, "operator or function " + op.getName());
        }
        return super.visit(call);
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
                default -> SqlStdOperatorTable.MAX;
            };
            if (args.size() != 1) {
                throw SqlErrors.unsupported(call, name + " with " + args.size() + " arguments");
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
        switch (name) {
            case "CONCAT" -> {
                if (args.isEmpty()) {
                    throw SqlErrors.unsupported(call, "CONCAT without arguments");
                }
                SqlNode result = args.get(0);
                for (int i = 1; i < args.size(); i++) {
                    result = SqlStdOperatorTable.CONCAT.createCall(call.getParserPosition(), result, args.get(i));
                }
                return result;
            }
            case "IFNULL" -> {
                return SqlStdOperatorTable.COALESCE.createCall(call.getParserPosition(), args);
            }
            case "COALESCE" -> {
                return SqlStdOperatorTable.COALESCE.createCall(call.getParserPosition(), args);
            }
            case "LOG" -> {
                if (args.size() != 1) {
                    throw SqlErrors.unsupported(call, "LOG with a base argument");
                }
            }
            case "ATAN" -> {
                if (args.size() == 2) {
                    return function("ATAN2").createCall(call.getParserPosition(), args);
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
