package io.skyshard.spatial.chunk;

import io.skyshard.spatial.region.Region;

/** Position -> chunk/sub-chunk, region -> chunks, overlap membership. TO BE IMPLEMENTED. */
public final class Chunker {
    private final int chunkOrder;
    private final int subChunkOrder;
    private final double overlapDeg;

    public Chunker(int chunkOrder, int subChunkOrder, double overlapDeg) {
        this.chunkOrder = chunkOrder;
        this.subChunkOrder = subChunkOrder;
        this.overlapDeg = overlapDeg;
    }

    public int chunkOrder() {
        return chunkOrder;
    }

    public int subChunkOrder() {
        return subChunkOrder;
    }

    public double overlapDeg() {
        return overlapDeg;
    }

    public ChunkLocation locate(double raDeg, double decDeg) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Chunks that may hold a point of the region: conservative (never misses one), sorted ascending. */
    public int[] chunksCovering(Region region) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Chunks other than the point's own whose boundary lies within the overlap radius of the point. */
    public int[] overlapChunks(double raDeg, double decDeg) {
        throw new UnsupportedOperationException("not yet");
    }

    /** A fine spatial sort key (NESTED index at order 20) used to write chunk tables in spatial order. */
    public static long sortKey(double raDeg, double decDeg) {
        throw new UnsupportedOperationException("not yet");
    }
}
