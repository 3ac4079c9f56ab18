package io.skyshard.tap.schema;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.Catalog;
import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.Partitioning;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.tap.adql.AdqlCatalog;
import io.skyshard.tap.adql.TapColumn;
import io.skyshard.tap.adql.TapTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the TAP service publishes about the catalog: the tables ADQL may name (catalog tables and
 * TAP_SCHEMA itself), the foreign keys between them, and the rows of the TAP_SCHEMA 1.1 tables.
 * Built from a catalog snapshot; immutable.
 *
 * <p>Catalog tables appear under their database as schema ({@code demo.Object}). A column is
 * <em>indexed</em> when queries restricting it are pruned (director keys, director positions) and
 * <em>principal</em> when it identifies or places a row; replicated tables are small, so all their
 * columns are principal.
 */
public final class TapMetadata implements AdqlCatalog {
    public static final String TAP_SCHEMA = "TAP_SCHEMA";
    public static final String TAP_UPLOAD = "TAP_UPLOAD";

    /** A foreign key: {@code from.fromColumns} references {@code target.targetColumns}. */
    public record ForeignKey(String id, TapTable from, TapTable target, List<String> fromColumns,
            List<String> targetColumns, String description) {
    }

    private final List<DatabaseDef> databases;
    private final List<TapTable> catalogTables;
    private final List<TapTable> schemaTables;
    private final List<TapTable> uploads;
    private final List<ForeignKey> keys;

    private TapMetadata(List<DatabaseDef> databases, List<TapTable> catalogTables, List<TapTable> schemaTables,
            List<TapTable> uploads, List<ForeignKey> keys) {
        this.databases = List.copyOf(databases);
        this.catalogTables = List.copyOf(catalogTables);
        this.schemaTables = List.copyOf(schemaTables);
        this.uploads = List.copyOf(uploads);
        this.keys = List.copyOf(keys);
    }

    public static TapMetadata of(Catalog catalog) {
        requireNonNull(catalog, "catalog");
        List<DatabaseDef> databases = catalog.databases().stream()
                .filter(d -> !d.name().equalsIgnoreCase(TAP_SCHEMA) && !d.name().equalsIgnoreCase(TAP_UPLOAD))
                .sorted(Comparator.comparing(DatabaseDef::name)).toList();
        List<TapTable> tables = new ArrayList<>();
        for (DatabaseDef d : databases) {
            catalog.tables(d.name()).stream().sorted(Comparator.comparing(TableDef::name))
                    .forEach(t -> tables.add(catalogTable(t)));
        }
        List<TapTable> schemaTables = TapSchemaTables.tables();
        List<ForeignKey> keys = new ArrayList<>();
        for (TapTable t : tables) {
            TableDef def = t.definition();
            if (def.kind() == TableKind.CHILD && def.directorTable() != null && def.directorKey() != null) {
                tables.stream().filter(o -> o.schema().equals(t.schema()) && o.name().equalsIgnoreCase(def.directorTable()))
                        .findFirst().ifPresent(director -> keys.add(new ForeignKey(t.qualifiedName() + "_to_" + director.name(),
                                t, director, List.of(def.directorKey()), List.of(director.definition().directorKey()),
                                "rows of " + t.name() + " belong to a row of " + director.name())));
            }
        }
        keys.addAll(TapSchemaTables.keys(schemaTables));
        return new TapMetadata(databases, tables, schemaTables, List.of(), keys);
    }

    /** The same metadata with a request's uploads visible as {@code TAP_UPLOAD.name}. */
    public TapMetadata withUploads(List<TapTable> uploadTables) {
        return new TapMetadata(databases, catalogTables, schemaTables, uploadTables, keys);
    }

    private static TapTable catalogTable(TableDef t) {
        List<TapColumn> columns = new ArrayList<>();
        for (ColumnDef c : t.columns()) {
            boolean key = c.name().equalsIgnoreCase(t.directorKey() == null ? "" : t.directorKey());
            boolean position = t.kind() == TableKind.DIRECTOR
                    && (c.name().equalsIgnoreCase(nullToEmpty(t.raColumn())) || c.name().equalsIgnoreCase(nullToEmpty(t.decColumn())));
            boolean principal = key || position || t.kind() == TableKind.REPLICATED;
            columns.add(TapColumn.of(c, principal, key || position));
        }
        return new TapTable(t.database(), t.name(), TapTable.Source.CATALOG, describe(t), columns, t.database(), t.name(), t);
    }

    private static String describe(TableDef t) {
        if (t.description() != null && !t.description().isBlank()) {
            return t.description();
        }
        return switch (t.kind()) {
            case DIRECTOR -> "Partitioned by sky position (" + t.raColumn() + ", " + t.decColumn() + "); key " + t.directorKey();
            case CHILD -> "Rows belong to a row of " + t.directorTable() + " through " + t.directorKey()
                    + " and are stored with it";
            case MATCH -> "Pairs of rows of two director tables";
            case REPLICATED -> "Small table copied to every worker";
        };
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    public List<DatabaseDef> databases() {
        return databases;
    }

    public List<TapTable> catalogTables() {
        return catalogTables;
    }

    public List<TapTable> schemaTables() {
        return schemaTables;
    }

    public List<ForeignKey> keys() {
        return keys;
    }

    /** Catalog tables then TAP_SCHEMA tables: what /tables and TAP_SCHEMA.tables publish. */
    public List<TapTable> publishedTables() {
        List<TapTable> out = new ArrayList<>(schemaTables);
        out.addAll(catalogTables);
        return out;
    }

    /** Published schemas in order: TAP_SCHEMA, then each database. */
    public List<String> schemaNames() {
        List<String> out = new ArrayList<>();
        out.add(TAP_SCHEMA);
        databases.forEach(d -> out.add(d.name()));
        return out;
    }

    @Override
    public List<TapTable> tables() {
        List<TapTable> out = new ArrayList<>(publishedTables());
        out.addAll(uploads);
        return out;
    }

    @Override
    public String defaultDatabase() {
        return databases.isEmpty() ? null : databases.get(0).name();
    }

    /** The partitioning of a database, for upload tables joined into it. */
    public Partitioning partitioning(String database) {
        return databases.stream().filter(d -> d.name().equals(database)).map(DatabaseDef::partitioning).findFirst()
                .orElse(Partitioning.DEFAULT);
    }

    /** A catalog view of TAP_SCHEMA for the planner: its tables as replicated tables of database TAP_SCHEMA. */
    public static List<TableDef> tapSchemaDefinitions() {
        return TapSchemaTables.tables().stream().map(TapTable::definition).toList();
    }
}
