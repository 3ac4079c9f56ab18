package io.skyshard.spatial.region;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.spatial.SpatialErrorCode;
import io.skyshard.spatial.geometry.SphereMath;
import io.skyshard.spatial.healpix.Healpix;
import io.skyshard.spatial.healpix.PixelBounds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Region -> conservative set of NESTED pixels at an order: every pixel that holds a point of the region is
 * returned (a few extra pixels near the boundary may be returned too).
 *
 * <p>Descends from the 12 base pixels. A pixel is dropped when a conservative test proves it disjoint from the
 * region (its bounding cap or its exact ra/dec box against the region); it is kept whole, with all its
 * descendants, when a test proves it inside the region; otherwise it is split. At the target order circles (and
 * the overlap test built on them) get a finer test against the pixel's sampled outline, so that a small circle
 * does not drag in neighbours that only its bounding cap touches.
 */
public final class RegionCoverer {
    /** Cap on the pixels {@link #cover} materialises; use {@link #coverRanges} for huge coverages. */
    public static final long MAX_PIXELS = 20_000_000L;

    /** Segments per pixel edge in the fine test; see {@link #EDGE_MARGIN_FRACTION}. */
    static final int SEGMENTS_PER_EDGE = 16;
    /**
     * A pixel edge deviates from the chord arcs between its samples by far less than this fraction of the pixel
     * radius (TestPixelBounds measures the deviation); the fine test widens the region by it.
     */
    static final double EDGE_MARGIN_FRACTION = 0.002;
    /** The coarse pre-test: 4 segments per edge deviate by up to ~1% of the pixel radius (TestPixelBounds). */
    static final int COARSE_SEGMENTS_PER_EDGE = 4;
    static final double COARSE_EDGE_MARGIN_FRACTION = 0.05;

    private RegionCoverer() {
    }

    /** Sorted NESTED pixels at {@code order} that may hold a point of the region. */
    public static long[] cover(Region region, int order) {
        List<PixelRange> ranges = coverRanges(region, order);
        long total = 0;
        for (PixelRange r : ranges) {
            total += r.size();
        }
        if (total > MAX_PIXELS) {
            throw new SkyshardException(SpatialErrorCode.COVERAGE_TOO_LARGE,
                    "coverage of " + region + " at order " + order + " has " + total + " pixels, more than "
                            + MAX_PIXELS + "; use a coarser order or pixel ranges");
        }
        long[] out = new long[(int) total];
        int i = 0;
        for (PixelRange r : ranges) {
            for (long p = r.start(); p < r.end(); p++) {
                out[i++] = p;
            }
        }
        return out;
    }

    /** The coverage as sorted, merged half-open ranges of NESTED pixels at {@code order}. */
    public static List<PixelRange> coverRanges(Region region, int order) {
        Healpix.checkOrder(order);
        Shape shape = shapeOf(region);
        List<PixelRange> out = new ArrayList<>();
        for (int base = 0; base < 12; base++) {
            descend(shape, 0, base, order, out);
        }
        return out;
    }

    /**
     * The given pixels (at {@code order}) that may hold a point of the region, by the tests
     * {@link #cover} applies to a pixel of its target order, in their given order: for callers that
     * already know the few candidates (the chunks next to a point), where descending from the twelve
     * base pixels would test many more.
     */
    public static int[] mayHold(Region region, int order, int[] pixels, int count) {
        Shape shape = shapeOf(region);
        int[] out = new int[count];
        int kept = 0;
        for (int i = 0; i < count; i++) {
            Healpix.checkPix(order, pixels[i]);
            PixelBounds bounds = PixelBounds.of(order, pixels[i]);
            if (shape.mayIntersect(bounds) && (shape.containsAll(bounds) || shape.finelyMayIntersect(order, pixels[i], bounds))) {
                out[kept++] = pixels[i];
            }
        }
        return Arrays.copyOf(out, kept);
    }

    private static void descend(Shape shape, int order, long pix, int target, List<PixelRange> out) {
        PixelBounds bounds = PixelBounds.of(order, pix);
        if (!shape.mayIntersect(bounds)) {
            return;
        }
        if (order == target) {
            if (shape.finelyMayIntersect(order, pix, bounds)) {
                emit(out, pix, pix + 1);
            }
            return;
        }
        if (shape.containsAll(bounds)) {
            int shift = 2 * (target - order);
            emit(out, pix << shift, (pix + 1) << shift);
            return;
        }
        for (int child = 0; child < 4; child++) {
            descend(shape, order + 1, (pix << 2) + child, target, out);
        }
    }

    private static void emit(List<PixelRange> out, long start, long end) {
        if (!out.isEmpty() && out.get(out.size() - 1).end() == start) {
            PixelRange last = out.remove(out.size() - 1);
            out.add(new PixelRange(last.start(), end));
        } else {
            out.add(new PixelRange(start, end));
        }
    }

    private static Shape shapeOf(Region region) {
        return switch (region) {
            case Circle c -> new CapShape(SphereMath.toVector(c.ra(), c.dec()),
                    Math.toRadians(Math.min(180.0, c.radiusDeg())), Math.toRadians(Math.min(180.0, c.radiusDeg())),
                    true);
            case Ellipse e -> new CapShape(SphereMath.toVector(e.ra(), e.dec()),
                    Math.toRadians(e.boundingRadiusDeg()), Math.toRadians(e.inscribedRadiusDeg()), true);
            case Box b -> new BoxShape(b);
            case ConvexPolygon p -> new PolygonShape(ConvexPolygon.edgeNormals(p.vertices()));
        };
    }

    /** Conservative tests of a region against a pixel. */
    private interface Shape {
        /** False only when the pixel certainly holds no point of the region. */
        boolean mayIntersect(PixelBounds pixel);

        /** True only when every point of the pixel is in the region. */
        boolean containsAll(PixelBounds pixel);

        /** A finer (still conservative) test at the target order; defaults to keeping the pixel. */
        default boolean finelyMayIntersect(int order, long pix, PixelBounds pixel) {
            return true;
        }
    }

    /** A cap of outer radius (everything of the region lies in it) and inner radius (all of it is in the region). */
    private record CapShape(double[] centre, double outerRad, double innerRad, boolean fine) implements Shape {
        @Override
        public boolean mayIntersect(PixelBounds pixel) {
            return SphereMath.separationRad(centre, pixel.centre()) <= outerRad + pixel.radiusRad();
        }

        @Override
        public boolean containsAll(PixelBounds pixel) {
            return SphereMath.separationRad(centre, pixel.centre()) + pixel.radiusRad() <= innerRad;
        }

        @Override
        public boolean finelyMayIntersect(int order, long pix, PixelBounds pixel) {
            if (!fine || SphereMath.separationRad(centre, pixel.centre()) <= outerRad) {
                return true;
            }
            if (Healpix.vecToPix(order, centre[0], centre[1], centre[2]) == pix) {
                return true;
            }
            // A cheap coarse outline with a wide margin rejects most pixels first; the fine outline decides the rest.
            return nearOutline(order, pix, COARSE_SEGMENTS_PER_EDGE, COARSE_EDGE_MARGIN_FRACTION, pixel)
                    && nearOutline(order, pix, SEGMENTS_PER_EDGE, EDGE_MARGIN_FRACTION, pixel);
        }

        private boolean nearOutline(int order, long pix, int segments, double marginFraction, PixelBounds pixel) {
            double[][] outline = PixelBounds.boundary(order, pix, segments);
            double limit = outerRad + marginFraction * pixel.radiusRad();
            for (int i = 0; i < outline.length; i++) {
                if (distanceToArc(centre, outline[i], outline[(i + 1) % outline.length]) <= limit) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Angular distance (radians) from p to the minor great-circle arc a-b. Cross products are taken with
     * differences (a x b = a x (b - a)) so that arcs of order-29 pixels (~1e-9 rad) keep their precision.
     */
    static double distanceToArc(double[] p, double[] a, double[] b) {
        double[] n = SphereMath.cross(a, minus(b, a));
        double len = Math.sqrt(SphereMath.dot(n, n));
        if (len > 1e-300) {
            n = new double[] {n[0] / len, n[1] / len, n[2] / len};
            // p projects inside the arc when it is on the inner side of the great circles through n and a, n and b.
            if (SphereMath.dot(SphereMath.cross(a, minus(p, a)), n) >= 0
                    && SphereMath.dot(SphereMath.cross(p, minus(b, p)), n) >= 0) {
                return Math.asin(Math.min(1.0, Math.abs(SphereMath.dot(minus(p, a), n))));
            }
        }
        return Math.min(SphereMath.separationRad(p, a), SphereMath.separationRad(p, b));
    }

    private static double[] minus(double[] u, double[] v) {
        return new double[] {u[0] - v[0], u[1] - v[1], u[2] - v[2]};
    }

    private record BoxShape(Box box) implements Shape {
        @Override
        public boolean mayIntersect(PixelBounds pixel) {
            if (pixel.decMax() < box.decMin() || pixel.decMin() > box.decMax()) {
                return false;
            }
            if (box.fullRa() || pixel.raWidth() >= 360.0) {
                return true;
            }
            return raOverlap(box.raStart(), box.raWidth(), pixel.raStart(), pixel.raWidth());
        }

        @Override
        public boolean containsAll(PixelBounds pixel) {
            if (pixel.decMin() < box.decMin() || pixel.decMax() > box.decMax()) {
                return false;
            }
            if (box.fullRa()) {
                return true;
            }
            double offset = pixel.raStart() - box.raStart();
            if (offset < 0) {
                offset += 360.0;
            }
            return offset + pixel.raWidth() <= box.raWidth();
        }

        private static boolean raOverlap(double s1, double w1, double s2, double w2) {
            double d12 = s2 - s1;
            if (d12 < 0) {
                d12 += 360.0;
            }
            double d21 = s1 - s2;
            if (d21 < 0) {
                d21 += 360.0;
            }
            return d12 <= w1 || d21 <= w2;
        }
    }

    /** Inward unit normals of the polygon's edges; a cap is outside when it is beyond any one edge. */
    private record PolygonShape(double[][] normals) implements Shape {
        @Override
        public boolean mayIntersect(PixelBounds pixel) {
            double sinR = Math.sin(Math.min(pixel.radiusRad(), Math.PI / 2));
            for (double[] n : normals) {
                if (pixel.radiusRad() < Math.PI / 2 && SphereMath.dot(n, pixel.centre()) < -sinR) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean containsAll(PixelBounds pixel) {
            if (pixel.radiusRad() >= Math.PI / 2) {
                return false;
            }
            double sinR = Math.sin(pixel.radiusRad());
            for (double[] n : normals) {
                if (SphereMath.dot(n, pixel.centre()) < sinR) {
                    return false;
                }
            }
            return true;
        }
    }
}
