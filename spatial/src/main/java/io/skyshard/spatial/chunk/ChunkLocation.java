package io.skyshard.spatial.chunk;

/** chunkId = NESTED pixel at the chunk order; subChunkId = index of the sub-chunk pixel inside its chunk. */
public record ChunkLocation(int chunkId, int subChunkId) {
}
