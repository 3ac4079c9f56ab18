package io.skyshard.czar.query;

import io.skyshard.czar.frontend.mysql.ClientStatementInterceptor;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Qserv's query management statements, recognised before SQL planning:
 * <pre>
 *   SUBMIT &lt;select&gt;                          run in the background, return its id at once
 *   SELECT * FROM qserv_result(&lt;id&gt;)           the stored result of a submitted query
 *   CALL qserv_result_delete(&lt;id&gt;)             drop it
 *   SHOW [FULL] PROCESSLIST                      the queries of this czar
 *   SELECT ... FROM information_schema.processlist | information_schema.queries ...
 *   KILL [QUERY | CONNECTION] &lt;id&gt;             cancel query id, or what runs on connection id
 *   CANCEL &lt;id&gt;                               cancel query id
 *   SHOW [FULL] COLUMNS|FIELDS FROM t [FROM db] [LIKE 'p'],  DESCRIBE|DESC t [column|'p']
 * </pre>
 */
sealed interface ManagementStatement {
    int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    Pattern SUBMIT = Pattern.compile("SUBMIT\\s+(.+)", FLAGS);
    Pattern RESULT = Pattern.compile("SELECT\\s+\\*\\s+FROM\\s+qserv_result\\s*\\(\\s*(\\d+)\\s*\\)", FLAGS);
    Pattern RESULT_DELETE = Pattern.compile("CALL\\s+qserv_result_delete\\s*\\(\\s*(\\d+)\\s*\\)", FLAGS);
    Pattern PROCESSLIST = Pattern.compile("SHOW\\s+(FULL\\s+)?PROCESSLIST", FLAGS);
    Pattern KILL = Pattern.compile("KILL\\s+(?:(QUERY|CONNECTION)\\s+)?(\\d+)", FLAGS);
    Pattern CANCEL = Pattern.compile("CANCEL\\s+(\\d+)", FLAGS);
    String IDENT = "(?:`((?:[^`]|``)+)`|([A-Za-z0-9_$]+))";
    String LIKE = "'((?:[^'\\\\]|\\\\.|'')*)'";
    Pattern SHOW_COLUMNS = Pattern.compile("SHOW\\s+(FULL\\s+)?(?:COLUMNS|FIELDS)\\s+(?:FROM|IN)\\s+" + IDENT
            + "(?:\\s*\\.\\s*" + IDENT + ")?(?:\\s+(?:FROM|IN)\\s+" + IDENT + ")?(?:\\s+LIKE\\s+" + LIKE + "|\\s+WHERE\\s+(.+))?", FLAGS);
    Pattern DESCRIBE = Pattern.compile("(?:DESCRIBE|DESC)\\s+" + IDENT + "(?:\\s*\\.\\s*" + IDENT + ")?(?:\\s+(?:"
            + IDENT + "|" + LIKE + "))?", FLAGS);
    /** A SELECT reading one of the system tables (the only FROM item). */
    Pattern SYSTEM_TABLE = Pattern.compile("SELECT\\s.*?\\sFROM\\s+(information_schema\\s*\\.\\s*(processlist|queries))\\b(.*)",
            FLAGS);

    record Submit(String sql) implements ManagementStatement {
    }

    record Result(long queryId) implements ManagementStatement {
    }

    record DeleteResult(long queryId) implements ManagementStatement {
    }

    record ShowProcessList(boolean full) implements ManagementStatement {
    }

    /** @param connection KILL CONNECTION/QUERY named a connection (thread) id explicitly */
    record Kill(long id, boolean connection) implements ManagementStatement {
    }

    record Cancel(long queryId) implements ManagementStatement {
    }

    /**
     * SHOW COLUMNS / DESCRIBE.
     *
     * @param database the named database, null for the session's
     * @param like     a LIKE pattern for the column names, null for all
     * @param where    the condition of {@code SHOW COLUMNS ... WHERE}, null for none
     */
    record ShowColumns(boolean full, String database, String table, String like, String where) implements ManagementStatement {
    }

    /**
     * A query over a system table.
     *
     * @param sql   the user's statement with the table reference written as
     *              {@code skyshard_system.<table>} (see {@link SystemTables})
     * @param table processlist or queries
     */
    record SystemTable(String sql, String table) implements ManagementStatement {
    }

    /** The management statement {@code sql} is, if any. */
    static Optional<ManagementStatement> parse(String sql) {
        String text = ClientStatementInterceptor.normalize(sql);
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        Matcher m;
        if ((m = SUBMIT.matcher(text)).matches()) {
            return Optional.of(new Submit(m.group(1)));
        }
        if ((m = RESULT.matcher(text)).matches()) {
            return Optional.of(new Result(Long.parseLong(m.group(1))));
        }
        if ((m = RESULT_DELETE.matcher(text)).matches()) {
            return Optional.of(new DeleteResult(Long.parseLong(m.group(1))));
        }
        if ((m = PROCESSLIST.matcher(text)).matches()) {
            return Optional.of(new ShowProcessList(m.group(1) != null));
        }
        if ((m = KILL.matcher(text)).matches()) {
            return Optional.of(new Kill(Long.parseLong(m.group(2)), m.group(1) != null));
        }
        if ((m = CANCEL.matcher(text)).matches()) {
            return Optional.of(new Cancel(Long.parseLong(m.group(1))));
        }
        if ((m = SHOW_COLUMNS.matcher(text)).matches()) {
            String first = ident(m, 2);
            String second = ident(m, 4);
            String database = m.group(6) != null || m.group(7) != null ? ident(m, 6) : second != null ? first : null;
            return Optional.of(new ShowColumns(m.group(1) != null, database, second != null ? second : first, m.group(8),
                    m.group(9)));
        }
        if ((m = DESCRIBE.matcher(text)).matches()) {
            String first = ident(m, 1);
            String second = ident(m, 3);
            String column = ident(m, 5);
            String like = column != null ? column : m.group(7); // a column name may hold % and _ wildcards
            return Optional.of(new ShowColumns(false, second != null ? first : null, second != null ? second : first, like, null));
        }
        if ((m = SYSTEM_TABLE.matcher(text)).matches()) {
            String table = m.group(2).toLowerCase(Locale.ROOT);
            String replaced = text.substring(0, m.start(1)) + SystemTables.DATABASE + "." + table + text.substring(m.end(1));
            return Optional.of(new SystemTable(replaced, table));
        }
        return Optional.empty();
    }

    /** The identifier of IDENT groups {@code g} (back-quoted) and {@code g + 1} (bare), null when absent. */
    private static String ident(Matcher m, int g) {
        if (m.group(g) != null) {
            return m.group(g).replace("``", "`");
        }
        return m.group(g + 1);
    }
}
