package io.skyshard.spatial.region;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyshard.spatial.healpix.Healpix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TestRegionCoverer {
    private static final int[] ORDERS = {2, 5, 8, 10};

    @Test
    void coverageNeverMissesAPixelOfRandomRegions() {
        Random random = new Random(42);
        int checked = 0;
        for (int i = 0; i < 160; i++) {
            Region region = randomRegion(random, i);
            double[] centre = centreOf(region);
            double reach = reachDeg(region);
            for (int order : ORDERS) {
                if (order >= 8 && reach > 5) {
                    continue; // keep the suite fast: large regions at fine orders add nothing new
                }
                long[] cover = RegionCoverer.cover(region, order);
                assertThat(cover).isSorted();
                int inside = 0;
                for (int k = 0; k < 3000 && inside < 300; k++) {
                    double[] p = destination(centre[0], centre[1], reach * Math.sqrt(random.nextDouble()),
                            random.nextDouble() * 360.0);
                    if (region.contains(p[0], p[1])) {
                        inside++;
                        long pix = Healpix.angToPix(order, p[0], p[1]);
                        assertThat(Arrays.binarySearch(cover, pix))
                                .as("%s at order %d misses pixel %d of point (%s, %s)", region, order, pix, p[0], p[1])
                                .isGreaterThanOrEqualTo(0);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(50_000);
    }

    @Test
    void boundaryPointsOfCirclesAreCovered() {
        Random random = new Random(9);
        for (int i = 0; i < 300; i++) {
            double ra = random.nextDouble() * 360;
            double dec = i % 10 == 0 ? 90 - random.nextDouble() * 0.01 : Math.toDegrees(Math.asin(2 * random.nextDouble() - 1));
            double radius = Math.pow(10, -3 + 3 * random.nextDouble());
            int order = 4 + random.nextInt(9);
            Circle circle = new Circle(ra, dec, radius);
            long[] cover = RegionCoverer.cover(circle, order);
            for (int k = 0; k < 64; k++) {
                double[] p = destination(ra, dec, radius * 0.999999, k * 360.0 / 64);
                assertThat(Arrays.binarySearch(cover, Healpix.angToPix(order, p[0], p[1]))).isGreaterThanOrEqualTo(0);
            }
        }
    }

    @Test
    void smallCirclesGiveFewPixels() {
        Random random = new Random(1);
        int atMostFour = 0;
        int trials = 500;
        for (int i = 0; i < trials; i++) {
            double ra = random.nextDouble() * 360;
            double dec = Math.toDegrees(Math.asin(2 * random.nextDouble() - 1));
            long[] cover = RegionCoverer.cover(new Circle(ra, dec, 0.05), 5);
            assertThat(cover.length).isBetween(1, 6);
            if (cover.length <= 4) {
                atMostFour++;
            }
            assertThat(cover).contains(Healpix.angToPix(5, ra, dec));
        }
        assertThat(atMostFour).isEqualTo(trials);
        // a point well inside a pixel gives exactly that pixel
        double[] c = Healpix.pixToAng(5, 1234);
        assertThat(RegionCoverer.cover(new Circle(c[0], c[1], 0.05), 5)).containsExactly(1234L);
    }

    @Test
    void wholeSkyAndBandsAreExact() {
        assertThat(RegionCoverer.cover(new Box(0, -90, 360, 90), 5)).hasSize(12288);
        assertThat(RegionCoverer.coverRanges(new Box(0, -90, 360, 90), 10))
                .containsExactly(new PixelRange(0, Healpix.nPix(10)));
        assertThat(RegionCoverer.cover(new Circle(10, 10, 180), 3)).hasSize((int) Healpix.nPix(3));
        // a thin band around the pole: every pixel touching dec > 89 and nothing near the equator
        long[] cap = RegionCoverer.cover(new Box(0, 89, 360, 90), 6);
        assertThat(cap).contains(Healpix.angToPix(6, 0, 90), Healpix.angToPix(6, 200, 89.5));
        for (long p : cap) {
            assertThat(Healpix.pixToAng(6, p)[1]).isGreaterThan(87.0);
        }
    }

    @Test
    void wrappingBoxCoversBothSidesOfZero() {
        Box box = new Box(359.5, -0.5, 0.5, 0.5);
        long[] cover = RegionCoverer.cover(box, 8);
        assertThat(cover).contains(Healpix.angToPix(8, 359.9, 0.0), Healpix.angToPix(8, 0.1, 0.0));
        assertThat(cover).doesNotContain(Healpix.angToPix(8, 180.0, 0.0));
        assertThat(cover.length).isLessThan(200);
    }

    private static Region randomRegion(Random random, int i) {
        double ra = random.nextDouble() * 360;
        double dec = switch (i % 5) {
            case 0 -> (random.nextBoolean() ? 1 : -1) * (89.0 + random.nextDouble()); // around the poles
            case 1 -> random.nextDouble() - 0.5; // equator
            default -> Math.toDegrees(Math.asin(2 * random.nextDouble() - 1));
        };
        if (i % 7 == 0) {
            ra = 359.0 + 2 * random.nextDouble(); // across ra = 0/360
        }
        double size = Math.pow(10, -2 + 3 * random.nextDouble()); // 0.01 .. 10 degrees
        return switch (i % 4) {
            case 0 -> new Circle(Healpix.normalizeRa(ra), dec, size);
            case 1 -> {
                double dMin = Math.max(-90, dec - size / 2);
                double dMax = Math.min(90, dec + size / 2);
                yield new Box(Healpix.normalizeRa(ra - size), dMin, Healpix.normalizeRa(ra + size), dMax);
            }
            case 2 -> {
                List<double[]> v = new ArrayList<>();
                int n = 3 + random.nextInt(4);
                double start = random.nextDouble() * 360;
                for (int k = 0; k < n; k++) {
                    double[] p = destination(ra, Math.max(-89.9, Math.min(89.9, dec)), size, start + k * 360.0 / n);
                    v.add(p);
                }
                if (random.nextBoolean()) {
                    java.util.Collections.reverse(v);
                }
                yield new ConvexPolygon(v);
            }
            default -> {
                double major = Math.min(36000, size * 3600);
                yield new Ellipse(Healpix.normalizeRa(ra), dec, major, major * random.nextDouble(),
                        random.nextDouble() * 360 - 180);
            }
        };
    }

    private static double[] centreOf(Region region) {
        return switch (region) {
            case Circle c -> new double[] {c.ra(), c.dec()};
            case Ellipse e -> new double[] {e.ra(), e.dec()};
            case Box b -> new double[] {b.raStart() + b.raWidth() / 2, (b.decMin() + b.decMax()) / 2};
            case ConvexPolygon p -> {
                double x = 0;
                double y = 0;
                double z = 0;
                for (double[] v : p.vertices()) {
                    double[] u = io.skyshard.spatial.geometry.SphereMath.toVector(v[0], v[1]);
                    x += u[0];
                    y += u[1];
                    z += u[2];
                }
                double n = Math.sqrt(x * x + y * y + z * z);
                yield new double[] {Healpix.normalizeRa(Math.toDegrees(Math.atan2(y, x))), Math.toDegrees(Math.asin(z / n))};
            }
        };
    }

    /** A radius around centreOf() that contains the region, with some room to sample outside it. */
    private static double reachDeg(Region region) {
        return switch (region) {
            case Circle c -> c.radiusDeg() * 1.2;
            case Ellipse e -> e.semiMajorArcsec() / 3600 * 1.2;
            case Box b -> Math.min(180, 1.2 * Math.max(b.raWidth(), b.decMax() - b.decMin()) + 1);
            case ConvexPolygon p -> {
                double[] c = centreOf(p);
                double max = 0;
                for (double[] v : p.vertices()) {
                    max = Math.max(max, io.skyshard.spatial.geometry.SphereMath.separationDeg(c[0], c[1], v[0], v[1]));
                }
                yield max * 1.2;
            }
        };
    }

    /** Point at an angular distance and bearing (east of north) from (ra, dec). */
    static double[] destination(double ra, double dec, double distDeg, double bearingDeg) {
        double r = Math.toRadians(ra);
        double d = Math.toRadians(dec);
        double[] c = {Math.cos(d) * Math.cos(r), Math.cos(d) * Math.sin(r), Math.sin(d)};
        double[] north = {-Math.sin(d) * Math.cos(r), -Math.sin(d) * Math.sin(r), Math.cos(d)};
        double[] east = {-Math.sin(r), Math.cos(r), 0};
        double dist = Math.toRadians(distDeg);
        double b = Math.toRadians(bearingDeg);
        double[] p = new double[3];
        for (int i = 0; i < 3; i++) {
            p[i] = Math.cos(dist) * c[i] + Math.sin(dist) * (Math.cos(b) * north[i] + Math.sin(b) * east[i]);
        }
        double z = Math.max(-1, Math.min(1, p[2]));
        return new double[] {Healpix.normalizeRa(Math.toDegrees(Math.atan2(p[1], p[0]))), Math.toDegrees(Math.asin(z))};
    }
}
