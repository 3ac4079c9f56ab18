package io.skyshard.spatial.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.spatial.ReferenceData;
import io.skyshard.spatial.geometry.SphereMath;
import io.skyshard.spatial.healpix.Healpix;
import io.skyshard.spatial.region.Box;
import io.skyshard.spatial.region.Circle;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TestChunker {
    private static final double ARCMIN = 1.0 / 60;

    @Test
    void locateMatchesHealpy() {
        Chunker chunker = new Chunker(5, 9, ARCMIN);
        List<String[]> rows = ReferenceData.rows("chunks.tsv");
        int compared = 0;
        for (String[] r : rows) {
            if (!r[4].equals("1")) {
                continue;
            }
            ChunkLocation loc = chunker.locate(Double.parseDouble(r[0]), Double.parseDouble(r[1]));
            assertThat(loc).as("ra %s dec %s", r[0], r[1])
                    .isEqualTo(new ChunkLocation(Integer.parseInt(r[2]), Integer.parseInt(r[3])));
            compared++;
        }
        assertThat(compared).isGreaterThan(400);
    }

    @Test
    void locateNormalisesRaAndSortKeyIsOrder20() {
        Chunker chunker = new Chunker(5, 9, ARCMIN);
        assertThat(chunker.locate(360.0, 12.0)).isEqualTo(chunker.locate(0.0, 12.0));
        assertThat(chunker.locate(-45.0, -3.0)).isEqualTo(chunker.locate(315.0, -3.0));
        ChunkLocation loc = chunker.locate(123.4, -56.7);
        assertThat(loc.subChunkId()).isBetween(0, chunker.subChunksPerChunk() - 1);
        long sub = Healpix.angToPix(9, 123.4, -56.7);
        assertThat(((long) loc.chunkId() << 8) + loc.subChunkId()).isEqualTo(sub);
        assertThat(Chunker.sortKey(123.4, -56.7)).isEqualTo(Healpix.angToPix(20, 123.4, -56.7));
        assertThat(Chunker.sortKey(123.4, -56.7) >> 30).isEqualTo(loc.chunkId());
    }

    /**
     * Locating a point from its sort key (one pixel computation per row) gives exactly what locating
     * it from scratch gives: random points, points on pixel edges at the chunk, sub-chunk and
     * interior orders, near the poles and at ra 0/360; sub-chunk orders finer than the key fall back.
     */
    @Test
    void placingFromTheSortKeyIsExact() {
        Random random = new Random(29);
        List<Chunker> chunkers = List.of(new Chunker(5, 9, ARCMIN), new Chunker(0, 3, 5.0), new Chunker(8, 20, 0.001),
                new Chunker(10, 22, 0.0001), new Chunker(13, 13, 0));
        List<double[]> points = new java.util.ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            points.add(new double[] {random.nextDouble() * 360, Math.toDegrees(Math.asin(2 * random.nextDouble() - 1))});
        }
        for (int order : new int[] {0, 3, 5, 9, 12}) {
            for (int i = 0; i < 2_000; i++) {
                long pix = random.nextLong(Healpix.nPix(order));
                for (double[] corner : Healpix.corners(order, pix)) {
                    points.add(corner);
                }
            }
        }
        for (double dec : new double[] {90, -90, 89.999999, -89.999999, 41.8103149, -41.8103149, 0}) {
            for (double ra : new double[] {0, 360, 359.9999999999, 1e-12, 45, 90, 180, 270}) {
                points.add(new double[] {ra, dec});
            }
        }
        for (Chunker chunker : chunkers) {
            for (double[] p : points) {
                long key = Chunker.sortKey(p[0], p[1]);
                assertThat(chunker.locate(p[0], p[1], key)).as("%s at (%s, %s)", chunker, p[0], p[1])
                        .isEqualTo(chunker.locate(p[0], p[1]));
                assertThat(chunker.overlapChunks(p[0], p[1], key)).as("%s at (%s, %s)", chunker, p[0], p[1])
                        .containsExactly(chunker.overlapChunks(p[0], p[1]));
            }
        }
    }

    @Test
    void chunksCoveringIsSortedAndComplete() {
        Chunker chunker = new Chunker(5, 9, ARCMIN);
        int[] all = chunker.chunksCovering(new Box(0, -90, 360, 90));
        assertThat(all).hasSize(12288).isSorted();
        int[] cone = chunker.chunksCovering(new Circle(359.99, 0.0, 1.0));
        assertThat(cone).isSorted().contains(chunker.locate(0.5, 0.0).chunkId(), chunker.locate(359.5, 0.0).chunkId());
        int chunk = chunker.locate(10, 10).chunkId();
        int[] subs = chunker.subChunksCovering(chunk, new Circle(10, 10, 0.01));
        assertThat(subs).contains(chunker.locate(10, 10).subChunkId());
        assertThat(subs.length).isLessThanOrEqualTo(4);
    }

    @Test
    void overlapChunksMatchBruteForceNearChunkCorners() {
        Random random = new Random(17);
        double overlap = ARCMIN;
        Chunker chunker = new Chunker(5, 9, overlap);
        int withOverlap = 0;
        for (int i = 0; i < 150; i++) {
            long chunk = (long) (random.nextDouble() * Healpix.nPix(5));
            double[][] corners = Healpix.corners(5, chunk);
            double[] corner = corners[random.nextInt(4)];
            double[] centre = Healpix.pixToAng(5, chunk);
            // a point inside the chunk, within a couple of overlap radii of one of its corners
            double f = random.nextDouble() * 3 * overlap / SphereMath.separationDeg(corner[0], corner[1], centre[0], centre[1]);
            double[] p = along(corner, centre, f);
            int[] got = chunker.overlapChunks(p[0], p[1]);
            assertThat(got).isSorted().doesNotContain(chunker.locate(p[0], p[1]).chunkId());
            Set<Integer> mustHave = bruteForce(chunker, p, overlap * 0.999);
            mustHave.remove(chunker.locate(p[0], p[1]).chunkId());
            Set<Integer> mayHave = bruteForce(chunker, p, overlap * 1.5);
            assertThat(Arrays.stream(got).boxed().toList()).containsAll(mustHave);
            assertThat(mayHave).containsAll(Arrays.stream(got).boxed().toList());
            if (got.length > 0) {
                withOverlap++;
            }
        }
        assertThat(withOverlap).isGreaterThan(50);
        // far from any chunk boundary there is nothing to copy
        double[] c = Healpix.pixToAng(5, 777);
        assertThat(chunker.overlapChunks(c[0], c[1])).isEmpty();
        assertThat(new Chunker(5, 9, 0).overlapChunks(corner(777)[0], corner(777)[1])).isEmpty();
    }

    @Test
    void interiorShortcutGivesTheCoveringAnswerEverywhere() {
        // The shortcut skips the coverage search for points in cells away from chunk edges; it must never
        // change the answer: compared on uniform points, points near chunk edges and corners, the poles
        // and the latitudes where HEALPix's polar and equatorial zones meet (the most distorted cells).
        Random random = new Random(23);
        double[][] configs = {{2, ARCMIN}, {5, ARCMIN}, {4, 5 * ARCMIN}, {7, 0.5 * ARCMIN}, {1, 0.2}};
        for (double[] config : configs) {
            Chunker chunker = new Chunker((int) config[0], (int) config[0] + 4, config[1]);
            assertThat(Chunker.interiorOrder((int) config[0], config[1])).isGreaterThan((int) config[0] + 1);
            int skipped = 0;
            for (int i = 0; i < 30_000; i++) {
                double[] p = switch (i % 4) {
                    case 0 -> new double[] {random.nextDouble() * 360, Math.toDegrees(Math.asin(2 * random.nextDouble() - 1))};
                    case 1 -> new double[] {random.nextDouble() * 360, (random.nextBoolean() ? 1 : -1) * (80 + 10 * random.nextDouble())};
                    case 2 -> new double[] {random.nextDouble() * 360,
                        (random.nextBoolean() ? 1 : -1) * (Math.toDegrees(Math.asin(2.0 / 3)) + (random.nextDouble() - 0.5) * 4)};
                    default -> nearChunkEdge(chunker, random);
                };
                int[] fast = chunker.overlapChunks(p[0], p[1]);
                int[] full = chunker.overlapChunksByCoverage(p[0], p[1]);
                assertThat(fast).as("chunk order %d, overlap %s deg, point %s", chunker.chunkOrder(), config[1], Arrays.toString(p))
                        .isEqualTo(full);
                if (fast.length == 0) {
                    skipped++;
                }
            }
            assertThat(skipped).isGreaterThan(5_000);
        }
    }

    /** A point of a random chunk a few overlap radii inside one of its edges. */
    private static double[] nearChunkEdge(Chunker chunker, Random random) {
        int order = chunker.chunkOrder();
        long chunk = (long) (random.nextDouble() * Healpix.nPix(order));
        double[][] corners = Healpix.corners(order, chunk);
        int k = random.nextInt(4);
        double[] a = corners[k];
        double[] b = corners[(k + 1) % 4];
        double[] edge = along(a, b, random.nextDouble());
        double[] centre = Healpix.pixToAng(order, chunk);
        double f = random.nextDouble() * 12 * chunker.overlapDeg() / SphereMath.separationDeg(edge[0], edge[1], centre[0], centre[1]);
        return along(edge, centre, Math.min(1, f));
    }

    private static double[] corner(long chunk) {
        return Healpix.corners(5, chunk)[0];
    }

    /** Chunks of points sampled densely in the disc of the given radius around p. */
    private static Set<Integer> bruteForce(Chunker chunker, double[] p, double radius) {
        Set<Integer> out = new TreeSet<>();
        for (int ring = 0; ring <= 16; ring++) {
            double r = radius * ring / 16;
            for (int k = 0; k < 240; k++) {
                double[] q = destination(p[0], p[1], r, k * 1.5);
                out.add(chunker.locate(q[0], q[1]).chunkId());
            }
        }
        return out;
    }

    /** The point a fraction f of the way from a to b (along the great circle). */
    private static double[] along(double[] a, double[] b, double f) {
        double[] u = SphereMath.toVector(a[0], a[1]);
        double[] v = SphereMath.toVector(b[0], b[1]);
        double[] w = SphereMath.normalize(new double[] {u[0] + f * (v[0] - u[0]), u[1] + f * (v[1] - u[1]), u[2] + f * (v[2] - u[2])});
        return new double[] {Healpix.normalizeRa(Math.toDegrees(Math.atan2(w[1], w[0]))), Math.toDegrees(Math.asin(w[2]))};
    }

    private static double[] destination(double ra, double dec, double distDeg, double bearingDeg) {
        double r = Math.toRadians(ra);
        double d = Math.toRadians(dec);
        double dist = Math.toRadians(distDeg);
        double b = Math.toRadians(bearingDeg);
        double[] c = {Math.cos(d) * Math.cos(r), Math.cos(d) * Math.sin(r), Math.sin(d)};
        double[] north = {-Math.sin(d) * Math.cos(r), -Math.sin(d) * Math.sin(r), Math.cos(d)};
        double[] east = {-Math.sin(r), Math.cos(r), 0};
        double[] q = new double[3];
        for (int i = 0; i < 3; i++) {
            q[i] = Math.cos(dist) * c[i] + Math.sin(dist) * (Math.cos(b) * north[i] + Math.sin(b) * east[i]);
        }
        return new double[] {Healpix.normalizeRa(Math.toDegrees(Math.atan2(q[1], q[0]))),
            Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, q[2]))))};
    }

    @Test
    void badConfigurationIsRejected() {
        assertThatThrownBy(() -> new Chunker(14, 16, 0)).isInstanceOf(SkyshardException.class)
                .hasMessageContaining("chunk order");
        assertThatThrownBy(() -> new Chunker(5, 4, 0)).isInstanceOf(SkyshardException.class)
                .hasMessageContaining("sub-chunk order");
        assertThatThrownBy(() -> new Chunker(5, 9, -1)).isInstanceOf(SkyshardException.class)
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> new Chunker(5, 9, 0.1).locate(0, 95)).isInstanceOf(SkyshardException.class);
    }
}
