package io.skyshard.spatial.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.spatial.SpatialErrorCode;
import io.skyshard.spatial.geometry.SphereMath;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestRegions {
    @Test
    void circleUsesAngularDistance() {
        Circle c = new Circle(10.0, 89.0, 2.0);
        assertThat(c.contains(190.0, 89.5)).isTrue(); // across the pole: 1.5 deg away
        assertThat(c.contains(10.0, 87.0001)).isTrue();
        assertThat(c.contains(10.0, 86.9999)).isFalse();
        Circle tiny = new Circle(359.9999, 0.0, 1.0 / 3600 / 1000); // 1 milli-arcsec
        assertThat(tiny.contains(359.9999 + 0.5 / 3600 / 1000, 0.0)).isTrue();
        assertThat(tiny.contains(-0.0001 + 0.5 / 3600 / 1000, 0.0)).isTrue();
        assertThat(tiny.contains(359.9999 + 1.5 / 3600 / 1000, 0.0)).isFalse();
        assertThat(new Circle(0, 0, 180).contains(180, 0)).isTrue();
        assertThat(new Circle(0, 0, 0).contains(0, 0)).isTrue();
    }

    @Test
    void boxWrapsAndFullBand() {
        Box wrap = new Box(350.0, -5.0, 10.0, 5.0);
        assertThat(wrap.contains(355.0, 0.0)).isTrue();
        assertThat(wrap.contains(5.0, 0.0)).isTrue();
        assertThat(wrap.contains(360.0, 5.0)).isTrue();
        assertThat(wrap.contains(180.0, 0.0)).isFalse();
        assertThat(wrap.contains(5.0, 5.1)).isFalse();
        Box full = new Box(0.0, 10.0, 360.0, 20.0);
        assertThat(full.fullRa()).isTrue();
        assertThat(full.contains(123.0, 15.0)).isTrue();
        assertThat(full.contains(123.0, 25.0)).isFalse();
        Box plain = new Box(10.0, -90.0, 20.0, -80.0);
        assertThat(plain.contains(10.0, -90.0)).isTrue();
        assertThat(plain.contains(20.0001, -85.0)).isFalse();
        assertThat(new Box(-10.0, 0, 10.0, 1).contains(355.0, 0.5)).isTrue();
    }

    @Test
    void polygonAcceptsEitherWinding() {
        ConvexPolygon ccw = ConvexPolygon.of(0, 0, 10, 0, 10, 10, 0, 10);
        ConvexPolygon cw = ConvexPolygon.of(0, 10, 10, 10, 10, 0, 0, 0);
        for (ConvexPolygon p : List.of(ccw, cw)) {
            assertThat(p.contains(5, 5)).isTrue();
            assertThat(p.contains(5, -0.1)).isFalse();
            // the top edge is a great circle, which bulges north of dec = 10 between its ends
            // (its top is at atan(tan 10 / cos 5) = 10.0378 deg)
            assertThat(p.contains(5, 10.03)).isTrue();
            assertThat(p.contains(5, 10.05)).isFalse();
            assertThat(p.contains(185, -5)).isFalse();
        }
        ConvexPolygon aroundZero = ConvexPolygon.of(355, -1, 5, -1, 0, 3);
        assertThat(aroundZero.contains(0, 0)).isTrue();
        assertThat(aroundZero.contains(359.5, 0)).isTrue();
        assertThat(aroundZero.contains(6, 0)).isFalse();
        assertThat(ccw).isEqualTo(ConvexPolygon.of(0, 0, 10, 0, 10, 10, 0, 10));
    }

    @Test
    void ellipseFollowsScisqlFrame() {
        // position angle 0: major axis along north-south
        Ellipse e = new Ellipse(30.0, 40.0, 3600.0, 1800.0, 0.0);
        assertThat(e.contains(30.0, 40.99)).isTrue();
        assertThat(e.contains(30.0, 41.01)).isFalse();
        double eastHalfDeg = 0.49 / Math.cos(Math.toRadians(40.0));
        assertThat(e.contains(30.0 + eastHalfDeg, 40.0)).isTrue();
        assertThat(e.contains(30.0 + 0.51 / Math.cos(Math.toRadians(40.0)), 40.0)).isFalse();
        // position angle 90: major axis along east-west
        Ellipse rotated = new Ellipse(30.0, 40.0, 3600.0, 1800.0, 90.0);
        assertThat(rotated.contains(30.0, 40.99)).isFalse();
        assertThat(rotated.contains(30.0 + 0.9 / Math.cos(Math.toRadians(40.0)), 40.0)).isTrue();
        // the far hemisphere projects onto the centre too, but is outside
        assertThat(e.contains(210.0, -40.0)).isFalse();
        assertThat(new Ellipse(0, 0, 10, 0, 0).contains(0, 5.0 / 3600)).isTrue();
    }

    @Test
    void separationIsStableForTinyAndLargeAngles() {
        double dec2 = 10 + 1e-10;
        double exact = dec2 - 10; // what the double input really says
        assertThat(SphereMath.separationDeg(10, 10, 10, dec2)).isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-22));
        assertThat(SphereMath.separationDeg(0, 0, 180, 0)).isCloseTo(180.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void invalidRegionsAreRejected() {
        assertInvalid(() -> new Circle(0, 91, 1), SpatialErrorCode.INVALID_COORDINATE);
        assertInvalid(() -> new Circle(0, 0, -1), SpatialErrorCode.INVALID_REGION);
        assertInvalid(() -> new Circle(Double.NaN, 0, 1), SpatialErrorCode.INVALID_COORDINATE);
        assertInvalid(() -> new Box(0, 10, 10, 5), SpatialErrorCode.INVALID_REGION);
        assertInvalid(() -> ConvexPolygon.of(0, 0, 1, 1), SpatialErrorCode.INVALID_REGION);
        assertInvalid(() -> ConvexPolygon.of(0, 0, 1, 0, 1, 0), SpatialErrorCode.INVALID_REGION);
        assertInvalid(() -> ConvexPolygon.of(0, 0, 10, 0, 2, 2, 0, 10), SpatialErrorCode.INVALID_REGION);
        assertInvalid(() -> new Ellipse(0, 0, 10, 20, 0), SpatialErrorCode.INVALID_REGION);
        assertInvalid(() -> new Ellipse(0, 0, 40000, 20, 0), SpatialErrorCode.INVALID_REGION);
        assertInvalid(() -> new Ellipse(0, 0, 10, 5, Double.NaN), SpatialErrorCode.INVALID_REGION);
        assertInvalid(() -> new Circle(0, 0, 1).contains(0, -90.5), SpatialErrorCode.INVALID_COORDINATE);
    }

    private static void assertInvalid(Runnable r, SpatialErrorCode code) {
        assertThatThrownBy(r::run).isInstanceOf(SkyshardException.class)
                .satisfies(e -> assertThat(((SkyshardException) e).code()).isEqualTo(code));
    }
}
