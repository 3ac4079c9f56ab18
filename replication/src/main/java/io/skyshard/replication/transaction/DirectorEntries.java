package io.skyshard.replication.transaction;

import static java.util.Objects.requireNonNull;

/**
 * Director index rows produced by a contribution to a director table: key -> (chunk, sub-chunk),
 * parallel arrays. Held as pending by the controller and merged into the director index at commit.
 */
public record DirectorEntries(String table, long[] keys, int[] chunkIds, int[] subChunkIds) {
    public DirectorEntries {
        requireNonNull(table, "table");
        if (keys.length != chunkIds.length || keys.length != subChunkIds.length) {
            throw new IllegalArgumentException("director entries differ in length");
        }
    }

    public int size() {
        return keys.length;
    }
}
