package io.skyshard.spatial.region;

import java.util.List;

/** Spherical convex polygon; vertices as {ra, dec} in degrees (either winding). */
public record ConvexPolygon(List<double[]> vertices) implements Region {
    @Override
    public boolean contains(double raDeg, double decDeg) {
        throw new UnsupportedOperationException("not yet");
    }
}
