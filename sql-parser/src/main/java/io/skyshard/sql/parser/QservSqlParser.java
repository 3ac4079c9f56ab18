package io.skyshard.sql.parser;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.sql.SqlErrorCode;
import org.apache.calcite.config.Lex;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/** Calcite parser configured for the Qserv dialect: MySQL lexical rules (backticks, case-insensitive names). */
public final class QservSqlParser {
    private static final SqlParser.Config CONFIG = SqlParser.config()
            .withLex(Lex.MYSQL)
            .withConformance(SqlConformanceEnum.MYSQL_5);

    private static final java.util.Set<String> OTHER_STATEMENTS = java.util.Set.of("INSERT", "UPDATE", "DELETE",
            "CREATE", "DROP", "ALTER", "TRUNCATE", "REPLACE", "GRANT", "REVOKE", "RENAME", "LOAD", "SET", "USE",
            "SHOW", "CALL", "MERGE", "DESCRIBE", "DESC", "EXPLAIN", "KILL", "FLUSH", "LOCK", "UNLOCK", "HANDLER", "DO");

    private QservSqlParser() {
    }

    /** Parses exactly one statement; several statements are refused before anything runs. */
    public static SqlNode parseOne(String sql) {
        SqlNodeList statements;
        try {
            statements = SqlParser.create(sql, CONFIG).parseStmtList();
        } catch (SqlParseException e) {
            SqlParserPos pos = e.getPos();
            String first = e.getMessage() == null ? "parse error" : e.getMessage().lines().findFirst().orElse("parse error");
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
            throw new SkyshardException(SqlErrorCode.SYNTAX_ERROR, "Syntax error: " + e.getMessage(), e);
        }
        if (statements.isEmpty()) {
            throw new SkyshardException(SqlErrorCode.NOT_A_SELECT, "Empty query: expected one SELECT statement");
        }
        if (statements.size() > 1) {
            SqlParserPos pos = statements.get(1).getParserPosition();
            throw new SkyshardException(SqlErrorCode.NOT_A_SELECT,
                    "Only one SELECT statement is accepted per query; found " + statements.size()
                            + " statements (second at line " + pos.getLineNum() + ", column " + pos.getColumnNum() + ")");
        }
        return statements.get(0);
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
