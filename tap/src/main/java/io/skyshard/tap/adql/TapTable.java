package io.skyshard.tap.adql;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.TableDef;
import java.util.List;
import java.util.Optional;

/**
 * A table visible to ADQL: a catalog table, a TAP_SCHEMA table or an upload.
 *
 * @param schema      the ADQL schema ({@code demo}, {@code TAP_SCHEMA}, {@code TAP_UPLOAD})
 * @param name        the table name within it
 * @param source      where it lives, which decides how a query over it runs
 * @param sqlDatabase database of the table in the SQL given to the query service
 * @param sqlTable    table name in that SQL (the generated name of an upload)
 * @param definition  the catalog definition for catalog tables and uploads (position columns, kind), else null
 */
public record TapTable(String schema, String name, Source source, String description, List<TapColumn> columns,
        String sqlDatabase, String sqlTable, TableDef definition) {

    public enum Source { CATALOG, TAP_SCHEMA, UPLOAD }

    public TapTable {
        requireNonNull(schema, "schema");
        requireNonNull(name, "name");
        requireNonNull(source, "source");
        columns = List.copyOf(columns);
    }

    /** The name TAP_SCHEMA.tables.table_name shows and queries use: {@code schema.table}. */
    public String qualifiedName() {
        return schema + "." + name;
    }

    /**
     * Column lookup as ADQL names it: a delimited identifier ({@code "coord_ra"}) is case sensitive
     * and must match the spelling exactly; a regular one is case-insensitive (exact spelling first).
     */
    public Optional<TapColumn> column(String columnName, boolean delimited) {
        if (delimited) {
            return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
        }
        return column(columnName);
    }

    /** Column lookup for a regular (undelimited) name: exact spelling first, then ignoring case. */
    public Optional<TapColumn> column(String columnName) {
        for (TapColumn c : columns) {
            if (c.name().equals(columnName)) {
                return Optional.of(c);
            }
        }
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(columnName)).findFirst();
    }
}
