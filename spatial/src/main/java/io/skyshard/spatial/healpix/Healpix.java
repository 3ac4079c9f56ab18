package io.skyshard.spatial.healpix;

/** HEALPix NESTED scheme. Angles in degrees (ra in [0,360), dec in [-90,90]). TO BE IMPLEMENTED. */
public final class Healpix {
    public static final int MAX_ORDER = 29;

    private Healpix() {
    }

    public static long nPix(int order) {
        return 12L << (2 * order);
    }

    /** NESTED pixel index containing the position at the given order (0..29). */
    public static long angToPix(int order, double raDeg, double decDeg) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Pixel centre as {ra, dec} in degrees. */
    public static double[] pixToAng(int order, long pix) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The 4 corners as {ra, dec} pairs, in the order N, W, S, E. */
    public static double[][] corners(int order, long pix) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The 8 neighbours in healpy's order SW, W, NW, N, NE, E, SE, S; -1 where a neighbour does not exist. */
    public static long[] neighbours(int order, long pix) {
        throw new UnsupportedOperationException("not yet");
    }
}
