package io.skyshard.spatial.region;

/** Ellipse as in sciSQL: centre (deg), semi-axes (arcsec), position angle (deg, east of north). */
public record Ellipse(double ra, double dec, double semiMajorArcsec, double semiMinorArcsec, double posAngleDeg)
        implements Region {
    @Override
    public boolean contains(double raDeg, double decDeg) {
        throw new UnsupportedOperationException("not yet");
    }
}
