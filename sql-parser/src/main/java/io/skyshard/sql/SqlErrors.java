package io.skyshard.sql;

import io.skyshard.common.error.SkyshardException;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/** Builds errors whose message names the construct and its position in the user's SQL. */
public final class SqlErrors {
    private SqlErrors() {
    }

    public static String where(SqlParserPos pos) {
        if (pos == null || pos.getLineNum() <= 0) {
            return "";
        }
        return " at line " + pos.getLineNum() + ", column " + pos.getColumnNum();
    }

    public static SkyshardException unsupported(SqlNode node, String construct) {
        return unsupported(node == null ? null : node.getParserPosition(), construct);
    }

    public static SkyshardException unsupported(SqlParserPos pos, String construct) {
        return new SkyshardException(SqlErrorCode.UNSUPPORTED, "Unsupported construct" + where(pos) + ": " + construct);
    }

    public static SkyshardException error(SqlErrorCode code, SqlNode node, String message) {
        return error(code, node == null ? null : node.getParserPosition(), message);
    }

    public static SkyshardException error(SqlErrorCode code, SqlParserPos pos, String message) {
        String at = where(pos);
        return new SkyshardException(code, at.isEmpty() ? message : message + at.replaceFirst("^ at", " (at") + ")");
    }
}
