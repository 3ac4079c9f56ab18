package io.skyshard.sql.parser;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.sql.SqlErrorCode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.skyshard.sql.parser.impl.MySqlParserImpl;
import org.apache.calcite.config.Lex;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Calcite parser configured for the Qserv dialect: MySQL lexical rules (backticks, case-insensitive
 * names) and Calcite's grammar extended with MySQL's operators ({@code MySqlParserImpl}, generated
 * from {@code src/main/codegen}; see {@link MySqlOperators}).
 */
public final class QservSqlParser {
    private static final SqlParser.Config CONFIG = SqlParser.config()
            .withParserFactory(MySqlParserImpl.FACTORY)
            .withLex(Lex.MYSQL)
            .withConformance(SqlConformanceEnum.MYSQL_5);

    private static final java.util.Set<String> OTHER_STATEMENTS = java.util.Set.of("INSERT", "UPDATE", "DELETE",
            "CREATE", "DROP", "ALTER", "TRUNCATE", "REPLACE", "GRANT", "REVOKE", "RENAME", "LOAD", "SET", "USE",
            "SHOW", "CALL", "MERGE", "DESCRIBE", "DESC", "EXPLAIN", "KILL", "FLUSH", "LOCK", "UNLOCK", "HANDLER", "DO");

    /**
     * Longest statement accepted, in characters. Parsing and planning hold several objects per token
     * (a 8 MB IN list of 4 million values takes ~45 s and ~1 GB of heap), so a statement near the
     * MySQL packet limit (64 MB) could exhaust the czar's heap; this bound keeps one statement's cost
     * to seconds and a few hundred MB.
     */
    public static final int MAX_STATEMENT_CHARS = 4 * 1024 * 1024;

    private QservSqlParser() {
    }

    /** Parses exactly one statement; several statements are refused before anything runs. */
    public static SqlNode parseOne(String sql) {
        return parse(sql).statement();
    }

    /**
     * Parses exactly one statement after the MySQL lexical bridge ({@link PreParser}); positions in
     * error messages refer to the user's text, positions in the tree to the rewritten text (map them
     * with {@link ParsedQuery#positions()}).
     */
    public static ParsedQuery parse(String sql) {
        if (sql.length() > MAX_STATEMENT_CHARS) {
            throw new SkyshardException(SqlErrorCode.STATEMENT_TOO_LONG, "Statement too long: " + sql.length()
                    + " characters, at most " + MAX_STATEMENT_CHARS + " are accepted (for many values, load them as a table"
                    + " or split the query)");
        }
        if (isEmptyStatement(sql)) {
            throw new SkyshardException(SqlErrorCode.EMPTY_QUERY, "Query was empty");
        }
        NestingLimit.checkParentheses(sql);
        PreParser.Result pre = PreParser.rewrite(sql);
        PositionMap positions = pre.positions();
        SqlNodeList statements;
        try {
            statements = SqlParser.create(pre.text(), CONFIG).parseStmtList();
        } catch (StackOverflowError e) {
            throw NestingLimit.parserOverflow();
        } catch (SqlParseException e) {
            if (NestingLimit.isStackOverflow(e)) {
                // nesting without parentheses (NOT NOT NOT ..., - - - ...) exhausted the parser's stack
                throw NestingLimit.parserOverflow();
            }
            SqlParserPos pos = positions.toOriginal(e.getPos());
            String first = e.getMessage() == null ? "parse error" : e.getMessage().lines().findFirst().orElse("parse error");
            first = remapPositions(first, positions);
            String at = pos == null ? "" : " at line " + pos.getLineNum() + ", column " + pos.getColumnNum();
            // DDL and other statements Calcite's grammar lacks fail to parse: say what is wrong instead.
            String keyword = firstKeyword(sql, 0);
            if (OTHER_STATEMENTS.contains(keyword)) {
                throw new SkyshardException(SqlErrorCode.NOT_A_SELECT,
                        "Only SELECT statements are accepted, got " + keyword, e);
            }
            int semicolon = topLevelSemicolon(sql);
            if (semicolon >= 0 && !firstKeyword(sql, semicolon + 1).isEmpty()) {
                throw new SkyshardException(SqlErrorCode.NOT_A_SELECT,
                        "Only one SELECT statement is accepted per query; found another statement after ';'", e);
            }
            throw new SkyshardException(SqlErrorCode.SYNTAX_ERROR, "Syntax error" + at + ": " + first, e);
        } catch (RuntimeException e) {
            if (NestingLimit.isStackOverflow(e)) {
                throw NestingLimit.parserOverflow();
            }
            throw new SkyshardException(SqlErrorCode.SYNTAX_ERROR, "Syntax error: " + e.getMessage(), e);
        }
        if (statements.isEmpty()) {
            throw new SkyshardException(SqlErrorCode.EMPTY_QUERY, "Query was empty");
        }
        if (statements.size() > 1) {
            SqlParserPos pos = positions.toOriginal(statements.get(1).getParserPosition());
            throw new SkyshardException(SqlErrorCode.NOT_A_SELECT,
                    "Only one SELECT statement is accepted per query; found " + statements.size()
                            + " statements (second at line " + pos.getLineNum() + ", column " + pos.getColumnNum() + ")");
        }
        SqlNode statement = NestingLimit.rebalanceAndCheck(statements.get(0), positions);
        checkNumbers(statement, positions);
        return new ParsedQuery(statement, positions);
    }

    /**
     * Refuses approximate literals beyond the range of a double (1e999999), which would otherwise
     * become Infinity, as MySQL refuses them ("Illegal double ... value found during parsing").
     * The tree's depth is bounded by now, so the visitor's recursion is safe.
     */
    private static void checkNumbers(SqlNode statement, PositionMap positions) {
        statement.accept(new org.apache.calcite.sql.util.SqlBasicVisitor<Void>() {
            @Override
            public Void visit(org.apache.calcite.sql.SqlLiteral literal) {
                if (literal instanceof org.apache.calcite.sql.SqlNumericLiteral n && !n.isExact()) {
                    java.math.BigDecimal v = n.bigDecimalValue();
                    if (v != null && Double.isInfinite(v.doubleValue())) {
                        SqlParserPos pos = positions.toOriginal(n.getParserPosition());
                        throw new SkyshardException(SqlErrorCode.ILLEGAL_VALUE, "Illegal double '" + n.toValue()
                                + "' value found during parsing: out of the range of DOUBLE"
                                + (pos == null || pos.getLineNum() <= 0 ? ""
                                        : " (at line " + pos.getLineNum() + ", column " + pos.getColumnNum() + ")"));
                    }
                }
                return null;
            }
        });
    }

    /** Only whitespace, comments and semicolons: MySQL answers "Query was empty". */
    public static boolean isEmptyStatement(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == ';') {
                i++;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*' && !sql.startsWith("/*!", i)) {
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) {
                    return false; // unterminated: let the parser say where
                }
                i = end + 2;
            } else if (c == '#' || c == '-' && i + 2 < n && sql.charAt(i + 1) == '-' && Character.isWhitespace(sql.charAt(i + 2))
                    || c == '-' && i + 2 == n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else {
                return false;
            }
        }
        return true;
    }

    private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");

    /** Calcite's messages name positions in the rewritten text; rewrite them to the user's. */
    private static String remapPositions(String message, PositionMap positions) {
        Matcher m = POSITION.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int line = Integer.parseInt(m.group(1));
            int column = positions.startColumn(line, Integer.parseInt(m.group(2)));
            m.appendReplacement(out, "line " + line + ", column " + column);
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String firstKeyword(String sql, int from) {
        int i = from;
        while (i < sql.length() && (Character.isWhitespace(sql.charAt(i)) || sql.charAt(i) == '(' || sql.charAt(i) == ';')) {
            i++;
        }
        int start = i;
        while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toUpperCase(java.util.Locale.ROOT);
    }

    /** Offset of the first ';' outside quotes, or -1. */
    private static int topLevelSemicolon(String sql) {
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == ';') {
                return i;
            }
        }
        return -1;
    }
}
