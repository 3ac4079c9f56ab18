package io.skyshard.tap.adql;

import java.util.ArrayList;
import java.util.List;

/** The tables an ADQL query may name: catalog tables, TAP_SCHEMA and the request's uploads. */
public interface AdqlCatalog {
    List<TapTable> tables();

    /** The database that upload tables join when the query names no catalog table. */
    String defaultDatabase();

    /**
     * Tables matching {@code schema.name} ({@code schema} null: any schema); names compare
     * exactly first, then case-insensitively.
     */
    default List<TapTable> find(String schema, String name) {
        return find(schema, false, name, false);
    }

    /**
     * Tables matching {@code schema.name} as ADQL compares names: a delimited part ({@code "Object"})
     * is case sensitive and must match exactly; a regular part is case-insensitive, the exact
     * spelling winning over other cases.
     */
    default List<TapTable> find(String schema, boolean schemaDelimited, String name, boolean nameDelimited) {
        List<TapTable> exact = new ArrayList<>();
        List<TapTable> loose = new ArrayList<>();
        for (TapTable t : tables()) {
            boolean schemaExact = schema == null || t.schema().equals(schema);
            boolean schemaLoose = schema == null || !schemaDelimited && t.schema().equalsIgnoreCase(schema);
            if (schemaExact && t.name().equals(name)) {
                exact.add(t);
            } else if (schemaLoose && !nameDelimited && t.name().equalsIgnoreCase(name)
                    || schemaLoose && t.name().equals(name)) {
                loose.add(t);
            }
        }
        return exact.isEmpty() ? loose : exact;
    }
}
