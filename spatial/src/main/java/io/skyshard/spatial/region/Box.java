package io.skyshard.spatial.region;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.spatial.SpatialErrorCode;
import io.skyshard.spatial.healpix.Healpix;

/**
 * ra/dec box in degrees; raMin > raMax (after normalising both into [0,360)) means the box wraps through
 * ra = 0/360. A span of 360 degrees or more (e.g. raMin = 0, raMax = 360) is a full band in ra.
 */
public record Box(double raMin, double decMin, double raMax, double decMax) implements Region {
    public Box {
        RegionChecks.checkRa(raMin, "box raMin");
        RegionChecks.checkRa(raMax, "box raMax");
        Healpix.checkDec(decMin, "box decMin");
        Healpix.checkDec(decMax, "box decMax");
        if (decMin > decMax) {
            throw new SkyshardException(SpatialErrorCode.INVALID_REGION,
                    "box decMin " + decMin + " is greater than decMax " + decMax);
        }
    }

    /** True when every ra is inside the box. */
    public boolean fullRa() {
        return raMax - raMin >= 360.0;
    }

    /** raMin normalised into [0,360). */
    public double raStart() {
        return Healpix.normalizeRa(raMin);
    }

    /** Width of the ra interval in degrees, in [0, 360]. */
    public double raWidth() {
        if (fullRa()) {
            return 360.0;
        }
        double width = Healpix.normalizeRa(raMax) - Healpix.normalizeRa(raMin);
        if (width < 0) {
            width += 360.0;
        }
        // raMin == raMax normalised but given 360 apart is covered by fullRa(); a true zero width stays zero.
        return width;
    }

    @Override
    public boolean contains(double raDeg, double decDeg) {
        Healpix.checkDec(decDeg, "box contains");
        if (decDeg < decMin || decDeg > decMax) {
            return false;
        }
        if (fullRa()) {
            return true;
        }
        double offset = Healpix.normalizeRa(raDeg) - raStart();
        if (offset < 0) {
            offset += 360.0;
        }
        return offset <= raWidth();
    }
}
