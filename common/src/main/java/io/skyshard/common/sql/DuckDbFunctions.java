package io.skyshard.common.sql;

import io.skyshard.common.error.CommonErrorCode;
import io.skyshard.common.error.SkyshardException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sciSQL functions of the Qserv dialect as DuckDB macro definitions. Workers and the czar run
 * the same statements on their DuckDB databases so that a function evaluated on a worker and at
 * the merge gives the same value.
 */
public final class DuckDbFunctions {
    public static final String RESOURCE = "/io/skyshard/common/sql/duckdb-functions.sql";
    /** Internal macros of near-neighbour join plans: loaded everywhere, never on the user's allow-list. */
    public static final String INTERNAL_RESOURCE = "/io/skyshard/common/sql/near-neighbour.sql";

    private static final List<String> USER_STATEMENTS = load(RESOURCE);
    private static final List<String> STATEMENTS = concat(USER_STATEMENTS, load(INTERNAL_RESOURCE));
    private static final Pattern MACRO = Pattern.compile(
            "^CREATE\\s+(?:OR\\s+REPLACE\\s+)?MACRO\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*\\(([^)]*)\\)", Pattern.CASE_INSENSITIVE);
    private static final Map<String, Integer> MACRO_ARITIES = arities(USER_STATEMENTS);

    private DuckDbFunctions() {
    }

    /** The {@code CREATE OR REPLACE MACRO} statements (sciSQL and internal), without trailing semicolons. */
    public static List<String> statements() {
        return STATEMENTS;
    }

    /**
     * Name -> number of parameters of every sciSQL macro, names spelled as in the file (SQL layers use
     * this as the allow-list of sciSQL functions, so it cannot drift from it). Internal macros are not
     * listed: user SQL cannot call them.
     */
    public static Map<String, Integer> macroNames() {
        return MACRO_ARITIES;
    }

    static Map<String, Integer> arities(List<String> statements) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String statement : statements) {
            Matcher m = MACRO.matcher(statement);
            if (m.find()) {
                String params = m.group(2).strip();
                out.put(m.group(1), params.isEmpty() ? 0 : params.split(",").length);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static List<String> load(String resource) {
        try (InputStream in = DuckDbFunctions.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new SkyshardException(CommonErrorCode.INTERNAL_ERROR, "resource " + resource + " is missing from the classpath");
            }
            return split(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SkyshardException(CommonErrorCode.INTERNAL_ERROR, "cannot read resource " + resource + ": " + e.getMessage(), e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    /** Splits on semicolons that end a line; the file keeps semicolons out of string literals. */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                out.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(trimmed).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return List.copyOf(out);
    }
}
