package io.skyshard.spatial.region;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.spatial.SpatialErrorCode;
import io.skyshard.spatial.healpix.Healpix;

/** Small circle: centre and radius in degrees. A radius of 180 or more is the whole sky. */
public record Circle(double ra, double dec, double radiusDeg) implements Region {
    public Circle {
        ra = RegionChecks.checkRa(ra, "circle centre");
        Healpix.checkDec(dec, "circle centre");
        if (!(radiusDeg >= 0.0) || Double.isInfinite(radiusDeg)) {
            throw new SkyshardException(SpatialErrorCode.INVALID_REGION,
                    "circle radius must be a finite number >= 0 degrees, got " + radiusDeg);
        }
    }

    /**
     * Haversine comparison: hav(d) is monotone on [0, 180] degrees, so comparing it with hav(radius) avoids any
     * inverse trigonometric function and stays accurate for separations of milli-arcseconds.
     */
    @Override
    public boolean contains(double raDeg, double decDeg) {
        Healpix.checkDec(decDeg, "circle contains");
        if (radiusDeg >= 180.0) {
            return true;
        }
        double dec1 = Math.toRadians(dec);
        double dec2 = Math.toRadians(decDeg);
        double sinHalfDDec = Math.sin(Math.toRadians(decDeg - dec) / 2); // difference before scaling: exact
        double sinHalfDRa = Math.sin(Math.toRadians(raDeg - ra) / 2);
        double hav = sinHalfDDec * sinHalfDDec + Math.cos(dec1) * Math.cos(dec2) * sinHalfDRa * sinHalfDRa;
        double sinHalfR = Math.sin(Math.toRadians(radiusDeg) / 2);
        return hav <= sinHalfR * sinHalfR;
    }
}
