package io.skyshard.ingest.partition;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ChunkRef;
import io.skyshard.common.catalog.Partitioning;
import io.skyshard.spatial.chunk.ChunkLocation;
import io.skyshard.spatial.chunk.Chunker;

/** The production {@link ChunkingFunction}: an adapter over the spatial module's {@link Chunker}. */
public final class HealpixChunking implements ChunkingFunction {
    private final Chunker chunker;

    public HealpixChunking(Partitioning partitioning) {
        requireNonNull(partitioning, "partitioning");
        this.chunker = new Chunker(partitioning.chunkOrder(), partitioning.subChunkOrder(), partitioning.overlapDeg());
    }

    @Override
    public ChunkRef locate(double raDeg, double decDeg) {
        ChunkLocation location = chunker.locate(raDeg, decDeg);
        return new ChunkRef(location.chunkId(), location.subChunkId());
    }

    @Override
    public ChunkRef locate(double raDeg, double decDeg, long sortKey) {
        ChunkLocation location = chunker.locate(raDeg, decDeg, sortKey);
        return new ChunkRef(location.chunkId(), location.subChunkId());
    }

    @Override
    public int[] overlapChunks(double raDeg, double decDeg) {
        return chunker.overlapChunks(raDeg, decDeg);
    }

    @Override
    public int[] overlapChunks(double raDeg, double decDeg, long sortKey) {
        return chunker.overlapChunks(raDeg, decDeg, sortKey);
    }

    @Override
    public long sortKey(double raDeg, double decDeg) {
        return Chunker.sortKey(raDeg, decDeg);
    }

    @Override
    public long subChunkSortKey(int chunkId, int subChunkId) {
        int levels = chunker.subChunkOrder() - chunker.chunkOrder();
        long nested = ((long) chunkId << (2 * levels)) | subChunkId;
        return nested << (2 * (Chunker.SORT_KEY_ORDER - chunker.subChunkOrder()));
    }
}
