package io.skyshard.common.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A table of the catalog. For partitioned tables the stored columns are {@link #columns()} followed by
 * the two hidden-but-queryable columns {@code chunkId} and {@code subChunkId} (as in Qserv).
 *
 * <p><b>Match tables</b> (Qserv's "ref-match" tables) hold pairs of rows of two director tables, e.g.
 * {@code RefObjMatch(refObjectId, objectId, angSep)} between {@code RefObject} and {@code Object}. A
 * match row is stored in the chunk of each of its two director rows: once when both lie in the same
 * chunk, twice otherwise. Its {@link #flagColumn()} (stored, added to {@link #storedColumns()} when
 * the schema does not declare it) says which: bit 0 set when the row's chunk is the first director
 * row's chunk, bit 1 when it is the second's. Matched rows must lie within the database's overlap of
 * each other, so that a join through the match table finds the other director row in the chunk or
 * its overlap table. A query over the match table alone keeps one copy of each row with
 * {@code firstKey IS NULL OR flag <> 2}.
 *
 * @param directorKey   director: its unique key; child: the column referencing the director key; match:
 *                      the column referencing the first director's key; else null
 * @param raColumn      director: longitude column in degrees; child: optionally its own longitude column, used
 *                      only to place rows whose director key has no director row (queries never prune by it,
 *                      since child rows live in their director row's chunk); else null
 * @param decColumn     director: latitude column in degrees; child: optionally its own latitude column (as
 *                      raColumn); else null
 * @param directorTable child: the director table's name; match: the first director table; else null
 * @param directorTable2 match: the second director table; else null
 * @param directorKey2  match: the column referencing the second director's key; else null
 * @param flagColumn    match: the partitioning flag column (see above); else null
 * @param description   free text shown by TAP clients (TAP_SCHEMA, VOSI tables); null if none
 */
public record TableDef(
        String database,
        String name,
        TableKind kind,
        List<ColumnDef> columns,
        String directorKey,
        String raColumn,
        String decColumn,
        String directorTable,
        String directorTable2,
        String directorKey2,
        String flagColumn,
        String description) {

    public static final String CHUNK_ID = "chunkId";
    public static final String SUB_CHUNK_ID = "subChunkId";
    /** Flag column of a match table whose configuration names none. */
    public static final String DEFAULT_MATCH_FLAG = "matchFlags";

    public TableDef {
        requireNonNull(database, "database");
        requireNonNull(name, "name");
        requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
        if (kind == TableKind.MATCH && flagColumn == null) {
            flagColumn = DEFAULT_MATCH_FLAG;
        }
    }

    /** A director, child or replicated table (no second director), without a description. */
    public TableDef(String database, String name, TableKind kind, List<ColumnDef> columns, String directorKey,
            String raColumn, String decColumn, String directorTable) {
        this(database, name, kind, columns, directorKey, raColumn, decColumn, directorTable, null, null, null, null);
    }

    /** A director, child or replicated table (no second director) with a description. */
    public TableDef(String database, String name, TableKind kind, List<ColumnDef> columns, String directorKey,
            String raColumn, String decColumn, String directorTable, String description) {
        this(database, name, kind, columns, directorKey, raColumn, decColumn, directorTable, null, null, null, description);
    }

    /** A match table between {@code directorTable} (through {@code directorKey}) and {@code directorTable2}. */
    public static TableDef match(String database, String name, List<ColumnDef> columns, String directorTable,
            String directorKey, String directorTable2, String directorKey2, String flagColumn) {
        return new TableDef(database, name, TableKind.MATCH, columns, directorKey, null, null, directorTable,
                directorTable2, directorKey2, flagColumn, null);
    }

    /** This table with a description (null for none). */
    public TableDef describedAs(String text) {
        return new TableDef(database, name, kind, columns, directorKey, raColumn, decColumn, directorTable,
                directorTable2, directorKey2, flagColumn, text);
    }

    /**
     * Declared columns plus chunkId/subChunkId for partitioned tables (and the flag column of a match
     * table when undeclared): the layout of stored chunk tables.
     */
    public List<ColumnDef> storedColumns() {
        if (!kind.isPartitioned()) {
            return columns;
        }
        var all = new java.util.ArrayList<>(columns);
        if (kind == TableKind.MATCH && column(flagColumn).isEmpty()) {
            all.add(ColumnDef.notNull(flagColumn, ColumnType.INTEGER));
        }
        if (column(CHUNK_ID).isEmpty()) {
            all.add(ColumnDef.notNull(CHUNK_ID, ColumnType.INTEGER));
        }
        if (column(SUB_CHUNK_ID).isEmpty()) {
            all.add(ColumnDef.notNull(SUB_CHUNK_ID, ColumnType.INTEGER));
        }
        return List.copyOf(all);
    }

    /**
     * The columns {@code SELECT *} lists: the declared columns without {@code chunkId} and
     * {@code subChunkId}. Those two stay queryable by name, but their values are Skyshard's HEALPix
     * chunk numbers (Qserv numbers chunks differently), so {@code *} leaves them out and returns what
     * the same query returns on the unpartitioned catalog.
     */
    public List<ColumnDef> starColumns() {
        if (!kind.isPartitioned()) {
            return columns;
        }
        return columns.stream().filter(c -> !c.name().equalsIgnoreCase(CHUNK_ID) && !c.name().equalsIgnoreCase(SUB_CHUNK_ID))
                .toList();
    }

    /** Case-insensitive column lookup (MySQL column names are case-insensitive). */
    /** This table with other column definitions (same names: descriptions, index roles). */
    public TableDef withColumns(List<ColumnDef> newColumns) {
        return new TableDef(database, name, kind, newColumns, directorKey, raColumn, decColumn, directorTable, directorTable2,
                directorKey2, flagColumn, description);
    }

    public Optional<ColumnDef> column(String columnName) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(columnName)).findFirst();
    }
}
