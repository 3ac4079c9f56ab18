package io.skyshard.sql.parser;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Maps positions in the text handed to Calcite back to the user's text. The pre-parser only
 * inserts characters (backticks) within a line, never newlines, so a line keeps its number and a
 * column shifts left by the number of characters inserted before it on that line.
 */
public final class PositionMap {
    public static final PositionMap IDENTITY = new PositionMap(Map.of());

    /** Line number -> sorted 1-based columns (in the rewritten text) of inserted characters. */
    private final Map<Integer, int[]> inserted;

    PositionMap(Map<Integer, int[]> inserted) {
        TreeMap<Integer, int[]> copy = new TreeMap<>();
        inserted.forEach((line, cols) -> {
            int[] sorted = cols.clone();
            Arrays.sort(sorted);
            copy.put(line, sorted);
        });
        this.inserted = copy;
    }

    /** Column in the user's text of a start position (an inserted character maps to what follows it). */
    public int startColumn(int line, int column) {
        return column - count(line, column, false);
    }

    /** Column in the user's text of an end position (an inserted character maps to what precedes it). */
    public int endColumn(int line, int column) {
        return column - count(line, column, true);
    }

    private int count(int line, int column, boolean inclusive) {
        int[] cols = inserted.get(line);
        if (cols == null) {
            return 0;
        }
        int n = 0;
        for (int c : cols) {
            if (c < column || inclusive && c == column) {
                n++;
            }
        }
        return n;
    }

    public SqlParserPos toOriginal(SqlParserPos pos) {
        if (pos == null || pos.getLineNum() <= 0 || inserted.isEmpty()) {
            return pos;
        }
        return new SqlParserPos(pos.getLineNum(), startColumn(pos.getLineNum(), pos.getColumnNum()),
                pos.getEndLineNum(), endColumn(pos.getEndLineNum(), pos.getEndColumnNum()));
    }
}
