package io.skyshard.czar.frontend.mysql;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.error.CommonErrorCode;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.CzarErrorCode;
import io.skyshard.czar.query.QueryResult;
import io.skyshard.czar.query.ResultColumn;
import io.skyshard.czar.query.Session;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers the statements MySQL clients and connectors send on their own (session set-up, variable
 * probes, catalog browsing) so that they never reach the query service, which only runs catalog
 * queries. Observed on connect: the {@code mariadb} CLI sends {@code SELECT @@version_comment LIMIT 1};
 * MariaDB Connector/J 3.x sends {@code SET autocommit=1, sql_mode=..., session_track_schema=1} (and
 * {@code SELECT @@max_allowed_packet...} without the server's session tracking); tools add
 * {@code SHOW VARIABLES}, {@code SHOW DATABASES}, {@code USE db}, {@code SELECT DATABASE()}.
 *
 * <p>Text holding more than one statement is never answered here: it goes to the query service,
 * which refuses multi-statements with a proper error instead of silently running only the first.
 */
public final class ClientStatementInterceptor {
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final String IDENT = "(?:`((?:[^`]|``)+)`|([A-Za-z0-9_$]+))";
    private static final String LIKE = "'((?:[^'\\\\]|\\\\.|'')*)'";

    private static final Pattern SET = Pattern.compile("SET\\s.*", FLAGS);
    private static final Pattern TRANSACTION = Pattern.compile(
            "(?:BEGIN(?:\\s+WORK)?|COMMIT(?:\\s+WORK)?|ROLLBACK(?:\\s+WORK)?|START\\s+TRANSACTION(?:\\s+READ\\s+ONLY)?)", FLAGS);
    private static final Pattern USE = Pattern.compile("USE\\s+" + IDENT, FLAGS);
    private static final Pattern SHOW_DATABASES = Pattern.compile("SHOW\\s+(?:DATABASES|SCHEMAS)(?:\\s+LIKE\\s+" + LIKE + ")?", FLAGS);
    private static final Pattern SHOW_TABLES = Pattern.compile(
            "SHOW\\s+(FULL\\s+)?TABLES(?:\\s+(?:FROM|IN)\\s+" + IDENT + ")?(?:\\s+LIKE\\s+" + LIKE + ")?", FLAGS);
    private static final Pattern SHOW_VARIABLES = Pattern.compile(
            "SHOW\\s+(?:GLOBAL\\s+|SESSION\\s+|LOCAL\\s+)?VARIABLES(?:\\s+LIKE\\s+" + LIKE + "|\\s+WHERE\\s+(.*))?", FLAGS);
    private static final Pattern SHOW_WARNINGS = Pattern.compile("SHOW\\s+(?:WARNINGS|ERRORS)(?:\\s+LIMIT\\s+[0-9\\s,]+)?", FLAGS);
    private static final Pattern SELECT = Pattern.compile("SELECT\\s+(.*?)(?:\\s+LIMIT\\s+(?:(\\d+)\\s*,\\s*)?(\\d+))?", FLAGS);
    private static final Pattern SELECT_ITEM = Pattern.compile(
            "(@@(?:(?:global|session|local)\\.)?([A-Za-z0-9_]+)|([A-Za-z_]+)\\s*\\(\\s*\\))(?:\\s+(?:AS\\s+)?(?:" + IDENT + "|'([^']*)'|\"([^\"]*)\"))?", FLAGS);
    private static final Pattern WHERE_NAME = Pattern.compile("Variable_name\\s*(?:=|LIKE)\\s*'([^']*)'", FLAGS);
    private static final Pattern WHERE_IN = Pattern.compile("Variable_name\\s+IN\\s*\\(([^)]*)\\)", FLAGS);

    private final CatalogView catalog;
    private final Map<String, Object> variables;

    public ClientStatementInterceptor(CatalogView catalog, String serverVersion, long maxAllowedPacket) {
        this.catalog = requireNonNull(catalog, "catalog");
        requireNonNull(serverVersion, "serverVersion");
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("auto_increment_increment", 1L);
        vars.put("autocommit", 1L);
        vars.put("character_set_client", "utf8mb4");
        vars.put("character_set_connection", "utf8mb4");
        vars.put("character_set_database", "utf8mb4");
        vars.put("character_set_results", "utf8mb4");
        vars.put("character_set_server", "utf8mb4");
        vars.put("character_set_system", "utf8mb3");
        vars.put("collation_connection", "utf8mb4_general_ci");
        vars.put("collation_database", "utf8mb4_general_ci");
        vars.put("collation_server", "utf8mb4_general_ci");
        vars.put("have_ssl", "DISABLED");
        vars.put("init_connect", "");
        vars.put("interactive_timeout", 28800L);
        vars.put("lower_case_table_names", 0L);
        vars.put("max_allowed_packet", maxAllowedPacket);
        vars.put("net_buffer_length", 16384L);
        vars.put("net_read_timeout", 30L);
        vars.put("net_write_timeout", 60L);
        vars.put("performance_schema", 0L);
        vars.put("query_cache_size", 0L);
        vars.put("query_cache_type", "OFF");
        vars.put("sql_mode", "STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION");
        vars.put("system_time_zone", "UTC");
        vars.put("time_zone", "+00:00");
        vars.put("transaction_isolation", "REPEATABLE-READ");
        vars.put("transaction_read_only", 0L);
        vars.put("tx_isolation", "REPEATABLE-READ");
        vars.put("tx_read_only", 0L);
        vars.put("version", serverVersion);
        vars.put("version_comment", "Skyshard");
        vars.put("wait_timeout", 28800L);
        this.variables = java.util.Collections.unmodifiableMap(vars);
    }

    /**
     * The answer to {@code sql} when it is client boilerplate, empty when it must go to the query
     * service. {@code USE db} changes the session. Throws {@link SkyshardException} for an unknown
     * database or when no database is selected for SHOW TABLES.
     */
    public Optional<QueryResult> intercept(String sql, Session session, long connectionId) {
        String text = normalize(sql);
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        Matcher m;
        if (SET.matcher(text).matches() || TRANSACTION.matcher(text).matches()) {
            return Optional.of(StaticResult.ok());
        }
        if ((m = USE.matcher(text)).matches()) {
            String db = ident(m, 1);
            useDatabase(session, db);
            return Optional.of(StaticResult.ok());
        }
        if ((m = SHOW_DATABASES.matcher(text)).matches()) {
            Pattern like = likePattern(m.group(1));
            List<List<Object>> rows = new ArrayList<>();
            for (String db : catalog.listDatabases()) {
                if (like == null || like.matcher(db).matches()) {
                    rows.add(List.of(db));
                }
            }
            return Optional.of(new StaticResult(List.of(varchar("Database")), rows, ""));
        }
        if ((m = SHOW_TABLES.matcher(text)).matches()) {
            boolean full = m.group(1) != null;
            String db = m.group(2) != null || m.group(3) != null ? ident(m, 2) : session.database();
            if (db == null) {
                throw new SkyshardException(CzarErrorCode.NO_DATABASE_SELECTED, "No database selected");
            }
            if (!catalog.databaseExists(db)) {
                throw unknownDatabase(db);
            }
            Pattern like = likePattern(m.group(4));
            // MySQL names the column after the pattern too: "Tables_in_db (Deep%)".
            String name = "Tables_in_" + db + (m.group(4) != null ? " (" + m.group(4) + ")" : "");
            List<ResultColumn> columns = full ? List.of(varchar(name), varchar("Table_type")) : List.of(varchar(name));
            List<List<Object>> rows = new ArrayList<>();
            for (String table : catalog.listTables(db)) {
                if (like == null || like.matcher(table).matches()) {
                    rows.add(full ? List.of(table, catalog.isView(db, table) ? "VIEW" : "BASE TABLE") : List.of(table));
                }
            }
            return Optional.of(new StaticResult(columns, rows, ""));
        }
        if ((m = SHOW_VARIABLES.matcher(text)).matches()) {
            return Optional.of(showVariables(m.group(1), m.group(2)));
        }
        if (SHOW_WARNINGS.matcher(text).matches()) {
            return Optional.of(new StaticResult(
                    List.of(varchar("Level"), new ResultColumn("Code", ColumnType.INTEGER, 4, 0), varchar("Message")),
                    List.of(), ""));
        }
        if ((m = SELECT.matcher(text)).matches()) {
            return selectSystemValues(m, session, connectionId);
        }
        return Optional.empty();
    }

    private void useDatabase(Session session, String db) {
        if (!catalog.databaseExists(db)) {
            throw unknownDatabase(db);
        }
        session.useDatabase(db);
    }

    static SkyshardException unknownDatabase(String db) {
        return new SkyshardException(CommonErrorCode.UNKNOWN_DATABASE, "Unknown database '" + db + "'");
    }

    private QueryResult showVariables(String like, String where) {
        Pattern likePattern = likePattern(like);
        List<String> whereNames = where == null ? null : whereNames(where);
        List<List<Object>> rows = new ArrayList<>();
        for (Map.Entry<String, Object> e : variables.entrySet()) {
            String name = e.getKey();
            if (likePattern != null && !likePattern.matcher(name).matches()) {
                continue;
            }
            if (whereNames != null && whereNames.stream().noneMatch(p -> likePattern(p).matcher(name).matches())) {
                continue;
            }
            rows.add(List.of(name, TextValueFormatter.formatText(e.getValue())));
        }
        return new StaticResult(List.of(varchar("Variable_name"), varchar("Value")), rows, "");
    }

    /** Variable names named in the simple WHERE clauses connectors use; all variables when none is recognised. */
    private static List<String> whereNames(String where) {
        List<String> names = new ArrayList<>();
        Matcher m = WHERE_NAME.matcher(where);
        while (m.find()) {
            names.add(m.group(1));
        }
        Matcher in = WHERE_IN.matcher(where);
        while (in.find()) {
            for (String part : in.group(1).split(",")) {
                String p = part.trim();
                if (p.length() >= 2 && p.startsWith("'") && p.endsWith("'")) {
                    names.add(p.substring(1, p.length() - 1));
                }
            }
        }
        return names.isEmpty() ? null : names;
    }

    private Optional<QueryResult> selectSystemValues(Matcher select, Session session, long connectionId) {
        List<String> items = splitTopLevel(select.group(1));
        List<ResultColumn> columns = new ArrayList<>();
        List<Object> row = new ArrayList<>();
        for (String item : items) {
            Matcher m = SELECT_ITEM.matcher(item.trim());
            if (!m.matches()) {
                return Optional.empty();
            }
            Object value;
            if (m.group(2) != null) {
                value = variables.get(m.group(2).toLowerCase(Locale.ROOT));
            } else {
                String function = m.group(3).toUpperCase(Locale.ROOT);
                value = switch (function) {
                    case "DATABASE", "SCHEMA" -> session.database();
                    case "USER", "SESSION_USER", "SYSTEM_USER", "CURRENT_USER" -> session.user() + "@%";
                    case "VERSION" -> variables.get("version");
                    case "CONNECTION_ID" -> connectionId;
                    case "LAST_INSERT_ID", "ROW_COUNT", "FOUND_ROWS" -> 0L;
                    default -> NOT_HANDLED;
                };
                if (value == NOT_HANDLED) {
                    return Optional.empty();
                }
            }
            String alias = firstNonNull(m.group(4) == null ? null : m.group(4).replace("``", "`"), m.group(5), m.group(6), m.group(7));
            String name = alias != null ? alias : m.group(1);
            ColumnType type = value instanceof Long ? ColumnType.BIGINT : ColumnType.VARCHAR;
            columns.add(new ResultColumn(name, type, type == ColumnType.BIGINT ? 20 : 255, 0));
            row.add(value);
        }
        boolean limitZero = select.group(3) != null && Long.parseLong(select.group(3)) == 0
                || select.group(2) != null && Long.parseLong(select.group(2)) > 0;
        return Optional.of(new StaticResult(columns, limitZero ? List.of() : List.of(row), ""));
    }

    private static final Object NOT_HANDLED = new Object();

    private static String firstNonNull(String... values) {
        return Arrays.stream(values).filter(v -> v != null).findFirst().orElse(null);
    }

    private static String ident(Matcher m, int group) {
        return m.group(group) != null ? m.group(group).replace("``", "`") : m.group(group + 1);
    }

    private static ResultColumn varchar(String name) {
        return new ResultColumn(name, ColumnType.VARCHAR, 255, 0);
    }

    /** A SQL LIKE pattern as a case-insensitive regex; null for null. */
    public static Pattern likePattern(String like) {
        if (like == null) {
            return null;
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == '\\' && i + 1 < like.length()) {
                regex.append(Pattern.quote(String.valueOf(like.charAt(++i))));
            } else if (c == '\'' && i + 1 < like.length() && like.charAt(i + 1) == '\'') {
                regex.append('\'');
                i++;
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), FLAGS);
    }

    /** Splits a select list at commas outside parentheses and quotes. */
    private static List<String> splitTopLevel(String list) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(list.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(list.substring(start));
        return parts;
    }

    /**
     * Drops leading comments, surrounding blanks and trailing semicolons; null when the text holds
     * more than one statement (an unquoted ';' before the end).
     */
    public static String normalize(String sql) {
        String s = sql.strip();
        while (true) {
            if (s.startsWith("/*") && !s.startsWith("/*!")) {
                int end = s.indexOf("*/", 2);
                if (end < 0) {
                    return null;
                }
                s = s.substring(end + 2).strip();
            } else if (s.startsWith("--") || s.startsWith("#")) {
                int end = s.indexOf('\n');
                s = end < 0 ? "" : s.substring(end + 1).strip();
            } else {
                break;
            }
        }
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote != '`') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == ';') {
                return null;
            }
        }
        return s;
    }
}
