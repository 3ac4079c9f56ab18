package io.skyshard.sql.analysis;

import io.skyshard.common.catalog.Partitioning;
import io.skyshard.spatial.chunk.Chunker;
import io.skyshard.spatial.region.Region;

/** Region -> chunk ids for a database's partitioning (the chunker in production). */
@FunctionalInterface
public interface RegionChunks {
    int[] chunksCovering(Partitioning partitioning, Region region);

    RegionChunks CHUNKER = (p, region) ->
            new Chunker(p.chunkOrder(), p.subChunkOrder(), p.overlapDeg()).chunksCovering(region);
}
