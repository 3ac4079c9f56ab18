package io.skyshard.spatial.region;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.spatial.SpatialErrorCode;
import io.skyshard.spatial.geometry.SphereMath;
import io.skyshard.spatial.healpix.Healpix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Spherical convex polygon; vertices as {ra, dec} in degrees (either winding). Edges are great-circle arcs; a
 * point is inside when it is on the inner side of every edge's great circle (boundary included).
 */
public record ConvexPolygon(List<double[]> vertices) implements Region {
    /** Relative tolerance of the convexity check, so that nearly collinear vertices are accepted. */
    private static final double CONVEXITY_TOLERANCE = 1e-12;

    public ConvexPolygon {
        if (vertices == null || vertices.size() < 3) {
            throw new SkyshardException(SpatialErrorCode.INVALID_REGION,
                    "polygon needs at least 3 vertices, got " + (vertices == null ? 0 : vertices.size()));
        }
        List<double[]> copy = new ArrayList<>(vertices.size());
        for (int i = 0; i < vertices.size(); i++) {
            double[] v = vertices.get(i);
            if (v == null || v.length != 2) {
                throw new SkyshardException(SpatialErrorCode.INVALID_REGION,
                        "polygon vertex " + i + " must be {ra, dec}");
            }
            RegionChecks.checkRa(v[0], "polygon vertex " + i);
            Healpix.checkDec(v[1], "polygon vertex " + i);
            copy.add(v.clone());
        }
        vertices = List.copyOf(copy);
        edgeNormals(vertices); // validates shape
    }

    /** Convenience: {@code ConvexPolygon.of(ra1, dec1, ra2, dec2, ...)}. */
    public static ConvexPolygon of(double... raDecPairs) {
        if (raDecPairs.length % 2 != 0) {
            throw new SkyshardException(SpatialErrorCode.INVALID_REGION,
                    "polygon needs ra/dec pairs, got an odd number of values: " + raDecPairs.length);
        }
        List<double[]> v = new ArrayList<>();
        for (int i = 0; i < raDecPairs.length; i += 2) {
            v.add(new double[] {raDecPairs[i], raDecPairs[i + 1]});
        }
        return new ConvexPolygon(v);
    }

    @Override
    public List<double[]> vertices() {
        List<double[]> out = new ArrayList<>(vertices.size());
        for (double[] v : vertices) {
            out.add(v.clone());
        }
        return out;
    }

    @Override
    public boolean contains(double raDeg, double decDeg) {
        Healpix.checkDec(decDeg, "polygon contains");
        double[] p = SphereMath.toVector(raDeg, decDeg);
        for (double[] n : edgeNormals(vertices)) {
            if (SphereMath.dot(n, p) < -1e-15) {
                return false;
            }
        }
        return true;
    }

    /**
     * Unit normals of the edges' great circles, oriented towards the inside. Throws when the vertices do not form
     * a convex polygon (repeated vertices, antipodal edges, non-convex or self-crossing outline).
     */
    public static double[][] edgeNormals(List<double[]> vertices) {
        int n = vertices.size();
        double[][] vec = new double[n][];
        for (int i = 0; i < n; i++) {
            vec[i] = SphereMath.toVector(vertices.get(i)[0], vertices.get(i)[1]);
        }
        double[][] normals = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] c = SphereMath.cross(vec[i], vec[(i + 1) % n]);
            double len = Math.sqrt(SphereMath.dot(c, c));
            if (len < 1e-15) {
                throw new SkyshardException(SpatialErrorCode.INVALID_REGION,
                        "polygon edge " + i + " is degenerate (repeated or antipodal vertices)");
            }
            normals[i] = new double[] {c[0] / len, c[1] / len, c[2] / len};
        }
        // Winding: for a convex polygon every vertex lies on the same side of every edge; the sum over all
        // vertices is robust to one vertex being (nearly) on the first edge's great circle.
        double side = 0;
        for (double[] v : vec) {
            side += SphereMath.dot(normals[0], v);
        }
        if (side < 0) {
            for (double[] nrm : normals) {
                nrm[0] = -nrm[0];
                nrm[1] = -nrm[1];
                nrm[2] = -nrm[2];
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (SphereMath.dot(normals[i], vec[j]) < -CONVEXITY_TOLERANCE) {
                    throw new SkyshardException(SpatialErrorCode.INVALID_REGION,
                            "polygon is not convex: vertex " + j + " " + Arrays.toString(vertices.get(j))
                                    + " is outside edge " + i);
                }
            }
        }
        return normals;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ConvexPolygon other) || other.vertices.size() != vertices.size()) {
            return false;
        }
        for (int i = 0; i < vertices.size(); i++) {
            if (!Arrays.equals(vertices.get(i), other.vertices.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (double[] v : vertices) {
            h = 31 * h + Arrays.hashCode(v);
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ConvexPolygon[");
        for (int i = 0; i < vertices.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(Arrays.toString(vertices.get(i)));
        }
        return sb.append(']').toString();
    }
}
