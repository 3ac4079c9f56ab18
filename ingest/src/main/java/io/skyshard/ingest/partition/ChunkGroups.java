package io.skyshard.ingest.partition;

import io.skyshard.common.util.SortOrder;
import java.util.Arrays;

/**
 * Rows of a block grouped by target chunk: {@code order[starts[g] .. starts[g+1])} are the rows of
 * chunk {@code chunkIds[g]}, in block order. Lets the loader pull one chunk's rows out of many blocks
 * without splitting every block into thousands of tiny pieces.
 */
public record ChunkGroups(int[] chunkIds, int[] starts, int[] order) {
    public static ChunkGroups of(int[] chunkOfRow) {
        int[] order = SortOrder.byInts(chunkOfRow);
        int groups = 0;
        for (int i = 0; i < order.length; i++) {
            if (i == 0 || chunkOfRow[order[i]] != chunkOfRow[order[i - 1]]) {
                groups++;
            }
        }
        int[] ids = new int[groups];
        int[] starts = new int[groups + 1];
        int g = -1;
        for (int i = 0; i < order.length; i++) {
            if (i == 0 || chunkOfRow[order[i]] != chunkOfRow[order[i - 1]]) {
                g++;
                ids[g] = chunkOfRow[order[i]];
                starts[g] = i;
            }
        }
        starts[groups] = order.length;
        return new ChunkGroups(ids, starts, order);
    }

    /** Number of rows of a chunk. */
    public int countOf(int chunkId) {
        int g = Arrays.binarySearch(chunkIds, chunkId);
        return g < 0 ? 0 : starts[g + 1] - starts[g];
    }

    /** Row indexes of a chunk, empty when the block has none. */
    public int[] rowsOf(int chunkId) {
        int g = Arrays.binarySearch(chunkIds, chunkId);
        return g < 0 ? new int[0] : Arrays.copyOfRange(order, starts[g], starts[g + 1]);
    }
}
