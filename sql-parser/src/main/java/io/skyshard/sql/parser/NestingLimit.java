package io.skyshard.sql.parser;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.sql.SqlErrorCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Bounds how deeply a statement may nest. The parser, the analysis passes and the unparser all
 * recurse once (or more) per level of the tree, so a statement nested thousands of levels deep
 * (machine-generated, or an attack) would overflow the thread's stack; it gets a user error naming
 * the limit instead. Long flat chains of AND / OR ({@code id = 1 OR id = 2 OR ...}, which the parser
 * builds as a left-deep tree) are legitimate and common, so they are rebalanced into trees of
 * logarithmic depth first and never count against the limit.
 */
public final class NestingLimit {
    /** Deepest nesting accepted: parentheses, and levels of the parsed tree. */
    public static final int MAX_DEPTH = 200;
    /**
     * Most operators in a row within one parenthesis level. Calcite's parser takes time quadratic in
     * the length of such a chain (50,000 ORs: minutes) and recurses along it, so longer chains are
     * refused before parsing (4,000 operators: about 0.2 s); lists of alternatives belong in IN (...),
     * which has no such cost. A chain of 2,000 equalities OR-ed together is 3,999 operators.
     */
    public static final int MAX_CHAIN = 4000;
    /** AND / OR chains with more operands than this are rebalanced. */
    private static final int REBALANCE_OPERANDS = 16;

    private NestingLimit() {
    }

    public static SkyshardException tooDeep(String where) {
        return new SkyshardException(SqlErrorCode.NESTED_TOO_DEEPLY, "Expression nested too deeply" + where
                + ": at most " + MAX_DEPTH + " levels of nesting (parentheses, operators, subqueries) are accepted");
    }

    /** The parser ran out of stack: nesting without parentheses, or a very long chain of operators. */
    public static SkyshardException parserOverflow() {
        return new SkyshardException(SqlErrorCode.NESTED_TOO_DEEPLY, "Expression nested too deeply for the parser: at most "
                + MAX_DEPTH + " levels of nesting (parentheses, operators, subqueries) and chains of a few thousand "
                + "operators are accepted (for a long list of OR-ed equalities, use IN (...))");
    }

    public static SkyshardException chainTooLong(String where) {
        return new SkyshardException(SqlErrorCode.NESTED_TOO_DEEPLY, "Expression too long" + where + ": at most " + MAX_CHAIN
                + " operators (AND, OR, +, =, ...) in a row are accepted (for a long list of alternatives, use IN (...))");
    }

    /**
     * Checks parentheses and operator chains in the user's text before parsing: the parser recurses
     * per parenthesis and per chained operator, so this must come first. Quotes and comments are
     * skipped as MySQL does.
     */
    public static void checkParentheses(String sql) {
        int depth = 0;
        // operators seen at each open parenthesis level since its last comma
        int[] chain = new int[MAX_DEPTH + 2];
        int line = 1;
        int lineStart = 0;
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = i + 1;
            } else if (c == '\'' || c == '"' || c == '`') {
                for (i++; i < n; i++) {
                    char d = sql.charAt(i);
                    if (d == '\n') {
                        line++;
                        lineStart = i + 1;
                    } else if (d == '\\' && c != '`') {
                        i++;
                    } else if (d == c) {
                        break;
                    }
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                int stop = end < 0 ? n : end + 1;
                for (int j = i; j < stop; j++) {
                    if (sql.charAt(j) == '\n') {
                        line++;
                        lineStart = j + 1;
                    }
                }
                i = stop;
            } else if (c == '#' || c == '-' && i + 2 < n && sql.charAt(i + 1) == '-' && Character.isWhitespace(sql.charAt(i + 2))) {
                int end = sql.indexOf('\n', i);
                i = (end < 0 ? n : end) - 1;
            } else if (c == '(') {
                if (++depth > MAX_DEPTH) {
                    throw tooDeep(" at line " + line + ", column " + (i - lineStart + 1));
                }
                chain[depth] = 0;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (c == ',') {
                chain[depth] = 0;
            } else if (OPERATOR_CHARS.indexOf(c) >= 0 || isOperatorWord(sql, i)) {
                if (++chain[depth] > MAX_CHAIN) {
                    throw chainTooLong(" at line " + line + ", column " + (i - lineStart + 1));
                }
                // a run of operator characters (<=, <>, ||) or a whole word is one operator
                if (Character.isLetter(c)) {
                    while (i + 1 < n && Character.isLetter(sql.charAt(i + 1))) {
                        i++;
                    }
                } else {
                    while (i + 1 < n && OPERATOR_CHARS.indexOf(sql.charAt(i + 1)) >= 0
                            && !(sql.charAt(i + 1) == '-' && i + 2 < n && sql.charAt(i + 2) == '-')) {
                        i++;
                    }
                }
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
                // skip the rest of a word or number so that "ORDER" or "x_or" are no OR
                while (i + 1 < n && (Character.isLetterOrDigit(sql.charAt(i + 1)) || sql.charAt(i + 1) == '_'
                        || sql.charAt(i + 1) == '$' || sql.charAt(i + 1) == '.' && Character.isDigit(c))) {
                    i++;
                }
            }
        }
    }

    private static final String OPERATOR_CHARS = "+-*/%=<>!|&^~";

    /** AND, OR, XOR, DIV or MOD as a whole word at {@code i}. */
    private static boolean isOperatorWord(String sql, int i) {
        if (i > 0 && (Character.isLetterOrDigit(sql.charAt(i - 1)) || sql.charAt(i - 1) == '_')) {
            return false;
        }
        int end = i;
        while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
            end++;
        }
        return switch (sql.substring(i, end).toUpperCase(java.util.Locale.ROOT)) {
            case "AND", "OR", "XOR", "DIV", "MOD" -> true;
            default -> false;
        };
    }

    /**
     * Rebalances long AND / OR chains in place, then checks the depth of the tree; both without
     * recursion, since the tree may be arbitrarily deep. Returns the (possibly new) root.
     */
    public static SqlNode rebalanceAndCheck(SqlNode root, PositionMap positions) {
        root = rebalanced(root);
        Deque<SqlNode> nodes = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        nodes.push(root);
        depths.push(1);
        while (!nodes.isEmpty()) {
            SqlNode node = nodes.pop();
            int depth = depths.pop();
            if (depth > MAX_DEPTH) {
                SqlParserPos pos = positions.toOriginal(node.getParserPosition());
                throw tooDeep(pos == null || pos.getLineNum() <= 0 ? ""
                        : " at line " + pos.getLineNum() + ", column " + pos.getColumnNum());
            }
            if (node instanceof SqlCall call) {
                List<SqlNode> operands = call.getOperandList();
                for (int i = 0; i < operands.size(); i++) {
                    SqlNode child = operands.get(i);
                    if (child == null) {
                        continue;
                    }
                    SqlNode balanced = rebalanced(child);
                    if (balanced != child) {
                        try {
                            call.setOperand(i, balanced);
                            child = balanced;
                        } catch (UnsupportedOperationException e) {
                            // a call that cannot take a new operand keeps its chain (and the depth check)
                        }
                    }
                    nodes.push(child);
                    depths.push(depth + 1);
                }
            } else if (node instanceof SqlNodeList list) {
                for (int i = 0; i < list.size(); i++) {
                    SqlNode child = list.get(i);
                    if (child == null) {
                        continue;
                    }
                    SqlNode balanced = rebalanced(child);
                    if (balanced != child) {
                        list.set(i, balanced);
                        child = balanced;
                    }
                    nodes.push(child);
                    depths.push(depth + 1);
                }
            }
        }
        return root;
    }

    /** {@code node} itself unless it heads a long AND / OR chain, which comes back as a balanced tree. */
    private static SqlNode rebalanced(SqlNode node) {
        if (!(node instanceof SqlBasicCall call) || (call.getKind() != SqlKind.AND && call.getKind() != SqlKind.OR)
                || call.operandCount() != 2) {
            return node;
        }
        SqlOperator op = call.getOperator();
        List<SqlNode> flat = new ArrayList<>();
        Deque<SqlNode> pending = new ArrayDeque<>();
        pending.push(call);
        while (!pending.isEmpty()) {
            SqlNode n = pending.pop();
            if (n instanceof SqlBasicCall c && c.getOperator() == op && c.operandCount() == 2) {
                pending.push(c.operand(1));
                pending.push(c.operand(0));
            } else {
                flat.add(n);
            }
        }
        if (flat.size() <= REBALANCE_OPERANDS) {
            return node;
        }
        // AND and OR are associative (NULLs included) and SQL fixes no evaluation order, so the
        // grouping can change while the operands keep their order.
        return balance(op, flat, 0, flat.size(), call.getParserPosition());
    }

    private static SqlNode balance(SqlOperator op, List<SqlNode> operands, int from, int to, SqlParserPos pos) {
        if (to - from == 1) {
            return operands.get(from);
        }
        int mid = (from + to) >>> 1;
        return op.createCall(pos, balance(op, operands, from, mid, pos), balance(op, operands, mid, to, pos));
    }

    /** True when {@code t} (or one of its causes) is a stack overflow. */
    public static boolean isStackOverflow(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StackOverflowError) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }
}
