package io.skyshard.common.catalog;

import io.skyshard.common.error.CommonErrorCode;
import io.skyshard.common.error.SkyshardException;

/**
 * HEALPix NESTED partitioning of a database: chunks at {@code chunkOrder}, sub-chunks at
 * {@code subChunkOrder}, and the overlap radius in degrees kept around each chunk.
 */
public record Partitioning(int chunkOrder, int subChunkOrder, double overlapDeg) {
    public static final Partitioning DEFAULT = new Partitioning(5, 9, 1.0 / 60.0);

    public Partitioning {
        if (chunkOrder < 0 || chunkOrder > 13) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, "chunk order must be in 0..13, got " + chunkOrder);
        }
        if (subChunkOrder < chunkOrder || subChunkOrder > 20) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT,
                    "sub-chunk order must be in chunkOrder..20, got " + subChunkOrder);
        }
        if (!(overlapDeg >= 0 && overlapDeg <= 10)) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, "overlap must be in [0, 10] degrees, got " + overlapDeg);
        }
    }
}
