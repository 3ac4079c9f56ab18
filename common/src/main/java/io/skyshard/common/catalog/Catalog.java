package io.skyshard.common.catalog;

import java.util.List;
import java.util.Optional;

/** Read view of the catalog metadata. Name lookups are case-insensitive for tables, exact for databases. */
public interface Catalog {
    Optional<DatabaseDef> database(String name);

    Optional<TableDef> table(String database, String table);

    List<TableDef> tables(String database);

    List<DatabaseDef> databases();
}
