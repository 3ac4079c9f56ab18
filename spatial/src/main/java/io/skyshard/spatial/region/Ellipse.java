package io.skyshard.spatial.region;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.spatial.SpatialErrorCode;
import io.skyshard.spatial.healpix.Healpix;

/**
 * Ellipse as in sciSQL's {@code scisql_s2PtInEllipse}: centre (deg), semi-axes (arcsec), position angle (deg, east
 * of north). A point is projected onto the local (north, east) frame at the centre (orthographic projection: the
 * components of its unit vector along the north and east unit vectors) and tested against the axis-aligned
 * ellipse after rotating by the position angle. Like sciSQL, 0 <= minor <= major <= 10 degrees. Unlike sciSQL,
 * a point in the far hemisphere (which projects near the centre too) is outside.
 */
public record Ellipse(double ra, double dec, double semiMajorArcsec, double semiMinorArcsec, double posAngleDeg)
        implements Region {
    /** sciSQL's limit on the semi-major axis: 10 degrees. */
    public static final double MAX_SEMI_MAJOR_ARCSEC = 36000.0;

    public Ellipse {
        RegionChecks.checkRa(ra, "ellipse centre");
        Healpix.checkDec(dec, "ellipse centre");
        if (!Double.isFinite(posAngleDeg)) {
            throw new SkyshardException(SpatialErrorCode.INVALID_REGION,
                    "ellipse position angle must be finite, got " + posAngleDeg);
        }
        if (!(semiMinorArcsec >= 0.0 && semiMinorArcsec <= semiMajorArcsec
                && semiMajorArcsec <= MAX_SEMI_MAJOR_ARCSEC)) {
            throw new SkyshardException(SpatialErrorCode.INVALID_REGION,
                    "ellipse axes must satisfy 0 <= semi-minor <= semi-major <= " + MAX_SEMI_MAJOR_ARCSEC
                            + " arcsec, got semi-major " + semiMajorArcsec + ", semi-minor " + semiMinorArcsec);
        }
    }

    @Override
    public boolean contains(double raDeg, double decDeg) {
        Healpix.checkDec(decDeg, "ellipse contains");
        double lon0 = Math.toRadians(ra);
        double lat0 = Math.toRadians(dec);
        double sinLon = Math.sin(lon0);
        double cosLon = Math.cos(lon0);
        double sinLat = Math.sin(lat0);
        double cosLat = Math.cos(lat0);
        double lon = Math.toRadians(raDeg);
        double lat = Math.toRadians(decDeg);
        double cosDec = Math.cos(lat);
        double vx = cosDec * Math.cos(lon);
        double vy = cosDec * Math.sin(lon);
        double vz = Math.sin(lat);
        double towardsCentre = cosLat * (cosLon * vx + sinLon * vy) + sinLat * vz;
        if (towardsCentre <= 0) {
            return false;
        }
        double north = cosLat * vz - sinLat * (sinLon * vy + cosLon * vx);
        double east = cosLon * vy - sinLon * vx;
        double pa = Math.toRadians(posAngleDeg);
        double sinPa = Math.sin(pa);
        double cosPa = Math.cos(pa);
        double alongMajor = sinPa * east + cosPa * north;
        double alongMinor = cosPa * east - sinPa * north;
        double major = Math.toRadians(semiMajorArcsec / 3600.0);
        double minor = Math.toRadians(semiMinorArcsec / 3600.0);
        // Multiplied out rather than divided so that a zero minor axis (a segment) does not produce NaN.
        return alongMajor * alongMajor * minor * minor + alongMinor * alongMinor * major * major
                <= major * major * minor * minor;
    }

    /** Largest angular distance (degrees) of a point of the ellipse from its centre. */
    public double boundingRadiusDeg() {
        return Math.toDegrees(Math.asin(Math.min(1.0, Math.toRadians(semiMajorArcsec / 3600.0))));
    }

    /** Angular radius (degrees) of a circle around the centre that lies inside the ellipse. */
    public double inscribedRadiusDeg() {
        return Math.toDegrees(Math.asin(Math.min(1.0, Math.toRadians(semiMinorArcsec / 3600.0))));
    }
}
