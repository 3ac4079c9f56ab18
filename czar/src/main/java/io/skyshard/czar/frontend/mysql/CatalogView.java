package io.skyshard.czar.frontend.mysql;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the MySQL front end needs to know about the catalog to answer {@code SHOW DATABASES},
 * {@code SHOW TABLES} and {@code USE db} itself (clients send these while connecting and browsing).
 */
public record CatalogView(Supplier<List<String>> databases, Function<String, List<String>> tables,
        Function<String, Set<String>> views) {
    public CatalogView {
        requireNonNull(databases, "databases");
        requireNonNull(tables, "tables");
        requireNonNull(views, "views");
    }

    /** A catalog without views. */
    public CatalogView(Supplier<List<String>> databases, Function<String, List<String>> tables) {
        this(databases, tables, db -> Set.of());
    }

    /** A catalog without databases: every USE fails, SHOW DATABASES is empty. */
    public static CatalogView empty() {
        return new CatalogView(List::of, db -> List.of());
    }

    /** Whether {@code name} (one of {@link #listTables}) is a view: SHOW FULL TABLES says VIEW. */
    public boolean isView(String database, String name) {
        return views.apply(database).contains(name);
    }

    public List<String> listDatabases() {
        return databases.get();
    }

    public List<String> listTables(String database) {
        return tables.apply(database);
    }

    public boolean databaseExists(String database) {
        return database != null && databases.get().contains(database);
    }
}
