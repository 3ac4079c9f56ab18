package io.skyshard.spatial.region;

/** A region of the sphere; angles in degrees. */
public sealed interface Region permits Circle, Box, ConvexPolygon, Ellipse {
    /** Exact point-in-region test (boundary counts as inside). */
    boolean contains(double raDeg, double decDeg);
}
