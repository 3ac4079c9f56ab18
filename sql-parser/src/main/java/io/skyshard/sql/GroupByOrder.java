package io.skyshard.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * MySQL 5's {@code GROUP BY a DESC, b} (MariaDB keeps it): the result is sorted by the group keys in
 * those directions, as if by {@code ORDER BY a DESC, b} when the query has no ORDER BY. Calcite's
 * grammar has no direction on GROUP BY items, so the words are blanked out of the text before parsing
 * (positions do not move) and remembered per SELECT, by the line and column of its SELECT keyword.
 *
 * <pre>
 * before: SELECT band, COUNT(*) FROM Source GROUP BY band DESC
 * parsed: SELECT band, COUNT(*) FROM Source GROUP BY band
 * order:  {line 1, column 1: [DESC]}  (planned as ORDER BY band DESC)
 * </pre>
 */
public final class GroupByOrder {
    /** Direction of one GROUP BY item: null when it gave none. */
    public enum Direction { ASC, DESC }

    private static final Set<String> CLAUSE_END = Set.of("HAVING", "ORDER", "LIMIT", "WINDOW", "UNION", "INTERSECT", "EXCEPT",
            "WITH", "QUALIFY", "OFFSET", "FETCH", "FOR", "LOCK", "INTO");

    private final String text;
    private final Map<String, List<Direction>> directions;

    private GroupByOrder(String text, Map<String, List<Direction>> directions) {
        this.text = text;
        this.directions = Map.copyOf(directions);
    }

    /** The text to parse: the user's with GROUP BY directions blanked out. */
    public String text() {
        return text;
    }

    /** The directions of the GROUP BY items of the SELECT starting at this line and column, if any was given. */
    public Optional<List<Direction>> of(int line, int column) {
        return Optional.ofNullable(directions.get(line + ":" + column));
    }

    public static GroupByOrder of(String sql) {
        List<int[]> tokens = tokens(sql);
        StringBuilder text = new StringBuilder(sql);
        Map<String, List<Direction>> out = new HashMap<>();
        // Per nesting depth, the offset of the last SELECT seen at that depth.
        Map<Integer, Integer> selects = new HashMap<>();
        int depth = 0;
        for (int t = 0; t < tokens.size(); t++) {
            String w = word(sql, tokens.get(t));
            if (w.equals("(")) {
                depth++;
            } else if (w.equals(")")) {
                depth--;
            } else if (w.equals("SELECT")) {
                selects.put(depth, tokens.get(t)[0]);
            } else if (w.equals("GROUP") && t + 1 < tokens.size() && word(sql, tokens.get(t + 1)).equals("BY")
                    && selects.containsKey(depth)) {
                List<Direction> items = new ArrayList<>();
                items.add(null);
                boolean any = false;
                int d = depth;
                int u = t + 2;
                for (; u < tokens.size(); u++) {
                    String x = word(sql, tokens.get(u));
                    if (x.equals("(")) {
                        d++;
                    } else if (x.equals(")")) {
                        if (d == depth) {
                            break;
                        }
                        d--;
                    } else if (d == depth && (x.equals(";") || CLAUSE_END.contains(x))) {
                        break;
                    } else if (d == depth && x.equals(",")) {
                        items.add(null);
                    } else if (d == depth && (x.equals("ASC") || x.equals("DESC"))
                            && (u + 1 == tokens.size() || endsItem(sql, tokens.get(u + 1)))) {
                        items.set(items.size() - 1, x.equals("DESC") ? Direction.DESC : Direction.ASC);
                        any = true;
                        for (int i = tokens.get(u)[0]; i < tokens.get(u)[1]; i++) {
                            text.setCharAt(i, ' ');
                        }
                    }
                }
                if (any) {
                    out.put(lineColumn(sql, selects.get(depth)), items);
                }
                t = u - 1;
            }
        }
        return new GroupByOrder(text.toString(), out);
    }

    private static boolean endsItem(String sql, int[] token) {
        String x = word(sql, token);
        return x.equals(",") || x.equals(")") || x.equals(";") || CLAUSE_END.contains(x);
    }

    private static String lineColumn(String sql, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (sql.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return line + ":" + (offset - lineStart + 1);
    }

    private static String word(String sql, int[] token) {
        return sql.substring(token[0], token[1]).toUpperCase(Locale.ROOT);
    }

    /** Words, numbers and punctuation as [start, end); strings, quoted names and comments are skipped. */
    private static List<int[]> tokens(String sql) {
        List<int[]> out = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#' || c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (c == '\'' || c == '"' || c == '`') {
                i++;
                while (i < n) {
                    char q = sql.charAt(i);
                    if (q == '\\' && c != '`') {
                        i += 2;
                    } else if (q == c && i + 1 < n && sql.charAt(i + 1) == c) {
                        i += 2;
                    } else if (q == c) {
                        i++;
                        break;
                    } else {
                        i++;
                    }
                }
                out.add(new int[] {start, Math.min(i, n)});
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$'
                        || sql.charAt(i) == '.' && Character.isDigit(c))) {
                    i++;
                }
                out.add(new int[] {start, i});
            } else {
                i++;
                out.add(new int[] {start, i});
            }
        }
        return out;
    }
}
