package io.skyshard.ingest.partition;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.TableDef;
import io.skyshard.ingest.data.TableBlock;

/**
 * A block of one partitioned table after partitioning. {@code rows} are in the table's stored layout
 * ({@link TableDef#storedColumns()}: declared columns, then {@code chunkId}, {@code subChunkId}).
 * Director blocks also carry overlap copies: {@code overlapRows} (stored layout, each row keeping its
 * own home chunkId/subChunkId) destined for the overlap table of {@code overlapChunkIds[i]}.
 *
 * @param sortKeys        per row: the spatial sort key that orders rows inside a chunk table
 * @param overlapSortKeys per overlap row, likewise
 */
public record PartitionedBlock(
        TableDef table,
        TableBlock rows,
        int[] chunkIds,
        long[] sortKeys,
        ChunkGroups groups,
        TableBlock overlapRows,
        int[] overlapChunkIds,
        long[] overlapSortKeys,
        ChunkGroups overlapGroups) {

    public PartitionedBlock {
        requireNonNull(table, "table");
        requireNonNull(rows, "rows");
        requireNonNull(overlapRows, "overlapRows");
    }

    public int rowCount() {
        return rows.rowCount();
    }
}
