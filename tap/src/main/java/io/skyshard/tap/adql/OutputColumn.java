package io.skyshard.tap.adql;

import static java.util.Objects.requireNonNull;

/**
 * A column of a query's result as the client sees it: its name and the metadata carried over from
 * the catalog column it shows (or derived from the function computing it). The value type is the
 * one the query service reports when the query runs.
 *
 * @param name   unique within the result (FIELD name)
 * @param source the catalog column shown as is, or null for a computed value
 */
public record OutputColumn(String name, TapColumn source, String unit, String ucd, String description) {
    public OutputColumn {
        requireNonNull(name, "name");
    }

    public static OutputColumn of(String name, TapColumn source) {
        return new OutputColumn(name, source, source.unit(), source.ucd(), source.description());
    }

    public static OutputColumn computed(String name, String unit, String ucd, String description) {
        return new OutputColumn(name, null, unit, ucd, description);
    }
}
