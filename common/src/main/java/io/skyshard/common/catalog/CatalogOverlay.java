package io.skyshard.common.catalog;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A catalog with extra databases and tables laid over another one, for one query: e.g. a TAP
 * upload presented to the planner as a replicated table, or TAP_SCHEMA. Extra entries hide base
 * entries of the same name.
 */
public final class CatalogOverlay implements Catalog {
    private final Catalog base;
    private final List<DatabaseDef> databases;
    private final List<TableDef> tables;

    public CatalogOverlay(Catalog base, List<DatabaseDef> databases, List<TableDef> tables) {
        this.base = requireNonNull(base, "base");
        this.databases = List.copyOf(databases);
        this.tables = List.copyOf(tables);
    }

    @Override
    public Optional<DatabaseDef> database(String name) {
        for (DatabaseDef d : databases) {
            if (d.name().equals(name)) {
                return Optional.of(d);
            }
        }
        return base.database(name);
    }

    @Override
    public Optional<TableDef> table(String database, String table) {
        for (TableDef t : tables) {
            if (t.database().equals(database) && t.name().equalsIgnoreCase(table)) {
                return Optional.of(t);
            }
        }
        return base.table(database, table);
    }

    @Override
    public List<TableDef> tables(String database) {
        List<TableDef> out = new ArrayList<>();
        for (TableDef t : tables) {
            if (t.database().equals(database)) {
                out.add(t);
            }
        }
        for (TableDef t : base.tables(database)) {
            if (out.stream().noneMatch(o -> o.name().equalsIgnoreCase(t.name()))) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public List<DatabaseDef> databases() {
        List<DatabaseDef> out = new ArrayList<>(databases);
        for (DatabaseDef d : base.databases()) {
            if (out.stream().noneMatch(o -> o.name().equals(d.name()))) {
                out.add(d);
            }
        }
        return out;
    }
}
