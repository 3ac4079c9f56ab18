package io.skyshard.spatial.region;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.spatial.SpatialErrorCode;

/** Argument checks shared by the regions. */
final class RegionChecks {
    private RegionChecks() {
    }

    static double checkRa(double ra, String where) {
        if (!Double.isFinite(ra)) {
            throw new SkyshardException(SpatialErrorCode.INVALID_COORDINATE, where + ": ra must be finite, got " + ra);
        }
        return ra;
    }
}
