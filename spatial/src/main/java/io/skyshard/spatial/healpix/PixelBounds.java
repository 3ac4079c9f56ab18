package io.skyshard.spatial.healpix;

/**
 * Conservative bounds of one HEALPix pixel, used to decide quickly whether a region may touch it.
 *
 * @param centre unit vector of the pixel centre
 * @param radiusRad angular radius of a cap around the centre that contains the whole pixel
 * @param decMin lowest dec of the pixel (its S corner) in degrees
 * @param decMax highest dec of the pixel (its N corner) in degrees
 * @param raStart start of the pixel's ra interval in [0,360)
 * @param raWidth width of the pixel's ra interval in degrees
 */
public record PixelBounds(double[] centre, double radiusRad, double decMin, double decMax,
                          double raStart, double raWidth) {
    /**
     * Multiplier on the largest centre-to-sample distance: pixel edges are not great circles, so the boundary
     * between two samples can bulge slightly beyond them. Checked by TestPixelBounds on random pixels.
     */
    static final double RADIUS_SAFETY = 1.1;
    /** Absolute slack for rounding, 2e-7 arcsec: well below the order-29 pixel size (~4e-4 arcsec). */
    static final double SLACK_RAD = 1e-12;
    /** Slack of the ra/dec bounds: ra is rounded after a multiplication by up to 360. */
    private static final double SLACK_DEG = 1e-9;

    private static final double[][] SAMPLES = {
        {0, 0}, {0.5, 0}, {1, 0}, {1, 0.5}, {1, 1}, {0.5, 1}, {0, 1}, {0, 0.5},
    };

    public static PixelBounds of(int order, long pix) {
        long[] fxy = Healpix.nestedToFaceXy(order, pix);
        int face = (int) fxy[0];
        long nside = 1L << order;
        double x0 = fxy[1];
        double y0 = fxy[2];
        double[] loc = new double[3];
        Healpix.faceZPhi(face, x0 + 0.5, y0 + 0.5, nside, loc);
        double[] centre = toVector(loc);
        double maxChord2 = 0;
        double decMin = 0;
        double decMax = 0;
        double lonLo = Double.POSITIVE_INFINITY;
        double lonHi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < SAMPLES.length; i++) {
            Healpix.faceZPhi(face, x0 + SAMPLES[i][0], y0 + SAMPLES[i][1], nside, loc);
            double[] v = toVector(loc);
            double dx = v[0] - centre[0];
            double dy = v[1] - centre[1];
            double dz = v[2] - centre[2];
            maxChord2 = Math.max(maxChord2, dx * dx + dy * dy + dz * dz);
            if ((i & 1) == 0) { // a corner: dec and ra extremes of a pixel are at its corners
                if (i == 0) {
                    decMin = Math.toDegrees(Math.atan2(loc[0], loc[1]));
                } else if (i == 4) {
                    decMax = Math.toDegrees(Math.atan2(loc[0], loc[1]));
                }
                if (!Double.isNaN(loc[2])) {
                    lonLo = Math.min(lonLo, loc[2]);
                    lonHi = Math.max(lonHi, loc[2]);
                }
            }
        }
        double radius = 2 * Math.asin(Math.min(1.0, Math.sqrt(maxChord2) / 2)) * RADIUS_SAFETY + SLACK_RAD;
        double raStart = lonLo * 45.0 - SLACK_DEG;
        double raWidth = (lonHi - lonLo) * 45.0 + 2 * SLACK_DEG;
        raStart = raStart % 360.0;
        if (raStart < 0) {
            raStart += 360.0;
        }
        return new PixelBounds(centre, radius, Math.max(-90.0, decMin - SLACK_DEG), Math.min(90.0, decMax + SLACK_DEG),
                raStart, Math.min(360.0, raWidth));
    }

    /**
     * Points along the pixel boundary (S corner, towards E, N, W and back), {@code segmentsPerEdge} segments per
     * edge, as unit vectors; consecutive points (cyclically) are joined by short arcs that follow the true edge.
     */
    public static double[][] boundary(int order, long pix, int segmentsPerEdge) {
        long[] fxy = Healpix.nestedToFaceXy(order, pix);
        int face = (int) fxy[0];
        long nside = 1L << order;
        double x0 = fxy[1];
        double y0 = fxy[2];
        double[][] out = new double[4 * segmentsPerEdge][];
        double[] loc = new double[3];
        for (int i = 0; i < out.length; i++) {
            int edge = i / segmentsPerEdge;
            double t = (double) (i % segmentsPerEdge) / segmentsPerEdge;
            double fx;
            double fy;
            switch (edge) {
                case 0 -> { fx = t; fy = 0; }
                case 1 -> { fx = 1; fy = t; }
                case 2 -> { fx = 1 - t; fy = 1; }
                default -> { fx = 0; fy = 1 - t; }
            }
            Healpix.faceZPhi(face, x0 + fx, y0 + fy, nside, loc);
            out[i] = toVector(loc);
        }
        return out;
    }

    private static double[] toVector(double[] loc) {
        double phi = Double.isNaN(loc[2]) ? 0.0 : loc[2] * (Math.PI / 4);
        return new double[] {loc[1] * Math.cos(phi), loc[1] * Math.sin(phi), loc[0]};
    }
}
