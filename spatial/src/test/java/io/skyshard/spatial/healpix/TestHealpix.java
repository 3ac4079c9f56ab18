package io.skyshard.spatial.healpix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.spatial.SpatialErrorCode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TestHealpix {
    @Test
    void raIsNormalised() {
        for (int order : new int[] {0, 5, 12, 29}) {
            assertThat(Healpix.angToPix(order, 360.0, 12.5)).isEqualTo(Healpix.angToPix(order, 0.0, 12.5));
            assertThat(Healpix.angToPix(order, -10.0, -33.0)).isEqualTo(Healpix.angToPix(order, 350.0, -33.0));
            assertThat(Healpix.angToPix(order, 725.0, 1.0)).isEqualTo(Healpix.angToPix(order, 5.0, 1.0));
        }
        assertThat(Healpix.normalizeRa(-1e-20)).isEqualTo(0.0);
        assertThat(Healpix.normalizeRa(360.0)).isEqualTo(0.0);
        assertThat(Healpix.normalizeRa(-90.0)).isEqualTo(270.0);
    }

    @Test
    void centresRoundTripAndChildrenNest() {
        Random random = new Random(3);
        for (int order = 0; order <= Healpix.MAX_ORDER; order++) {
            for (int i = 0; i < 50; i++) {
                long pix = (long) (random.nextDouble() * Healpix.nPix(order));
                double[] c = Healpix.pixToAng(order, pix);
                assertThat(Healpix.angToPix(order, c[0], c[1])).isEqualTo(pix);
                long[] fxy = Healpix.nestedToFaceXy(order, pix);
                assertThat(Healpix.faceXyToNested(order, (int) fxy[0], fxy[1], fxy[2])).isEqualTo(pix);
                if (order < Healpix.MAX_ORDER) {
                    int deeper = Math.min(Healpix.MAX_ORDER, order + 1 + random.nextInt(4));
                    long child = Healpix.angToPix(deeper, c[0] + 1e-3 * Math.pow(0.5, order), c[1]);
                    assertThat(Healpix.parent(deeper, child, order)).isEqualTo(pix);
                    assertThat(child).isGreaterThanOrEqualTo(Healpix.firstChild(order, pix, deeper))
                            .isLessThan(Healpix.endChild(order, pix, deeper));
                }
            }
        }
    }

    @Test
    void polesAreResolvedAtTheDeepestOrder() {
        // 1e-6 deg from the pole is ~ 9 order-29 pixels away (1 - sin(dec) ~ 1.5e-16 is below double precision):
        // the point must not collapse onto the pole pixel.
        long pole = Healpix.angToPix(29, 45.0, 90.0);
        long near = Healpix.angToPix(29, 45.0, 90.0 - 1e-6);
        assertThat(near).isNotEqualTo(pole);
        double[] c = Healpix.pixToAng(29, near);
        assertThat(90.0 - c[1]).isBetween(0.9e-6, 1.1e-6);
        assertThat(Healpix.angToPix(29, 45.0, -90.0 + 1e-6)).isNotEqualTo(Healpix.angToPix(29, 45.0, -90.0));
    }

    @Test
    void neighboursAreMutual() {
        Random random = new Random(5);
        for (int order : new int[] {0, 1, 3, 7, 29}) {
            for (int i = 0; i < 200; i++) {
                long pix = (long) (random.nextDouble() * Healpix.nPix(order));
                for (long n : Healpix.neighbours(order, pix)) {
                    if (n >= 0) {
                        assertThat(Healpix.neighbours(order, n)).contains(pix);
                    }
                }
            }
        }
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> Healpix.angToPix(30, 0, 0)).isInstanceOf(SkyshardException.class)
                .satisfies(e -> assertThat(((SkyshardException) e).code()).isEqualTo(SpatialErrorCode.INVALID_ORDER));
        assertThatThrownBy(() -> Healpix.angToPix(5, 0, 90.0001)).isInstanceOf(SkyshardException.class)
                .hasMessageContaining("dec must be in [-90, 90]");
        assertThatThrownBy(() -> Healpix.angToPix(5, Double.NaN, 0)).isInstanceOf(SkyshardException.class);
        assertThatThrownBy(() -> Healpix.pixToAng(0, 12)).isInstanceOf(SkyshardException.class)
                .satisfies(e -> assertThat(((SkyshardException) e).code()).isEqualTo(SpatialErrorCode.INVALID_PIXEL));
        assertThatThrownBy(() -> Healpix.neighbours(2, -1)).isInstanceOf(SkyshardException.class);
    }
}
