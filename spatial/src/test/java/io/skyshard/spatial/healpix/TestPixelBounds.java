package io.skyshard.spatial.healpix;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyshard.spatial.geometry.SphereMath;
import io.skyshard.spatial.region.RegionCovererAccess;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pixel bounds used by coverage must contain every point of the pixel. */
class TestPixelBounds {
    private static final int[] ORDERS = {0, 1, 2, 3, 5, 8, 12, 20, 29};

    @Test
    void boundsContainEveryPointOfThePixel() {
        Random random = new Random(7);
        double worstRadiusUse = 0;
        for (int order : ORDERS) {
            for (int i = 0; i < 400; i++) {
                long pix = randomPixel(random, order, i);
                PixelBounds b = PixelBounds.of(order, pix);
                for (int k = 0; k < 40; k++) {
                    // a quarter of the samples on the boundary itself, where bounds are tightest
                    double fx = k % 4 == 0 ? (k % 8 == 0 ? 0 : 1) : random.nextDouble();
                    double fy = random.nextDouble();
                    double[] p = Healpix.pointInPixel(order, pix, fx, fy);
                    double sep = SphereMath.separationRad(b.centre(), SphereMath.toVector(p[0], p[1]));
                    assertThat(sep).as("order %d pix %d (%s, %s)", order, pix, fx, fy).isLessThanOrEqualTo(b.radiusRad());
                    worstRadiusUse = Math.max(worstRadiusUse, sep / b.radiusRad());
                    assertThat(p[1]).isBetween(b.decMin(), b.decMax());
                    double offset = p[0] - b.raStart();
                    if (offset < 0) {
                        offset += 360.0;
                    }
                    if (Math.abs(p[1]) < 90.0) {
                        assertThat(offset).as("ra of order %d pix %d", order, pix).isLessThanOrEqualTo(b.raWidth());
                    }
                    if (fx > 1e-6 && fx < 1 - 1e-6 && fy > 1e-6 && fy < 1 - 1e-6) {
                        assertThat(Healpix.angToPix(order, p[0], p[1])).isEqualTo(pix);
                    }
                }
            }
        }
        // the safety factor is not so large that it makes coverage sloppy
        assertThat(worstRadiusUse).isGreaterThan(0.8);
    }

    @Test
    void outlineSamplesFollowTheTrueEdgeWithinTheFineTestMargin() {
        assertThat(worstEdgeDeviation(RegionCovererAccess.segmentsPerEdge()))
                .isLessThan(RegionCovererAccess.edgeMarginFraction() / 2);
        assertThat(worstEdgeDeviation(RegionCovererAccess.coarseSegmentsPerEdge()))
                .isLessThan(RegionCovererAccess.coarseEdgeMarginFraction() / 2);
    }

    /** Largest distance of a true edge point (mid-segment) from the sampled outline, over the pixel radius. */
    private static double worstEdgeDeviation(int segments) {
        Random random = new Random(11);
        double worst = 0;
        for (int order : ORDERS) {
            for (int i = 0; i < 300; i++) {
                long pix = randomPixel(random, order, i);
                PixelBounds b = PixelBounds.of(order, pix);
                double[][] outline = PixelBounds.boundary(order, pix, segments);
                for (int s = 0; s < outline.length; s++) {
                    int edge = s / segments;
                    double t = ((s % segments) + 0.5) / segments;
                    double[] mid = switch (edge) {
                        case 0 -> Healpix.pointInPixel(order, pix, t, 0);
                        case 1 -> Healpix.pointInPixel(order, pix, 1, t);
                        case 2 -> Healpix.pointInPixel(order, pix, 1 - t, 1);
                        default -> Healpix.pointInPixel(order, pix, 0, 1 - t);
                    };
                    double d = RegionCovererAccess.distanceToArc(SphereMath.toVector(mid[0], mid[1]), outline[s],
                            outline[(s + 1) % outline.length]);
                    worst = Math.max(worst, d / b.radiusRad());
                }
            }
        }
        return worst;
    }

    /** Mixes uniformly random pixels with pixels at face corners and at the poles. */
    static long randomPixel(Random random, int order, int i) {
        long npface = 1L << (2 * order);
        int face = random.nextInt(12);
        return switch (i % 4) {
            case 0 -> face * npface; // S corner of a face
            case 1 -> face * npface + npface - 1; // N corner: the poles for faces 0-3
            default -> (long) (random.nextDouble() * Healpix.nPix(order));
        };
    }
}
