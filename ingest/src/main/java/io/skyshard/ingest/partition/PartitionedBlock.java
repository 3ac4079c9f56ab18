package io.skyshard.ingest.partition;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.util.SortOrder;
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

    /**
     * The same rows (and overlap rows) reordered by chunk, then sort key. Each chunk's rows are then
     * one contiguous run, already in stored order, so that gathering a chunk from the many blocks of
     * a flush reads every block front to back instead of hopping through it at random: the gather
     * was the loader's costliest step when it missed the cache on every value. The reorder itself is
     * cheap while a block still fits in the cache, i.e. right after partitioning.
     */
    public PartitionedBlock clustered() {
        int[] order = clusterOrder(chunkIds, sortKeys);
        int[] overlapOrder = clusterOrder(overlapChunkIds, overlapSortKeys);
        if (order == null && overlapOrder == null) {
            return this;
        }
        int[] chunks = permute(chunkIds, order);
        int[] overlapChunks = permute(overlapChunkIds, overlapOrder);
        return new PartitionedBlock(table, order == null ? rows : rows.select(order), chunks, permute(sortKeys, order),
                order == null ? groups : ChunkGroups.of(chunks), overlapOrder == null ? overlapRows : overlapRows.select(overlapOrder),
                overlapChunks, permute(overlapSortKeys, overlapOrder), overlapOrder == null ? overlapGroups : ChunkGroups.of(overlapChunks));
    }

    /** The stable order by chunk, then sort key; null when the rows are in that order already. */
    private static int[] clusterOrder(int[] chunkIds, long[] sortKeys) {
        if (chunkIds.length != sortKeys.length) {
            throw new IllegalArgumentException(chunkIds.length + " chunk ids but " + sortKeys.length + " sort keys");
        }
        boolean sorted = true;
        for (int i = 1; i < chunkIds.length && sorted; i++) {
            sorted = chunkIds[i - 1] < chunkIds[i] || chunkIds[i - 1] == chunkIds[i] && sortKeys[i - 1] <= sortKeys[i];
        }
        if (sorted) {
            return null;
        }
        // Two stable sorts: by sort key, then by chunk (a row's chunk does not always follow from its
        // sort key: overlap copies go to neighbouring chunks).
        int[] bySortKey = SortOrder.byKeys(sortKeys);
        int[] chunkInThatOrder = permute(chunkIds, bySortKey);
        int[] byChunk = SortOrder.byInts(chunkInThatOrder);
        int[] order = new int[byChunk.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = bySortKey[byChunk[i]];
        }
        return order;
    }

    private static int[] permute(int[] values, int[] order) {
        if (order == null) {
            return values;
        }
        int[] out = new int[order.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }

    private static long[] permute(long[] values, int[] order) {
        if (order == null) {
            return values;
        }
        long[] out = new long[order.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }
}
