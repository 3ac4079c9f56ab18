package io.skyshard.sql.parser;

import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;

/**
 * Restores MySQL's {@code a DIV b} after parsing. The pre-parser wrote it as {@code a / b} with the
 * same length and remembered where the slash is; a division whose operator lies at such an offset
 * (between the end of its left operand and the start of its right one) becomes a call of
 * {@link #DIV}, which the function rewriter translates.
 */
final class IntegerDivision {
    /** MySQL's integer division, as a function so that later passes see its name. */
    static final SqlFunction DIV = new SqlFunction("DIV", SqlKind.OTHER_FUNCTION, ReturnTypes.BIGINT_NULLABLE, null,
            OperandTypes.NUMERIC_NUMERIC, SqlFunctionCategory.NUMERIC);

    private final Set<Integer> slashOffsets;
    private final int[] lineStarts;

    private IntegerDivision(String text, Set<Integer> slashOffsets) {
        this.slashOffsets = slashOffsets;
        int lines = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines++;
            }
        }
        lineStarts = new int[lines];
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lineStarts[line++] = i + 1;
            }
        }
    }

    /** Replaces marked divisions in place; returns the (possibly replaced) root. */
    static SqlNode restore(SqlNode root, String text, Set<Integer> slashOffsets) {
        if (slashOffsets.isEmpty()) {
            return root;
        }
        IntegerDivision d = new IntegerDivision(text, slashOffsets);
        return d.walk(root);
    }

    private SqlNode walk(SqlNode node) {
        if (node instanceof SqlNodeList list) {
            for (int i = 0; i < list.size(); i++) {
                SqlNode child = list.get(i);
                SqlNode replaced = child == null ? null : walk(child);
                if (replaced != child) {
                    list.set(i, replaced);
                }
            }
            return list;
        }
        if (!(node instanceof SqlCall call)) {
            return node;
        }
        for (int i = 0; i < call.operandCount(); i++) {
            SqlNode child = call.operand(i);
            SqlNode replaced = child == null ? null : walk(child);
            if (replaced != child) {
                call.setOperand(i, replaced);
            }
        }
        if (call.getKind() == SqlKind.DIVIDE && call instanceof SqlBasicCall && isMarked(call)) {
            return DIV.createCall(call.getParserPosition(), call.operand(0), call.operand(1));
        }
        return call;
    }

    private boolean isMarked(SqlCall call) {
        SqlParserPos left = span(call.operand(0));
        SqlParserPos right = span(call.operand(1));
        if (left == null || right == null) {
            return false;
        }
        int from = offset(left.getEndLineNum(), left.getEndColumnNum());
        int to = offset(right.getLineNum(), right.getColumnNum());
        for (int o : slashOffsets) {
            if (o > from && o < to) {
                return true;
            }
        }
        return false;
    }

    private int offset(int line, int column) {
        return line >= 1 && line <= lineStarts.length ? lineStarts[line - 1] + column - 1 : -1;
    }

    private static SqlParserPos span(SqlNode node) {
        SqlParserPos pos = node.getParserPosition();
        SqlParserPos result = pos.getLineNum() > 0 ? pos : null;
        Iterable<SqlNode> children = node instanceof SqlCall call ? call.getOperandList()
                : node instanceof SqlNodeList list ? list : java.util.List.of();
        for (SqlNode child : children) {
            if (child == null) {
                continue;
            }
            SqlParserPos c = span(child);
            if (c != null) {
                result = result == null ? c : result.plus(c);
            }
        }
        return result;
    }
}
