package io.skyshard.spatial.healpix;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.spatial.SpatialErrorCode;

/**
 * HEALPix NESTED scheme (Gorski et al. 2005, ApJ 622, 759). Angles in degrees (ra in [0,360), dec in [-90,90]).
 *
 * <p>Inside each of the 12 base faces a pixel has integer coordinates (x, y) in [0, nside): x grows from the
 * face's south corner towards its east corner, y from the south corner towards its west corner, so the north
 * corner of a face is (nside, nside). The NESTED index is {@code face * nside^2 + interleave(x, y)} with x in
 * the even bits. Consequently the NESTED children of pixel p at order k+d are exactly
 * [{@code p << 2d}, {@code (p+1) << 2d}).
 */
public final class Healpix {
    public static final int MAX_ORDER = 29;

    /** Ring index (in units of nside) of each face's north corner, counted from the north pole. */
    private static final int[] FACE_RING = {2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4};
    /** Longitude of each face's centre in units of 45 degrees. */
    private static final int[] FACE_LON = {1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7};

    private static final double TWO_THIRDS = 2.0 / 3.0;
    /** Below |z| of this the usual z-based formula loses precision; use sin(theta) instead. */
    private static final double POLAR_PRECISION_Z = 0.99;

    private Healpix() {
    }

    public static long nPix(int order) {
        checkOrder(order);
        return 12L << (2 * order);
    }

    public static long nSide(int order) {
        checkOrder(order);
        return 1L << order;
    }

    /** NESTED pixel index containing the position at the given order (0..29). */
    public static long angToPix(int order, double raDeg, double decDeg) {
        checkOrder(order);
        checkDec(decDeg, "angToPix");
        double ra = normalizeRa(raDeg);
        double decRad = Math.toRadians(decDeg);
        double z = Math.sin(decRad);
        // cos(dec) = sin(theta) stays precise where 1-|z| underflows: the key to exact polar pixels at order 29.
        double sinTheta = Math.cos(decRad);
        return locToPix(order, ra / 90.0, z, sinTheta);
    }

    /** NESTED pixel for a unit vector (x, y, z); the vector need not be normalised exactly. */
    public static long vecToPix(int order, double x, double y, double z) {
        checkOrder(order);
        double norm = Math.sqrt(x * x + y * y + z * z);
        double lon = Math.atan2(y, x);
        double tt = lon / (Math.PI / 2);
        if (tt < 0) {
            tt += 4.0;
        }
        if (tt >= 4.0) {
            tt -= 4.0;
        }
        return locToPix(order, tt, z / norm, Math.hypot(x, y) / norm);
    }

    /** tt = longitude in units of 90 degrees, in [0,4). */
    private static long locToPix(int order, double tt, double z, double sinTheta) {
        long nside = 1L << order;
        double za = Math.abs(z);
        int face;
        long ix;
        long iy;
        if (za <= TWO_THIRDS) {
            // Equatorial belt: pixel edges are straight lines in (phi, z); index along both edge families.
            double t1 = nside * (0.5 + tt);
            double t2 = nside * (z * 0.75);
            long jp = (long) (t1 - t2);
            long jm = (long) (t1 + t2);
            long ifp = jp >> order;
            long ifm = jm >> order;
            if (ifp == ifm) {
                face = (int) (ifp | 4);
            } else if (ifp < ifm) {
                face = (int) ifp;
            } else {
                face = (int) (ifm + 8);
            }
            ix = jm & (nside - 1);
            iy = nside - (jp & (nside - 1)) - 1;
        } else {
            int ntt = Math.min(3, (int) tt);
            double tp = tt - ntt;
            // nside * sqrt(3 (1 - |z|)) written with sin(theta) to avoid cancellation near the poles.
            double tmp = za < POLAR_PRECISION_Z
                    ? nside * Math.sqrt(3.0 * (1.0 - za))
                    : nside * sinTheta * Math.sqrt(3.0 / (1.0 + za));
            long jp = (long) (tp * tmp);
            long jm = (long) ((1.0 - tp) * tmp);
            jp = Math.min(jp, nside - 1);
            jm = Math.min(jm, nside - 1);
            if (z >= 0) {
                face = ntt;
                ix = nside - jm - 1;
                iy = nside - jp - 1;
            } else {
                face = ntt + 8;
                ix = jp;
                iy = jm;
            }
        }
        return ((long) face << (2 * order)) + interleave(ix, iy);
    }

    /** Pixel centre as {ra, dec} in degrees. */
    public static double[] pixToAng(int order, long pix) {
        checkPix(order, pix);
        long nside = 1L << order;
        int face = (int) (pix >> (2 * order));
        long xy = pix & ((1L << (2 * order)) - 1);
        long ix = deinterleave(xy);
        long iy = deinterleave(xy >>> 1);
        return faceLoc(face, ix + 0.5, iy + 0.5, nside);
    }

    /** The 4 corners as {ra, dec} pairs, in the order N, W, S, E. */
    public static double[][] corners(int order, long pix) {
        checkPix(order, pix);
        long nside = 1L << order;
        int face = (int) (pix >> (2 * order));
        long xy = pix & ((1L << (2 * order)) - 1);
        double x = deinterleave(xy);
        double y = deinterleave(xy >>> 1);
        return new double[][] {
            faceLoc(face, x + 1, y + 1, nside),
            faceLoc(face, x, y + 1, nside),
            faceLoc(face, x, y, nside),
            faceLoc(face, x + 1, y, nside),
        };
    }

    /**
     * A point of the pixel given by fractional coordinates inside it ((0,0) = S corner, (1,1) = N corner,
     * (0.5,0.5) = centre), as {ra, dec}. Used to sample pixel boundaries.
     */
    public static double[] pointInPixel(int order, long pix, double fx, double fy) {
        checkPix(order, pix);
        long nside = 1L << order;
        int face = (int) (pix >> (2 * order));
        long xy = pix & ((1L << (2 * order)) - 1);
        double x = deinterleave(xy);
        double y = deinterleave(xy >>> 1);
        return faceLoc(face, x + fx, y + fy, nside);
    }

    /** Position of face coordinates in pixel units (x, y in [0, nside]) as {ra, dec}. */
    private static double[] faceLoc(int face, double x, double y, long nside) {
        double[] loc = new double[3];
        faceZPhi(face, x, y, nside, loc);
        double ra = normalizeRa(Double.isNaN(loc[2]) ? FACE_LON[face] * 45.0 : loc[2] * 45.0);
        return new double[] {ra, Math.toDegrees(Math.atan2(loc[0], loc[1]))};
    }

    /**
     * Raw location of face coordinates in pixel units (x, y in [0, nside]) into {@code out}: z, sin(theta), and
     * the longitude in units of 45 degrees before wrapping into [0,8) (NaN exactly at a pole, where it is
     * undefined). Inside a face z depends on x+y only and the longitude is linear (equatorial belt) or
     * linear-fractional (polar caps) in x-y. Working in pixel units keeps the distance to the pole (nr) exact for
     * points near it even at order 29.
     */
    static void faceZPhi(int face, double x, double y, long nside, double[] out) {
        double ring = FACE_RING[face] * (double) nside - x - y;
        double nr;
        if (ring < nside) {
            nr = ring;
            double t = nr / nside;
            double tmp = t * t / 3.0;
            out[0] = 1.0 - tmp;
            out[1] = Math.sqrt(tmp * (2.0 - tmp));
        } else if (ring > 3 * nside) {
            nr = (4 - FACE_RING[face]) * (double) nside + x + y;
            double t = nr / nside;
            double tmp = t * t / 3.0;
            out[0] = tmp - 1.0;
            out[1] = Math.sqrt(tmp * (2.0 - tmp));
        } else {
            nr = nside;
            double z = (2.0 * nside - ring) * TWO_THIRDS / nside;
            out[0] = z;
            out[1] = Math.sqrt((1.0 - z) * (1.0 + z));
        }
        out[2] = nr <= 0 ? Double.NaN : FACE_LON[face] + (x - y) / nr;
    }

    /** The 8 neighbours in healpy's order SW, W, NW, N, NE, E, SE, S; -1 where a neighbour does not exist. */
    public static long[] neighbours(int order, long pix) {
        checkPix(order, pix);
        long nside = 1L << order;
        int face = (int) (pix >> (2 * order));
        long xy = pix & ((1L << (2 * order)) - 1);
        long ix = deinterleave(xy);
        long iy = deinterleave(xy >>> 1);
        long[] out = new long[8];
        for (int i = 0; i < 8; i++) {
            out[i] = neighbour(order, nside, face, ix + DX[i], iy + DY[i]);
        }
        return out;
    }

    private static final int[] DX = {-1, -1, 0, 1, 1, 1, 0, -1};
    private static final int[] DY = {0, 1, 1, 1, 0, -1, -1, -1};

    /**
     * Pixel at face coordinates (x, y) that may lie one step outside the face. Edge crossings keep the
     * coordinate along the shared edge; each face edge meets exactly one other face edge (derived from the
     * face layout: north faces f span lon [90f, 90f+90], equatorial faces 4+k are centred on lon 90k,
     * south faces 8+k span lon [90k, 90k+90]).
     */
    private static long neighbour(int order, long nside, int face, long x, long y) {
        long last = nside - 1;
        boolean xIn = x >= 0 && x < nside;
        boolean yIn = y >= 0 && y < nside;
        if (xIn && yIn) {
            return pixel(order, face, x, y);
        }
        int k = face & 3;
        int next = (k + 1) & 3;
        int prev = (k + 3) & 3;
        int row = face >> 2;
        if (!xIn && !yIn) {
            boolean north = x >= nside && y >= nside;
            boolean south = x < 0 && y < 0;
            if (row == 0) {
                if (north) {
                    return pixel(order, (k + 2) & 3, last, last); // across the north pole
                }
                if (south) {
                    return pixel(order, 8 + k, last, last);
                }
                return -1; // east/west corners of north faces: only 3 faces meet there
            } else if (row == 1) {
                if (x >= nside && y < 0) {
                    return pixel(order, 4 + next, 0, last);
                }
                if (x < 0 && y >= nside) {
                    return pixel(order, 4 + prev, last, 0);
                }
                return -1;
            } else {
                if (south) {
                    return pixel(order, 8 + ((k + 2) & 3), 0, 0); // across the south pole
                }
                if (north) {
                    return pixel(order, k, 0, 0);
                }
                return -1;
            }
        }
        if (row == 0) {
            if (x >= nside) {
                return pixel(order, next, y, last);
            } else if (y >= nside) {
                return pixel(order, prev, last, x);
            } else if (y < 0) {
                return pixel(order, 4 + next, x, last);
            } else {
                return pixel(order, 4 + k, last, y);
            }
        } else if (row == 1) {
            if (x >= nside) {
                return pixel(order, k, 0, y);
            } else if (y >= nside) {
                return pixel(order, prev, x, 0);
            } else if (x < 0) {
                return pixel(order, 8 + prev, last, y);
            } else {
                return pixel(order, 8 + k, x, last);
            }
        } else {
            if (x >= nside) {
                return pixel(order, 4 + next, 0, y);
            } else if (y >= nside) {
                return pixel(order, 4 + k, x, 0);
            } else if (x < 0) {
                return pixel(order, 8 + prev, y, 0);
            } else {
                return pixel(order, 8 + next, 0, x);
            }
        }
    }

    private static long pixel(int order, int face, long x, long y) {
        return ((long) face << (2 * order)) + interleave(x, y);
    }

    /** NESTED index from (face, x, y). */
    public static long faceXyToNested(int order, int face, long x, long y) {
        checkOrder(order);
        long nside = 1L << order;
        if (face < 0 || face > 11 || x < 0 || x >= nside || y < 0 || y >= nside) {
            throw new SkyshardException(SpatialErrorCode.INVALID_PIXEL,
                    "face/x/y out of range at order " + order + ": face=" + face + " x=" + x + " y=" + y);
        }
        return pixel(order, face, x, y);
    }

    /** {face, x, y} of a NESTED pixel. */
    public static long[] nestedToFaceXy(int order, long pix) {
        checkPix(order, pix);
        long xy = pix & ((1L << (2 * order)) - 1);
        return new long[] {pix >> (2 * order), deinterleave(xy), deinterleave(xy >>> 1)};
    }

    /** First NESTED index at {@code deeperOrder} inside {@code pix}; the range is [first, first + 4^d). */
    public static long firstChild(int order, long pix, int deeperOrder) {
        checkPix(order, pix);
        checkOrder(deeperOrder);
        if (deeperOrder < order) {
            throw new SkyshardException(SpatialErrorCode.INVALID_ORDER,
                    "deeper order " + deeperOrder + " is below order " + order);
        }
        return pix << (2 * (deeperOrder - order));
    }

    /** Exclusive end of the NESTED range of {@code pix}'s descendants at {@code deeperOrder}. */
    public static long endChild(int order, long pix, int deeperOrder) {
        return firstChild(order, pix, deeperOrder) + (1L << (2 * (deeperOrder - order)));
    }

    /** The ancestor of a NESTED pixel at a coarser order. */
    public static long parent(int order, long pix, int coarserOrder) {
        checkPix(order, pix);
        checkOrder(coarserOrder);
        if (coarserOrder > order) {
            throw new SkyshardException(SpatialErrorCode.INVALID_ORDER,
                    "coarser order " + coarserOrder + " is above order " + order);
        }
        return pix >> (2 * (order - coarserOrder));
    }

    /** Spreads the low 32 bits of v to the even bit positions. */
    private static long spread(long v) {
        v &= 0xFFFFFFFFL;
        v = (v | (v << 16)) & 0x0000FFFF0000FFFFL;
        v = (v | (v << 8)) & 0x00FF00FF00FF00FFL;
        v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v << 2)) & 0x3333333333333333L;
        v = (v | (v << 1)) & 0x5555555555555555L;
        return v;
    }

    /** Gathers the even bits of v. */
    private static long deinterleave(long v) {
        v &= 0x5555555555555555L;
        v = (v | (v >>> 1)) & 0x3333333333333333L;
        v = (v | (v >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v >>> 4)) & 0x00FF00FF00FF00FFL;
        v = (v | (v >>> 8)) & 0x0000FFFF0000FFFFL;
        v = (v | (v >>> 16)) & 0x00000000FFFFFFFFL;
        return v;
    }

    private static long interleave(long x, long y) {
        return spread(x) | (spread(y) << 1);
    }

    /** ra into [0, 360): ra = 360 is ra = 0 and negative ra wraps. */
    public static double normalizeRa(double raDeg) {
        if (!Double.isFinite(raDeg)) {
            throw new SkyshardException(SpatialErrorCode.INVALID_COORDINATE, "ra must be finite, got " + raDeg);
        }
        double ra = raDeg % 360.0;
        if (ra < 0) {
            ra += 360.0;
        }
        if (ra >= 360.0) {
            ra = 0.0; // -tiny + 360 rounds to 360
        }
        return ra;
    }

    public static void checkDec(double decDeg, String where) {
        if (!(decDeg >= -90.0 && decDeg <= 90.0)) {
            throw new SkyshardException(SpatialErrorCode.INVALID_COORDINATE,
                    where + ": dec must be in [-90, 90], got " + decDeg);
        }
    }

    public static void checkOrder(int order) {
        if (order < 0 || order > MAX_ORDER) {
            throw new SkyshardException(SpatialErrorCode.INVALID_ORDER,
                    "HEALPix order must be in [0, " + MAX_ORDER + "], got " + order);
        }
    }

    public static void checkPix(int order, long pix) {
        checkOrder(order);
        if (pix < 0 || pix >= (12L << (2 * order))) {
            throw new SkyshardException(SpatialErrorCode.INVALID_PIXEL,
                    "NESTED pixel " + pix + " out of range at order " + order);
        }
    }
}
