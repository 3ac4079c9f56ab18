package io.skyshard.common.catalog;

/** Where a director row lives: its chunk and sub-chunk. */
public record ChunkRef(int chunkId, int subChunkId) {
}
