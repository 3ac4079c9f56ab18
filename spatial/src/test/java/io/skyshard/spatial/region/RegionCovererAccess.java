package io.skyshard.spatial.region;

/** Exposes the coverer's package-private tuning to tests in other packages. */
public final class RegionCovererAccess {
    private RegionCovererAccess() {
    }

    public static int segmentsPerEdge() {
        return RegionCoverer.SEGMENTS_PER_EDGE;
    }

    public static double edgeMarginFraction() {
        return RegionCoverer.EDGE_MARGIN_FRACTION;
    }

    public static int coarseSegmentsPerEdge() {
        return RegionCoverer.COARSE_SEGMENTS_PER_EDGE;
    }

    public static double coarseEdgeMarginFraction() {
        return RegionCoverer.COARSE_EDGE_MARGIN_FRACTION;
    }

    public static double distanceToArc(double[] p, double[] a, double[] b) {
        return RegionCoverer.distanceToArc(p, a, b);
    }
}
