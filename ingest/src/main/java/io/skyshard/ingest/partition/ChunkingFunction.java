package io.skyshard.ingest.partition;

import io.skyshard.common.catalog.ChunkRef;
import io.skyshard.common.catalog.Partitioning;

/**
 * Where positions go: the chunk and sub-chunk of a point, the other chunks whose overlap holds it,
 * and a fine spatial sort key. Production code uses {@link #healpix(Partitioning)}; tests can plug in
 * simpler functions to check the partitioner against brute force independently of the HEALPix code.
 * Implementations must be thread-safe and deterministic.
 */
public interface ChunkingFunction {
    ChunkRef locate(double raDeg, double decDeg);

    /** Chunks other than the point's own that keep a copy of it in their overlap table; may be empty. */
    int[] overlapChunks(double raDeg, double decDeg);

    /**
     * Orders rows inside a chunk so that nearby positions are stored together (DuckDB zone maps then
     * prune within a chunk table). Must group rows of a sub-chunk together.
     */
    long sortKey(double raDeg, double decDeg);

    /** {@link #locate(double, double)} of a point whose {@link #sortKey} is known, which may save recomputing it. */
    default ChunkRef locate(double raDeg, double decDeg, long sortKey) {
        return locate(raDeg, decDeg);
    }

    /** {@link #overlapChunks(double, double)} of a point whose {@link #sortKey} is known. */
    default int[] overlapChunks(double raDeg, double decDeg, long sortKey) {
        return overlapChunks(raDeg, decDeg);
    }

    /**
     * The sort key of a row known only by its chunk and sub-chunk (a child row placed through the
     * director index): the smallest key of the sub-chunk, so such rows sort with their sub-chunk.
     */
    default long subChunkSortKey(int chunkId, int subChunkId) {
        return ((long) chunkId << 40) | ((long) subChunkId << 32);
    }

    /** The HEALPix NESTED chunking of a database (spatial module's Chunker). */
    static ChunkingFunction healpix(Partitioning partitioning) {
        return new HealpixChunking(partitioning);
    }
}
