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
        List<TapTable> exact = new ArrayList<>();
        List<TapTable> loose = new ArrayList<>();
        for (TapTable t : tables()) {
            boolean schemaExact = schema == null || t.schema().equals(schema);
            boolean schemaLoose = schema == null || t.schema().equalsIgnoreCase(schema);
            if (schemaExact && t.name().equals(name)) {
                exact.add(t);
            } else if (schemaLoose && t.name().equalsIgnoreCase(name)) {
                loose.add(t);
            }
        }
        return exact.isEmpty() ? loose : exact;
    }
}
