package io.skyshard.spatial.geometry;

/** Unit-vector helpers on the sphere; angles in degrees unless a name says radians. */
public final class SphereMath {
    private SphereMath() {
    }

    /** Unit vector {x, y, z} of (ra, dec) in degrees. */
    public static double[] toVector(double raDeg, double decDeg) {
        double ra = Math.toRadians(raDeg);
        double dec = Math.toRadians(decDeg);
        double cosDec = Math.cos(dec);
        return new double[] {cosDec * Math.cos(ra), cosDec * Math.sin(ra), Math.sin(dec)};
    }

    /**
     * Angular separation in degrees by the haversine formula in its atan2 form: built from sines of half
     * differences, it keeps full relative precision for separations far below what unit vectors resolve.
     */
    public static double separationDeg(double ra1, double dec1, double ra2, double dec2) {
        double d1 = Math.toRadians(dec1);
        double d2 = Math.toRadians(dec2);
        double sinHalfDDec = Math.sin(Math.toRadians(dec2 - dec1) / 2); // difference before scaling: exact
        double sinHalfDRa = Math.sin(Math.toRadians(ra2 - ra1) / 2);
        double h = sinHalfDDec * sinHalfDDec + Math.cos(d1) * Math.cos(d2) * sinHalfDRa * sinHalfDRa;
        h = Math.min(1.0, Math.max(0.0, h));
        return Math.toDegrees(2 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h)));
    }

    /** Angular separation (radians) of unit vectors: atan2(|a x b|, a.b), accurate at all separations. */
    public static double separationRad(double[] a, double[] b) {
        double cx = a[1] * b[2] - a[2] * b[1];
        double cy = a[2] * b[0] - a[0] * b[2];
        double cz = a[0] * b[1] - a[1] * b[0];
        double cross = Math.sqrt(cx * cx + cy * cy + cz * cz);
        double dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
        return Math.atan2(cross, dot);
    }

    public static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    public static double[] cross(double[] a, double[] b) {
        return new double[] {
            a[1] * b[2] - a[2] * b[1],
            a[2] * b[0] - a[0] * b[2],
            a[0] * b[1] - a[1] * b[0],
        };
    }

    public static double[] normalize(double[] v) {
        double n = Math.sqrt(dot(v, v));
        return new double[] {v[0] / n, v[1] / n, v[2] / n};
    }
}
