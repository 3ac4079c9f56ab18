package io.skyshard.common.sql;

import io.skyshard.common.error.CommonErrorCode;
import io.skyshard.common.error.SkyshardException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The sciSQL functions of the Qserv dialect as DuckDB macro definitions. Workers and the czar run
 * the same statements on their DuckDB databases so that a function evaluated on a worker and at
 * the merge gives the same value.
 */
public final class DuckDbFunctions {
    public static final String RESOURCE = "/io/skyshard/common/sql/duckdb-functions.sql";

    private static final List<String> STATEMENTS = load();

    private DuckDbFunctions() {
    }

    /** The {@code CREATE OR REPLACE MACRO} statements, without trailing semicolons. */
    public static List<String> statements() {
        return STATEMENTS;
    }

    private static List<String> load() {
        try (InputStream in = DuckDbFunctions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new SkyshardException(CommonErrorCode.INTERNAL_ERROR, "resource " + RESOURCE + " is missing from the classpath");
            }
            return split(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SkyshardException(CommonErrorCode.INTERNAL_ERROR, "cannot read resource " + RESOURCE + ": " + e.getMessage(), e);
        }
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
