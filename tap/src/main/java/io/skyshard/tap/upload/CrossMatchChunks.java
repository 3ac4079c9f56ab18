package io.skyshard.tap.upload;

import io.skyshard.common.catalog.Partitioning;
import io.skyshard.spatial.chunk.Chunker;
import io.skyshard.spatial.geometry.SphereMath;
import io.skyshard.spatial.healpix.Healpix;
import io.skyshard.spatial.healpix.PixelBounds;
import io.skyshard.spatial.region.Circle;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The chunks in which a cross-match of uploaded positions with a director table can find rows: when
 * every result row has the director's position within {@code radius} of an uploaded position, only
 * the chunks that the circles of that radius around the positions touch hold such rows. The answer
 * is conservative: it may name a few chunks more than the exact circles touch, never fewer.
 *
 * <p>Positions are grouped by HEALPix pixel P of an order at or below the chunk order, fine enough to
 * be tight and coarse enough that the radius is small against a pixel. Every circle around a
 * position in P lies in the cap of radius {@code radius + radius(P)} around P's centre. When that cap
 * is disjoint from every pixel of the second ring around P (the neighbours of P's neighbours), it
 * lies within P and its neighbours: a path from P's centre to any farther point would cross the
 * second ring, and a cap is convex. Then the chunks are those of P and its neighbours, found without
 * any region cover. Pixels failing that test (radii of the order of a chunk) are covered exactly by
 * the spatial module's coverer, at most {@value #MAX_PIXELS} pixels per query: an upload spread so
 * widely that it occupies more chunks touches most of the sky anyway, and gets no restriction.
 */
public final class CrossMatchChunks {
    /** The most grouping pixels examined for one query. */
    static final int MAX_PIXELS = 5_000;
    /** Orders below the chunk order the grouping pixels may have (256 per chunk). */
    private static final int FINEST = 4;
    /** A pixel's width in degrees is about this over 2^order (the square root of its area). */
    private static final double WIDTH_AT_ORDER_0 = Math.toDegrees(Math.sqrt(4 * Math.PI / 12));
    /** Widening of the radius against rounding; the join predicate itself is exact. */
    private static final double SLACK_DEG = 1e-9;

    private CrossMatchChunks() {
    }

    /**
     * @param positions {ra, dec} in degrees; positions with a NULL coordinate are left out by the
     *                  caller (they match nothing)
     * @return the chunk ids, or empty when no restriction can be derived (a radius outside [0, 180), a
     *         position that is not on the sphere, or positions all over the sky: the query then reads
     *         every chunk)
     */
    public static Optional<Set<Integer>> near(List<double[]> positions, double radiusDeg, Partitioning partitioning) {
        if (!(radiusDeg >= 0 && radiusDeg < 180)) {
            return Optional.empty();
        }
        int chunkOrder = partitioning.chunkOrder();
        // the finest order whose pixels are several times wider than the radius (then the ring test passes)
        int finest = chunkOrder;
        while (finest < Math.min(Healpix.MAX_ORDER, chunkOrder + FINEST)
                && WIDTH_AT_ORDER_0 / (1L << (finest + 1)) > 4 * radiusDeg) {
            finest++;
        }
        long[] pixels = new long[positions.size()];
        for (int i = 0; i < pixels.length; i++) {
            double[] p = positions.get(i);
            if (!Double.isFinite(p[0]) || !(p[1] >= -90 && p[1] <= 90)) {
                return Optional.empty();
            }
            pixels[i] = Healpix.angToPix(finest, Healpix.normalizeRa(p[0]), p[1]);
        }
        // NESTED: a pixel's parent is the pixel shifted right, so sorted pixels stay sorted at every coarser order
        Arrays.sort(pixels);
        int order = finest;
        while (distinct(pixels, 2 * (finest - order)) > MAX_PIXELS && order > chunkOrder) {
            order--;
        }
        if (distinct(pixels, 2 * (finest - order)) > MAX_PIXELS) {
            return Optional.empty();
        }
        Set<Long> occupied = new HashSet<>();
        for (long p : pixels) {
            occupied.add(p >> (2 * (finest - order)));
        }
        Map<Long, PixelBounds> bounds = new HashMap<>();
        Chunker chunker = null;
        Set<Integer> chunks = new HashSet<>();
        int shift = 2 * (order - chunkOrder);
        for (long pixel : occupied) {
            PixelBounds own = bounds(bounds, order, pixel);
            double reachRad = Math.toRadians(radiusDeg * (1 + SLACK_DEG) + SLACK_DEG) + own.radiusRad();
            Set<Long> near = withinNeighbours(bounds, order, pixel, own, reachRad);
            if (near != null) {
                near.forEach(p -> chunks.add((int) (p >> shift)));
                continue;
            }
            if (chunker == null) {
                chunker = new Chunker(chunkOrder, partitioning.subChunkOrder(), partitioning.overlapDeg());
            }
            double[] c = own.centre();
            double ra = Healpix.normalizeRa(Math.toDegrees(Math.atan2(c[1], c[0])));
            double dec = Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, c[2]))));
            for (int chunk : chunker.chunksCovering(new Circle(ra, dec, Math.min(180, Math.toDegrees(reachRad))))) {
                chunks.add(chunk);
            }
        }
        return Optional.of(Set.copyOf(chunks));
    }

    /**
     * The pixel and its neighbours when the cap of {@code reachRad} around the pixel's centre is
     * certainly disjoint from the second ring of pixels around it (so it lies within them), else null.
     */
    private static Set<Long> withinNeighbours(Map<Long, PixelBounds> bounds, int order, long pixel, PixelBounds own,
            double reachRad) {
        Set<Long> inner = new HashSet<>();
        inner.add(pixel);
        for (long n : Healpix.neighbours(order, pixel)) {
            if (n >= 0) {
                inner.add(n);
            }
        }
        for (long n : inner) {
            if (n == pixel) {
                continue;
            }
            for (long m : Healpix.neighbours(order, n)) {
                if (m < 0 || inner.contains(m)) {
                    continue;
                }
                PixelBounds ring = bounds(bounds, order, m);
                if (SphereMath.separationRad(own.centre(), ring.centre()) <= reachRad + ring.radiusRad()) {
                    return null;
                }
            }
        }
        return inner;
    }

    private static PixelBounds bounds(Map<Long, PixelBounds> cache, int order, long pixel) {
        return cache.computeIfAbsent(pixel, p -> PixelBounds.of(order, p));
    }

    /** The number of distinct values of sorted pixels shifted right by {@code shift}. */
    private static int distinct(long[] sorted, int shift) {
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] >> shift != sorted[i - 1] >> shift) {
                n++;
            }
        }
        return n;
    }
}
