package io.skyshard.sql.parser;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.sql.SqlErrorCode;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import io.skyshard.sql.parser.impl.MySqlParserImpl;

/**
 * Lexical bridge between MySQL and Calcite's grammar, applied to the user's text before parsing.
 * Calcite reserves many words that MySQL does not (FILTER, VALUE, YEAR, POSITION, ...), and Qserv
 * catalogs use them as table and column names; such words are wrapped in backticks when they are
 * used as identifiers. It also blanks out {@code #} comments, which Calcite lacks, and writes
 * MySQL's decimal literal {@code 1.} as {@code 1.0} (Calcite would read the integer 1) and MySQL's
 * string literals ({@code "..."}, backslash escapes) as standard ones and hexadecimal literals
 * ({@code 0x1F}) as the integers they are in numeric context. Quoted identifiers and
 * comments are never touched. (MySQL's operators, DIV and MOD included, are part of
 * the generated grammar: see {@link MySqlOperators}.)
 *
 * <pre>
 * before: SELECT f.value FROM Filter f WHERE a DIV 2 = 1 # note
 * after:  SELECT f.`value` FROM `Filter` f WHERE a DIV 2 = 1
 * </pre>
 */
public final class PreParser {
    /**
     * Reserved words of MySQL as MariaDB (the engine under Qserv) has them: the words marked (R) in
     * MySQL 8.0's "Keywords and Reserved Words" list that MariaDB 10.11 also refuses as identifiers
     * (MariaDB accepts EMPTY, RANK, SYSTEM, WINDOW, ... as names). They stay reserved in Skyshard:
     * users quote them with backticks, as in MySQL.
     */
    public static final Set<String> MYSQL_RESERVED = Set.of(
            "ACCESSIBLE", "ADD", "ALL", "ALTER", "ANALYZE", "AND", "AS", "ASC", "ASENSITIVE", "BEFORE", "BETWEEN",
            "BIGINT", "BINARY", "BLOB", "BOTH", "BY", "CALL", "CASCADE", "CASE", "CHANGE", "CHAR", "CHARACTER",
            "CHECK", "COLLATE", "COLUMN", "CONDITION", "CONSTRAINT", "CONTINUE", "CONVERT", "CREATE", "CROSS",
            "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "CURSOR", "DATABASES", "DAY_HOUR",
            "DAY_MICROSECOND", "DAY_MINUTE", "DAY_SECOND", "DEC", "DECIMAL", "DECLARE", "DEFAULT", "DELAYED",
            "DELETE", "DESC", "DESCRIBE", "DETERMINISTIC", "DISTINCT", "DISTINCTROW", "DIV", "DOUBLE", "DROP",
            "DUAL", "EACH", "ELSE", "ELSEIF", "ENCLOSED", "ESCAPED", "EXCEPT", "EXISTS", "EXIT", "EXPLAIN", "FALSE",
            "FETCH", "FLOAT", "FLOAT4", "FLOAT8", "FOR", "FORCE", "FOREIGN", "FROM", "FULLTEXT", "GRANT", "GROUP",
            "HAVING", "HIGH_PRIORITY", "HOUR_MICROSECOND", "HOUR_MINUTE", "HOUR_SECOND", "IF", "IGNORE", "IN",
            "INDEX", "INFILE", "INNER", "INOUT", "INSENSITIVE", "INSERT", "INT", "INT1", "INT2", "INT3", "INT4",
            "INT8", "INTEGER", "INTERSECT", "INTERVAL", "INTO", "IS", "ITERATE", "JOIN", "KEY", "KEYS", "KILL",
            "LEADING", "LEAVE", "LEFT", "LIKE", "LIMIT", "LINEAR", "LINES", "LOAD", "LOCALTIME", "LOCALTIMESTAMP",
            "LOCK", "LONG", "LONGBLOB", "LONGTEXT", "LOOP", "LOW_PRIORITY", "MASTER_SSL_VERIFY_SERVER_CERT", "MATCH",
            "MAXVALUE", "MEDIUMBLOB", "MEDIUMINT", "MEDIUMTEXT", "MIDDLEINT", "MINUTE_MICROSECOND", "MINUTE_SECOND",
            "MOD", "MODIFIES", "NATURAL", "NOT", "NO_WRITE_TO_BINLOG", "NULL", "NUMERIC", "ON", "OPTIMIZE",
            "OPTIONALLY", "OR", "ORDER", "OUT", "OUTER", "OUTFILE", "OVER", "PARTITION", "PRECISION", "PRIMARY",
            "PROCEDURE", "PURGE", "RANGE", "READ", "READS", "READ_WRITE", "REAL", "RECURSIVE", "REFERENCES",
            "REGEXP", "RELEASE", "RENAME", "REPEAT", "REPLACE", "REQUIRE", "RESIGNAL", "RESTRICT", "RETURN",
            "REVOKE", "RIGHT", "RLIKE", "ROWS", "ROW_NUMBER", "SCHEMAS", "SECOND_MICROSECOND", "SELECT", "SENSITIVE",
            "SEPARATOR", "SET", "SHOW", "SIGNAL", "SMALLINT", "SPATIAL", "SPECIFIC", "SQL", "SQLEXCEPTION",
            "SQLSTATE", "SQLWARNING", "SQL_BIG_RESULT", "SQL_CALC_FOUND_ROWS", "SQL_SMALL_RESULT", "SSL", "STARTING",
            "STRAIGHT_JOIN", "TABLE", "TERMINATED", "THEN", "TINYBLOB", "TINYINT", "TINYTEXT", "TO", "TRAILING",
            "TRIGGER", "TRUE", "UNDO", "UNION", "UNIQUE", "UNLOCK", "UNSIGNED", "UPDATE", "USAGE", "USE", "USING",
            "UTC_DATE", "UTC_TIME", "UTC_TIMESTAMP", "VALUES", "VARBINARY", "VARCHAR", "VARCHARACTER", "VARYING",
            "WHEN", "WHERE", "WHILE", "WITH", "WRITE", "XOR", "YEAR_MONTH", "ZEROFILL");

    /** Words reserved by Calcite's grammar, read from the parser itself so an upgrade cannot drift. */
    public static final Set<String> CALCITE_RESERVED = calciteReserved();

    /** Words Calcite reserves but MySQL does not: these are quoted when used as identifiers. */
    public static final Set<String> QUOTED_WHEN_IDENTIFIER = difference(CALCITE_RESERVED, MYSQL_RESERVED);

    /** Functions whose first argument is a time unit keyword (EXTRACT(YEAR FROM d)). */
    private static final Set<String> UNIT_FUNCTIONS = Set.of("EXTRACT", "TIMESTAMPADD", "TIMESTAMPDIFF");
    private static final Set<String> CAST_FUNCTIONS = Set.of("CAST", "CONVERT");

    private PreParser() {
    }

    /** The text for the parser and the map of its positions back to the user's text. */
    public record Result(String text, PositionMap positions) {
    }

    private enum Kind { WORD, NUMBER, STRING, QUOTED, PUNCT }

    private record Token(Kind kind, int start, int end, String text) {
        boolean is(String punctOrWord) {
            return (kind == Kind.PUNCT || kind == Kind.WORD) && text.equalsIgnoreCase(punctOrWord);
        }
    }

    public static Result rewrite(String sql) {
        StringBuilder blanked = new StringBuilder(sql);
        List<Token> tokens = dropIndexHints(tokenize(sql, blanked), blanked);
        StringBuilder out = new StringBuilder(sql.length() + 16);
        Map<Integer, List<Integer>> inserted = new HashMap<>();
        Deque<String> openers = new ArrayDeque<>();
        int openCases = 0;
        int copied = 0;
        int line = 1;
        int lineStart = 0;
        for (int t = 0; t < tokens.size(); t++) {
            Token tok = tokens.get(t);
            Token prev = t > 0 ? tokens.get(t - 1) : null;
            Token prev2 = t > 1 ? tokens.get(t - 2) : null;
            Token next = t + 1 < tokens.size() ? tokens.get(t + 1) : null;
            if (tok.is("(")) {
                openers.push(prev != null && prev.kind() == Kind.WORD ? prev.text().toUpperCase(Locale.ROOT) : "");
                continue;
            }
            if (tok.is(")")) {
                openers.poll();
                continue;
            }
            if (tok.kind() == Kind.NUMBER && tok.text().endsWith(".")) {
                // MySQL's '1.' is a DECIMAL; Calcite reads it as the integer 1: write '1.0'.
                for (int i = copied; i < tok.start(); i++) {
                    if (blanked.charAt(i) == '\n') {
                        line++;
                        lineStart = i + 1;
                    }
                }
                int column = tok.end() - lineStart + 1 + lineShift(inserted, line);
                inserted.computeIfAbsent(line, l -> new ArrayList<>()).add(column);
                out.append(blanked, copied, tok.end()).append('0');
                copied = tok.end();
                continue;
            }
            if (tok.kind() == Kind.STRING || tok.kind() == Kind.NUMBER && HEX_NUMBER.matcher(tok.text()).matches()) {
                String literal = tok.kind() == Kind.STRING ? standardLiteral(tok.text()) : hexNumber(tok.text());
                if (literal == null) {
                    continue;
                }
                // MySQL string syntax ("...", backslash escapes) written as a standard '...' literal.
                for (int i = copied; i < tok.end(); i++) {
                    if (blanked.charAt(i) == '\n') {
                        line++;
                        lineStart = i + 1;
                    }
                }
                out.append(blanked, copied, tok.start()).append(literal);
                int grown = literal.length() - tok.text().length();
                if (grown < 0) {
                    out.append(" ".repeat(-grown)); // keeps later columns where they were
                } else if (grown > 0) {
                    int column = tok.end() - lineStart + 1 + lineShift(inserted, line);
                    for (int k = 0; k < grown; k++) {
                        inserted.computeIfAbsent(line, l -> new ArrayList<>()).add(column + k);
                    }
                }
                copied = tok.end();
                continue;
            }
            if (tok.kind() != Kind.WORD) {
                continue;
            }
            String upper = tok.text().toUpperCase(Locale.ROOT);
            boolean afterDot = prev != null && prev.is(".");
            boolean call = next != null && next.is("(");
            boolean quote = false;
            if (!afterDot && upper.equals("CASE")) {
                openCases++;
            }
            if (!afterDot && upper.equals("END") && openCases > 0) {
                // Inside CASE, END closes it (a column named end must be backticked there).
                openCases--;
                continue;
            }
            if (afterDot) {
                // MySQL: a word after a period in a qualified name is always an identifier.
                quote = CALCITE_RESERVED.contains(upper);
            } else if (QUOTED_WHEN_IDENTIFIER.contains(upper)) {
                quote = !call && !actsAsKeyword(upper, prev, prev2, next, openers.peek());
            }
            if (!quote) {
                continue;
            }
            // Track lines of the user's text between the last copy and this token.
            for (int i = copied; i < tok.start(); i++) {
                if (blanked.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            out.append(blanked, copied, tok.start());
            int column = tok.start() - lineStart + 1 + lineShift(inserted, line);
            inserted.computeIfAbsent(line, l -> new ArrayList<>()).add(column);
            inserted.get(line).add(column + tok.text().length() + 1);
            out.append('`').append(tok.text()).append('`');
            copied = tok.end();
        }
        out.append(blanked, copied, blanked.length());
        Map<Integer, int[]> map = new HashMap<>();
        inserted.forEach((l, cols) -> map.put(l, cols.stream().mapToInt(Integer::intValue).toArray()));
        return new Result(out.toString(), map.isEmpty() ? PositionMap.IDENTITY : new PositionMap(map));
    }

    private static final Set<String> HINT_VERBS = Set.of("USE", "IGNORE", "FORCE");
    private static final Set<String> SELECT_OPTIONS = Set.of("SQL_NO_CACHE", "SQL_CACHE", "HIGH_PRIORITY", "STRAIGHT_JOIN",
            "SQL_SMALL_RESULT", "SQL_BIG_RESULT", "SQL_BUFFER_RESULT");

    /**
     * MySQL's optimizer hints, blanked out: SELECT options ({@code SQL_NO_CACHE}, {@code HIGH_PRIORITY},
     * {@code STRAIGHT_JOIN} ...), the {@code STRAIGHT_JOIN} join (an inner join in a fixed order) and
     * index hints after a table reference ({@code t USE INDEX ()}, {@code IGNORE KEY FOR JOIN (i)},
     * {@code FORCE INDEX (a, b)}) only steer MySQL's choice of index: the rows are the same. There are
     * no such indexes here, so the hints are blanked out (same length: positions are unchanged).
     */
    private static List<Token> dropIndexHints(List<Token> tokens, StringBuilder blanked) {
        List<Token> out = new ArrayList<>(tokens.size());
        int t = 0;
        while (t < tokens.size()) {
            Token tok = tokens.get(t);
            String upper = tok.kind() == Kind.WORD ? tok.text().toUpperCase(Locale.ROOT) : "";
            Token before = out.isEmpty() ? null : out.get(out.size() - 1);
            if (upper.equals("STRAIGHT_JOIN") && before != null && !before.is("SELECT") && !before.is("DISTINCT")
                    && !before.is("ALL") && !before.is("DISTINCTROW")) {
                // t1 STRAIGHT_JOIN t2 only fixes MySQL's join order: an inner join.
                blanked.replace(tok.start(), tok.end(), "JOIN" + " ".repeat(tok.text().length() - 4));
                out.add(new Token(Kind.WORD, tok.start(), tok.start() + 4, "JOIN"));
                t++;
                continue;
            }
            Token next = t + 1 < tokens.size() ? tokens.get(t + 1) : null;
            if (upper.startsWith("_") && CHARSETS.contains(upper.substring(1)) && next != null && next.kind() == Kind.STRING
                    && next.start() == tok.end()) {
                // _latin1'text': a character set introducer; text is compared as text whatever its encoding.
                blank(blanked, tok.start(), tok.end());
                t++;
                continue;
            }
            if (upper.equals("NAME_CONST") && next != null && next.is("(") && t + 3 < tokens.size()
                    && tokens.get(t + 2).kind() == Kind.STRING && tokens.get(t + 3).is(",")) {
                // NAME_CONST('name', value) is value (named, which only matters for a select item's name).
                blank(blanked, tok.start(), tok.end());
                blank(blanked, tokens.get(t + 2).start(), tokens.get(t + 3).end());
                out.add(next);
                t += 4;
                continue;
            }
            if (upper.equals("COLLATE") && next != null && (next.kind() == Kind.WORD || next.kind() == Kind.STRING
                    || next.kind() == Kind.QUOTED)) {
                String collation = next.text().replaceAll("^['\"`]|['\"`]$", "").toLowerCase(Locale.ROOT);
                if (!collation.endsWith("_ci")) {
                    throw new SkyshardException(SqlErrorCode.UNSUPPORTED, "Unsupported construct" + at(sql(blanked), tok.start())
                            + ": COLLATE " + collation + " (text compares as under MySQL's default case-insensitive collations;"
                            + " compare CAST(x AS BINARY) for a case-sensitive comparison)");
                }
                // A case-insensitive collation is how text compares here anyway.
                blank(blanked, tok.start(), next.end());
                t += 2;
                continue;
            }
            if (SELECT_OPTIONS.contains(upper) && before != null && (before.is("SELECT") || before.is("DISTINCT")
                    || before.is("ALL") || before.is("DISTINCTROW") || SELECT_OPTIONS.contains(before.text().toUpperCase(Locale.ROOT)))) {
                // SELECT SQL_NO_CACHE ... : options of MySQL's query cache and optimizer, no effect on rows.
                for (int i = tok.start(); i < tok.end(); i++) {
                    blanked.setCharAt(i, ' ');
                }
                t++;
                continue;
            }
            int end = indexHintEnd(tokens, t);
            if (end < 0) {
                out.add(tokens.get(t));
                t++;
                continue;
            }
            for (int i = tokens.get(t).start(); i < tokens.get(end).end(); i++) {
                if (blanked.charAt(i) != '\n') {
                    blanked.setCharAt(i, ' ');
                }
            }
            t = end + 1;
        }
        return out;
    }

    private static final Set<String> CHARSETS = Set.of("LATIN1", "UTF8", "UTF8MB3", "UTF8MB4", "ASCII");

    private static void blank(StringBuilder blanked, int from, int to) {
        for (int i = from; i < to; i++) {
            if (blanked.charAt(i) != '\n') {
                blanked.setCharAt(i, ' ');
            }
        }
    }

    private static String sql(StringBuilder blanked) {
        return blanked.toString();
    }

    /** " at line L, column C" of an offset of the user's text. */
    private static String at(String text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return " at line " + line + ", column " + (offset - lineStart + 1);
    }

    /** Index of the ')' closing an index hint starting at token t, or -1 if none starts there. */
    private static int indexHintEnd(List<Token> tokens, int t) {
        if (t == 0 || t + 2 >= tokens.size()) {
            return -1;
        }
        Token verb = tokens.get(t);
        Token prev = tokens.get(t - 1);
        if (verb.kind() != Kind.WORD || !HINT_VERBS.contains(verb.text().toUpperCase(Locale.ROOT))
                || !(prev.kind() == Kind.WORD || prev.kind() == Kind.QUOTED)) {
            return -1;
        }
        Token what = tokens.get(t + 1);
        String w = what.kind() == Kind.WORD ? what.text().toUpperCase(Locale.ROOT) : "";
        if (!w.equals("INDEX") && !w.equals("KEY")) {
            return -1;
        }
        int i = t + 2;
        if (tokens.get(i).kind() == Kind.WORD && tokens.get(i).text().equalsIgnoreCase("FOR")) {
            i++;
            if (i < tokens.size() && tokens.get(i).kind() == Kind.WORD && tokens.get(i).text().equalsIgnoreCase("JOIN")) {
                i++;
            } else if (i + 1 < tokens.size() && tokens.get(i).kind() == Kind.WORD && tokens.get(i + 1).kind() == Kind.WORD
                    && tokens.get(i + 1).text().equalsIgnoreCase("BY")) {
                i += 2;
            } else {
                return -1;
            }
        }
        if (i >= tokens.size() || !tokens.get(i).is("(")) {
            return -1;
        }
        for (int j = i + 1; j < tokens.size(); j++) {
            Token k = tokens.get(j);
            if (k.is(")")) {
                return j;
            }
            if (!(k.kind() == Kind.WORD || k.kind() == Kind.QUOTED || k.is(","))) {
                return -1;
            }
        }
        return -1;
    }

    private static int lineShift(Map<Integer, List<Integer>> inserted, int line) {
        List<Integer> cols = inserted.get(line);
        return cols == null ? 0 : cols.size();
    }

    /** Contexts where a word Calcite reserves is a keyword in MySQL syntax too. */
    private static boolean actsAsKeyword(String word, Token prev, Token prev2, Token next, String opener) {
        if (next != null && next.kind() == Kind.STRING) {
            return true; // typed literal (DATE '2020-01-01') or LIKE ... ESCAPE '!'
        }
        if (word.equals("OFFSET") && prev != null && (prev.kind() == Kind.NUMBER || prev.is("?"))) {
            return true; // LIMIT 10 OFFSET 5
        }
        if (word.equals("UNKNOWN") && prev != null && (prev.is("IS") || prev.is("NOT"))) {
            return true;
        }
        if (prev != null && prev.is("AS") && opener != null && CAST_FUNCTIONS.contains(opener)) {
            return true; // CAST(x AS DATE)
        }
        if (prev2 != null && prev2.is("INTERVAL")) {
            return true; // INTERVAL 1 DAY
        }
        return prev != null && prev.is("(") && opener != null && UNIT_FUNCTIONS.contains(opener);
    }

    /** Splits the text into tokens; '#' comments are blanked in {@code blanked} (Calcite lacks them). */
    private static List<Token> tokenize(String sql, StringBuilder blanked) {
        List<Token> tokens = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#' || c == '-' && i + 1 < n && sql.charAt(i + 1) == '-'
                    && (i + 2 >= n || Character.isWhitespace(sql.charAt(i + 2)))) {
                while (i < n && sql.charAt(i) != '\n') {
                    if (c == '#') {
                        blanked.setCharAt(i, ' ');
                    }
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (c == '\'' || c == '"' || c == '`') {
                i = endOfQuoted(sql, i);
                tokens.add(new Token(c == '`' ? Kind.QUOTED : Kind.STRING, start, i, sql.substring(start, i)));
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))
                    && (tokens.isEmpty() || tokens.get(tokens.size() - 1).kind() != Kind.WORD)) {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.' || sql.charAt(i) == '_'
                        || (sql.charAt(i) == '+' || sql.charAt(i) == '-') && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E'))) {
                    i++;
                }
                tokens.add(new Token(Kind.NUMBER, start, i, sql.substring(start, i)));
            } else if (Character.isLetter(c) || c == '_' || c == '$') {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, start, i, sql.substring(start, i)));
            } else {
                i++;
                tokens.add(new Token(Kind.PUNCT, start, i, sql.substring(start, i)));
            }
        }
        return tokens;
    }

    private static final java.util.regex.Pattern HEX_NUMBER = java.util.regex.Pattern.compile("0x[0-9a-fA-F]+");

    /**
     * MySQL's hexadecimal literal {@code 0x10} as the integer it is in numeric context, where queries
     * use it (bit masks: {@code flags & 0x10}); Calcite would read {@code 0} aliased {@code x10}.
     */
    static String hexNumber(String token) {
        return new java.math.BigInteger(token.substring(2), 16).toString();
    }

    /**
     * A MySQL string literal as a standard SQL one ({@code 'it''s'}), or null when it already is one.
     * MySQL reads {@code "..."} as a string too, and backslash escapes in both: {@code \'}, {@code \"},
     * {@code \\}, {@code \n}, {@code \t}, {@code \r}, {@code \b}, {@code \0}, {@code \Z}; {@code \%}
     * and {@code \_} keep their backslash (they are LIKE escapes); any other escaped character is itself.
     */
    static String standardLiteral(String token) {
        char q = token.charAt(0);
        if (token.length() < 2 || token.charAt(token.length() - 1) != q || q == '`'
                || q == '\'' && token.indexOf('\\') < 0) {
            return null;
        }
        String body = token.substring(1, token.length() - 1);
        StringBuilder value = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char e = body.charAt(++i);
                switch (e) {
                    case '0' -> value.append('\0');
                    case 'b' -> value.append('\b');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'Z' -> value.append('\u001A');
                    case '%', '_' -> value.append('\\').append(e);
                    default -> value.append(e);
                }
            } else if (c == q && i + 1 < body.length() && body.charAt(i + 1) == q) {
                value.append(q);
                i++;
            } else {
                value.append(c);
            }
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }

    /** End (exclusive) of a quoted string or identifier: doubled quotes and, in strings, backslashes escape. */
    private static int endOfQuoted(String sql, int open) {
        char q = sql.charAt(open);
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\\' && q != '`') {
                i += 2;
            } else if (c == q) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == q) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    private static Set<String> calciteReserved() {
        SqlAbstractParserImpl.Metadata metadata = MySqlParserImpl.FACTORY.getParser(new StringReader("")).getMetadata();
        Set<String> out = new HashSet<>();
        for (String token : metadata.getTokens()) {
            if (metadata.isReservedWord(token)) {
                out.add(token.toUpperCase(Locale.ROOT));
            }
        }
        return Set.copyOf(out);
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.removeAll(b);
        return Set.copyOf(out);
    }
}
