package io.skyshard.sql.analysis;

import io.skyshard.sql.parser.PositionMap;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParserPos;

/** The user's text of a parsed expression (MySQL names unaliased result columns after it). */
final class SourceText {
    private final String sql;
    private final int[] lineStarts;
    private final PositionMap positions;

    SourceText(String sql, PositionMap positions) {
        this.sql = sql;
        this.positions = positions;
        int lines = 1;
        for (int i = 0; i < sql.length(); i++) {
            if (sql.charAt(i) == '\n') {
                lines++;
            }
        }
        lineStarts = new int[lines];
        int line = 1;
        for (int i = 0; i < sql.length(); i++) {
            if (sql.charAt(i) == '\n') {
                lineStarts[line++] = i + 1;
            }
        }
    }

    /** The text spanned by the node and all its descendants, or null if positions are unknown. */
    String of(SqlNode node) {
        SqlParserPos span = span(node);
        if (span == null || span.getLineNum() <= 0 || span.getEndLineNum() > lineStarts.length) {
            return null;
        }
        int start = lineStarts[span.getLineNum() - 1] + positions.startColumn(span.getLineNum(), span.getColumnNum()) - 1;
        int end = lineStarts[span.getEndLineNum() - 1] + positions.endColumn(span.getEndLineNum(), span.getEndColumnNum());
        if (start < 0 || end > sql.length() || start >= end) {
            return null;
        }
        // Positions of parenthesised sub-expressions exclude the parentheses: widen until balanced.
        int balance = balance(sql.substring(start, end));
        while (balance > 0 && start > 0) {
            start--;
            if (sql.charAt(start) == '(') {
                balance--;
            }
        }
        while (balance < 0 && end < sql.length()) {
            if (sql.charAt(end) == ')') {
                balance++;
            }
            end++;
        }
        return sql.substring(start, end).strip();
    }

    private static int balance(String s) {
        int b = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ')') {
                b++;
            } else if (c == '(') {
                b--;
            }
        }
        return b;
    }

    private static SqlParserPos span(SqlNode node) {
        if (node == null) {
            return null;
        }
        SqlParserPos pos = node.getParserPosition();
        SqlParserPos result = pos.getLineNum() > 0 ? pos : null;
        Iterable<SqlNode> children = node instanceof SqlCall call ? call.getOperandList()
                : node instanceof SqlNodeList list ? list : java.util.List.of();
        for (SqlNode child : children) {
            SqlParserPos c = span(child);
            if (c != null) {
                result = result == null ? c : result.plus(c);
            }
        }
        return result;
    }
}
