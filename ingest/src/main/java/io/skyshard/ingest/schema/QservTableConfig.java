package io.skyshard.ingest.schema;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A Qserv {@code ingest/<Table>.json}: {@code database}, {@code table}, {@code is_partitioned},
 * {@code director_table}, {@code director_key}, {@code latitude_key}, {@code longitude_key} and the
 * {@code schema} array of {@code {name, type}} with MySQL types.
 *
 * <p>Table kinds: not partitioned -> REPLICATED; partitioned without a director table -> DIRECTOR
 * (keyed by {@code director_key}, positioned by {@code longitude_key}/{@code latitude_key});
 * partitioned with a director table -> CHILD (its {@code director_key} column references the director's
 * key; child rows follow their director row; its own position columns, when given, place only the rows
 * whose director key has no director row, under {@code UnknownKeyPolicy.POSITION} as Qserv does); partitioned with
 * a second director ({@code director_table2}/{@code director_key2}, Qserv's match tables) -> MATCH,
 * whose {@code flag} column ingest fills with where each copy of a pair lives ({@code matchFlags},
 * added to the stored columns, when the configuration names none: see {@link TableDef}).
 *
 * <p>The schema comes from the {@code schema} array, or, for a request that carries a MySQL
 * {@code CREATE TABLE} statement instead ({@code ddl}), from that statement.
 *
 * <p>The {@code chunkId}/{@code subChunkId} columns that Qserv schemas declare for partitioned tables
 * are dropped from {@link #columns()}: Skyshard computes them ({@link TableDef#storedColumns()}).
 *
 * @param columns       declared columns, chunk columns of partitioned tables excluded
 * @param schemaColumns every column of the JSON schema, in order (what a pre-partitioned file holds)
 */
public record QservTableConfig(
        String database,
        String table,
        TableKind kind,
        List<ColumnDef> columns,
        List<ColumnDef> schemaColumns,
        String directorTable,
        String directorKey,
        String directorTable2,
        String directorKey2,
        String flagColumn,
        String latitudeKey,
        String longitudeKey,
        String source) {

    public QservTableConfig {
        requireNonNull(database, "database");
        requireNonNull(table, "table");
        requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
        schemaColumns = List.copyOf(schemaColumns);
    }

    public static QservTableConfig parse(Path file) {
        return parse(Json.readObject(file), null);
    }

    /**
     * Parses a table definition; {@code database} (nullable) is used when the document names none
     * (a REST request to a database's URL). A document without {@code schema} must have {@code ddl}.
     */
    public static QservTableConfig parse(Json.Node root, String database) {
        String file = root.file();
        if (database == null) {
            database = root.requiredText("database");
        } else if (root.text("database").filter(d -> !d.isBlank()).isPresent() && !root.text("database").get().equals(database)) {
            throw root.error("the table definition names database '" + root.text("database").get() + "', not '" + database + "'");
        }
        List<ColumnDef> ddlColumns = null;
        String ddlTable = null;
        Optional<String> ddl = root.text("ddl");
        if (root.get("schema").isEmpty() && ddl.isPresent()) {
            List<CreateTableParser.Table> parsed = CreateTableParser.parseAll(ddl.get(), file + " 'ddl'");
            if (parsed.size() != 1) {
                throw root.error("'ddl' must hold exactly one CREATE TABLE statement, found " + parsed.size());
            }
            ddlColumns = parsed.getFirst().columns();
            ddlTable = parsed.getFirst().name();
        } else if (root.get("schema").isPresent() && ddl.isPresent()) {
            throw root.error("give the columns either as 'schema' or as 'ddl', not both");
        }
        String table = ddlTable != null ? root.text("table").orElse(ddlTable) : root.requiredText("table");
        if (ddlTable != null && !ddlTable.equalsIgnoreCase(table)) {
            throw root.error("'table' is '" + table + "' but the CREATE TABLE statement creates '" + ddlTable + "'");
        }
        boolean partitioned = root.get("is_partitioned").map(Json.Node::asInt).orElse(0) != 0;
        String directorTable = blankToNull(root.text("director_table").orElse(null));
        String directorKey = blankToNull(root.text("director_key").orElse(null));
        String directorTable2 = blankToNull(root.text("director_table2").orElse(null));
        String directorKey2 = blankToNull(root.text("director_key2").orElse(null));
        String flag = blankToNull(root.text("flag").orElse(null));
        String lat = blankToNull(root.text("latitude_key").orElse(null));
        String lon = blankToNull(root.text("longitude_key").orElse(null));

        List<ColumnDef> schema = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Json.Node col : ddlColumns != null ? List.<Json.Node>of() : root.required("schema").elements()) {
            String name = col.requiredText("name").strip();
            String type = col.requiredText("type");
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw root.error("table " + table + ": column '" + name + "' declared twice in 'schema'");
            }
            try {
                schema.add(MySqlTypeParser.parse(name, type));
            } catch (SkyshardException e) {
                throw new SkyshardException(e.code(), file + ": table " + table + ": " + e.getMessage(), e);
            }
        }
        if (ddlColumns != null) {
            schema.addAll(ddlColumns);
        }
        if (schema.isEmpty()) {
            throw root.error("table " + table + ": 'schema' declares no column");
        }

        TableKind kind;
        if (!partitioned) {
            kind = TableKind.REPLICATED;
        } else if (directorTable2 != null || directorKey2 != null) {
            kind = TableKind.MATCH;
        } else if (directorTable != null && !directorTable.equalsIgnoreCase(table)) {
            kind = TableKind.CHILD;
        } else {
            kind = TableKind.DIRECTOR;
        }
        List<ColumnDef> columns = kind.isPartitioned()
                ? schema.stream().filter(c -> !isChunkColumn(c.name())).toList()
                : schema;
        QservTableConfig config = new QservTableConfig(database, table, kind, columns, schema,
                kind == TableKind.DIRECTOR ? null : directorTable, directorKey, directorTable2, directorKey2, flag, lat, lon,
                file);
        config.validate();
        return config;
    }

    private void validate() {
        switch (kind) {
            case DIRECTOR -> {
                requireKey(directorKey, "director_key", true);
                requirePosition(longitudeKey, "longitude_key");
                requirePosition(latitudeKey, "latitude_key");
            }
            case CHILD -> {
                requireKey(directorKey, "director_key", true);
                if (longitudeKey != null || latitudeKey != null) {
                    requirePosition(longitudeKey, "longitude_key");
                    requirePosition(latitudeKey, "latitude_key");
                }
            }
            case MATCH -> {
                requireKey(directorKey, "director_key", true);
                requireKey(directorKey2, "director_key2", true);
                if (directorTable == null || directorTable2 == null) {
                    throw error("a match table needs 'director_table' and 'director_table2'");
                }
                if (flagColumn != null) {
                    requireKey(flagColumn, "flag", true);
                }
            }
            case REPLICATED -> {
                // Nothing to check: any columns can be replicated.
            }
        }
    }

    private void requireKey(String column, String key, boolean integer) {
        if (column == null) {
            throw error("a " + kind.name().toLowerCase(Locale.ROOT) + " table needs '" + key + "'");
        }
        ColumnDef c = column(column, key);
        if (integer && !(c.type() == ColumnType.BIGINT || c.type() == ColumnType.INTEGER
                || c.type() == ColumnType.SMALLINT || c.type() == ColumnType.TINYINT)) {
            throw error("'" + key + "' column '" + column + "' is " + c.type() + "; director keys must be integers up to BIGINT");
        }
    }

    private void requirePosition(String column, String key) {
        if (column == null) {
            throw error("a " + kind.name().toLowerCase(Locale.ROOT) + " table needs '" + key + "'");
        }
        ColumnDef c = column(column, key);
        if (c.type() != ColumnType.DOUBLE && c.type() != ColumnType.FLOAT) {
            throw error("'" + key + "' column '" + column + "' is " + c.type() + ", expected DOUBLE or FLOAT degrees");
        }
    }

    private ColumnDef column(String column, String key) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(column)).findFirst()
                .orElseThrow(() -> error("'" + key + "' names column '" + column + "', which the schema does not declare"));
    }

    private SkyshardException error(String message) {
        return new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, source + ": table " + table + ": " + message);
    }

    /** The catalog table, in {@code databaseName} (Qserv's name unless the caller renames the database). */
    public TableDef toTableDef(String databaseName) {
        return switch (kind) {
            case DIRECTOR -> new TableDef(databaseName, table, kind, columns, directorKey, longitudeKey, latitudeKey, null);
            case CHILD -> new TableDef(databaseName, table, kind, columns, directorKey, longitudeKey, latitudeKey, directorTable);
            case MATCH -> TableDef.match(databaseName, table, columns, stripDatabase(directorTable), directorKey,
                    stripDatabase(directorTable2), directorKey2, flagColumn);
            case REPLICATED -> new TableDef(databaseName, table, kind, columns, null, null, null, null);
        };
    }

    public static boolean isChunkColumn(String name) {
        return name.equalsIgnoreCase(TableDef.CHUNK_ID) || name.equalsIgnoreCase(TableDef.SUB_CHUNK_ID);
    }

    /** Qserv names a second catalog's director as {@code db.table}; directors are looked up in the table's own database. */
    private static String stripDatabase(String table) {
        if (table == null) {
            return null;
        }
        int dot = table.lastIndexOf('.');
        return dot < 0 ? table : table.substring(dot + 1);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
