package io.skyshard.common.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A table of the catalog. For partitioned tables the stored columns are {@link #columns()} followed by
 * the two hidden-but-queryable columns {@code chunkId} and {@code subChunkId} (as in Qserv).
 *
 * @param directorKey  director: its unique key; child: the column referencing the director key; else null
 * @param raColumn     director: longitude column in degrees; else null
 * @param decColumn    director: latitude column in degrees; else null
 * @param directorTable child: the director table's name; match: the first director's; else null
 * @param directorTable2 match: the second director table's name; else null
 * @param directorKey2  match: the column referencing the second director's key; else null
 * @param flagColumn    match: the integer column ingest fills with where the pair lives in a chunk
 *                      (bit 1: the first director's row is in this chunk, bit 2: the second's, as
 *                      Qserv's match partitioner); null if none
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
        String flagColumn) {

    public static final String CHUNK_ID = "chunkId";
    public static final String SUB_CHUNK_ID = "subChunkId";

    public TableDef {
        requireNonNull(database, "database");
        requireNonNull(name, "name");
        requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
    }

    /** A director, child or replicated table (no second director). */
    public TableDef(String database, String name, TableKind kind, List<ColumnDef> columns, String directorKey, String raColumn,
            String decColumn, String directorTable) {
        this(database, name, kind, columns, directorKey, raColumn, decColumn, directorTable, null, null, null);
    }

    /** Declared columns plus chunkId/subChunkId for partitioned tables: the layout of stored chunk tables. */
    public List<ColumnDef> storedColumns() {
        if (!kind.isPartitioned()) {
            return columns;
        }
        var all = new java.util.ArrayList<>(columns);
        if (column(CHUNK_ID).isEmpty()) {
            all.add(ColumnDef.notNull(CHUNK_ID, ColumnType.INTEGER));
        }
        if (column(SUB_CHUNK_ID).isEmpty()) {
            all.add(ColumnDef.notNull(SUB_CHUNK_ID, ColumnType.INTEGER));
        }
        return List.copyOf(all);
    }

    /** Case-insensitive column lookup (MySQL column names are case-insensitive). */
    public Optional<ColumnDef> column(String columnName) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(columnName)).findFirst();
    }
}
