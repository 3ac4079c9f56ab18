package io.skyshard.sql.rewrite;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Predicate;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.Litmus;

/** Small builders and matchers for Calcite trees used by passes and shuttles. */
public final class SqlTrees {
    private SqlTrees() {
    }

    public static SqlIdentifier id(String... names) {
        return new SqlIdentifier(List.of(names), SqlParserPos.ZERO);
    }

    public static SqlNode as(SqlNode expr, String alias) {
        return SqlStdOperatorTable.AS.createCall(SqlParserPos.ZERO, expr, new SqlIdentifier(alias, SqlParserPos.ZERO));
    }

    public static SqlNumericLiteral integer(long value) {
        return SqlLiteral.createExactNumeric(Long.toString(value), SqlParserPos.ZERO);
    }

    public static SqlNode and(List<SqlNode> conjuncts) {
        SqlNode result = null;
        for (SqlNode c : conjuncts) {
            result = result == null ? c : SqlStdOperatorTable.AND.createCall(SqlParserPos.ZERO, result, c);
        }
        return result;
    }

    public static SqlNodeList list(List<SqlNode> nodes) {
        return new SqlNodeList(nodes, SqlParserPos.ZERO);
    }

    public static int indexOf(List<SqlNode> nodes, SqlNode node) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).equalsDeep(node, Litmus.IGNORE)) {
                return i;
            }
        }
        return -1;
    }

    /** The first node of the tree (depth first, the root included) that passes {@code test}, or null. */
    public static SqlNode findFirst(SqlNode n, Predicate<SqlNode> test) {
        return findFirst(n, test, x -> true);
    }

    /**
     * The first node that passes {@code test}, looking below a node only when {@code descend}
     * accepts it (the node itself is still tested), or null.
     */
    public static SqlNode findFirst(SqlNode n, Predicate<SqlNode> test, Predicate<SqlNode> descend) {
        if (n == null) {
            return null;
        }
        if (test.test(n)) {
            return n;
        }
        if (!descend.test(n)) {
            return null;
        }
        Iterable<SqlNode> children = n instanceof SqlCall call ? call.getOperandList()
                : n instanceof SqlNodeList list ? list : List.of();
        for (SqlNode child : children) {
            SqlNode found = findFirst(child, test, descend);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** The values a CASE can take: its THEN operands and its ELSE (null when it has none). */
    public static List<SqlNode> caseValues(SqlCase c) {
        List<SqlNode> values = new java.util.ArrayList<>(c.getThenOperands().getList());
        values.add(c.getElseOperand());
        return values;
    }

    /** Numeric value of a literal or a negated literal, else null. */
    public static BigDecimal numericValue(SqlNode node) {
        if (node instanceof SqlNumericLiteral lit) {
            return lit.bigDecimalValue();
        }
        if ((node.getKind() == SqlKind.MINUS_PREFIX || node.getKind() == SqlKind.PLUS_PREFIX)
                && node instanceof SqlCall call) {
            BigDecimal inner = numericValue(call.operand(0));
            if (inner == null) {
                return null;
            }
            return node.getKind() == SqlKind.MINUS_PREFIX ? inner.negate() : inner;
        }
        return null;
    }

    /** Orders by one key with explicit NULL placement (DuckDB's default differs from MySQL's). */
    public static SqlNode orderItem(SqlNode key, boolean descending, boolean nullsFirst) {
        SqlNode n = descending ? SqlStdOperatorTable.DESC.createCall(SqlParserPos.ZERO, key) : key;
        return (nullsFirst ? SqlStdOperatorTable.NULLS_FIRST : SqlStdOperatorTable.NULLS_LAST)
                .createCall(SqlParserPos.ZERO, n);
    }
}
