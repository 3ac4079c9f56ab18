package io.skyshard.sql;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.sql.parser.PositionMap;
import java.util.function.Supplier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/** Builds errors whose message names the construct and its position in the user's SQL. */
public final class SqlErrors {
    /**
     * Position map of the query being planned on this thread. Node positions refer to the text
     * Calcite parsed, which the pre-parser may have widened with backticks; messages must name the
     * user's columns. Set only for the duration of one planning call (see {@link #withPositions}).
     */
    private static final ThreadLocal<PositionMap> POSITIONS = new ThreadLocal<>();

    private SqlErrors() {
    }

    /** Runs {@code body} with node positions mapped through {@code positions} in error messages. */
    public static <T> T withPositions(PositionMap positions, Supplier<T> body) {
        PositionMap previous = POSITIONS.get();
        POSITIONS.set(positions);
        try {
            return body.get();
        } finally {
            if (previous == null) {
                POSITIONS.remove();
            } else {
                POSITIONS.set(previous);
            }
        }
    }

    public static String where(SqlParserPos pos) {
        if (pos == null || pos.getLineNum() <= 0) {
            return "";
        }
        PositionMap positions = POSITIONS.get();
        if (positions != null) {
            pos = positions.toOriginal(pos);
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
