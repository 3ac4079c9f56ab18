package io.skyshard.spatial.region;

/** Small circle: centre and radius in degrees. */
public record Circle(double ra, double dec, double radiusDeg) implements Region {
    @Override
    public boolean contains(double raDeg, double decDeg) {
        throw new UnsupportedOperationException("not yet");
    }
}
