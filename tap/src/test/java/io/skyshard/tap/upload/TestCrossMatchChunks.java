package io.skyshard.tap.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyshard.common.catalog.Partitioning;
import io.skyshard.spatial.chunk.Chunker;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestCrossMatchChunks {
    private static final Partitioning PARTITIONING = new Partitioning(5, 9, 1.0 / 60);
    private static final Chunker CHUNKER = new Chunker(5, 9, 1.0 / 60);

    /** A point at {@code distance} degrees from (ra, dec) towards position angle {@code angle} (radians). */
    private static double[] offset(double ra, double dec, double distance, double angle) {
        double d = Math.toRadians(distance);
        double dec1 = Math.toRadians(dec);
        double dec2 = Math.asin(Math.sin(dec1) * Math.cos(d) + Math.cos(dec1) * Math.sin(d) * Math.cos(angle));
        double ra2 = Math.toRadians(ra) + Math.atan2(Math.sin(angle) * Math.sin(d) * Math.cos(dec1),
                Math.cos(d) - Math.sin(dec1) * Math.sin(dec2));
        return new double[] {Math.floorMod(Math.round(Math.toDegrees(ra2) * 1e9), 360_000_000_000L) / 1e9, Math.toDegrees(dec2)};
    }

    @Test
    void everyChunkAMatchCanLieInIsIncluded() {
        Random random = new Random(7);
        for (int size : List.of(1, 50, 2_000)) {
            for (double radius : List.of(1.0 / 3600, 0.05, 1.5)) {
                List<double[]> positions = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    // some near the poles and on the ra = 0 seam
                    double dec = i % 10 == 0 ? 89.9 * (random.nextBoolean() ? 1 : -1) : Math.toDegrees(Math.asin(2 * random.nextDouble() - 1));
                    positions.add(new double[] {i % 7 == 0 ? 0.0 : 360 * random.nextDouble(), dec});
                }
                Set<Integer> chunks = CrossMatchChunks.near(positions, radius, PARTITIONING).orElseThrow();
                for (int i = 0; i < Math.min(size, 500); i++) {
                    double[] p = positions.get(i);
                    for (int k = 0; k < 16; k++) {
                        // points on the circle's edge (where a missed neighbour chunk would show) and inside
                        double[] q = offset(p[0], p[1], radius * (k < 12 ? 0.999999 : random.nextDouble()), 2 * Math.PI * k / 12
                                + random.nextDouble() * (k < 12 ? 0 : 7));
                        assertThat(chunks).as("size %d radius %s position %s", size, radius, List.of(p[0], p[1]))
                                .contains(CHUNKER.locate(q[0], q[1]).chunkId());
                    }
                }
            }
        }
    }

    @Test
    void aFewPositionsTouchFewChunks() {
        // two arcsecond circles inside two chunks: their chunks and at most a few neighbours, of 12,288
        List<double[]> positions = List.of(new double[] {150.1, 2.2}, new double[] {53.1, -28.1});
        Set<Integer> chunks = CrossMatchChunks.near(positions, 1.0 / 3600, PARTITIONING).orElseThrow();
        assertThat(chunks).contains(CHUNKER.locate(150.1, 2.2).chunkId(), CHUNKER.locate(53.1, -28.1).chunkId());
        assertThat(chunks.size()).isLessThanOrEqualTo(8);
        assertThat(CrossMatchChunks.near(List.of(), 0.01, PARTITIONING).orElseThrow()).isEmpty();
    }

    @Test
    void aLargeUploadInOneFieldIsStillRestrictedOneOverTheWholeSkyIsNot() {
        Random random = new Random(11);
        List<double[]> field = new ArrayList<>();
        List<double[]> sky = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            field.add(new double[] {150 + 2 * random.nextDouble(), 2 + 2 * random.nextDouble()});
            sky.add(new double[] {360 * random.nextDouble(), Math.toDegrees(Math.asin(2 * random.nextDouble() - 1))});
        }
        Set<Integer> chunks = CrossMatchChunks.near(field, 1.0 / 3600, PARTITIONING).orElseThrow();
        for (double[] p : field.subList(0, 1000)) {
            assertThat(chunks).contains(CHUNKER.locate(p[0], p[1]).chunkId());
        }
        // a 2 x 2 degree field spans a handful of 1.8-degree chunks
        assertThat(chunks.size()).isBetween(4, 20);
        assertThat(CrossMatchChunks.near(sky, 1.0 / 3600, PARTITIONING)).isEmpty();
    }

    @Test
    void noRestrictionWithoutAUsableRadiusOrPosition() {
        List<double[]> one = List.of(new double[] {10, 20});
        assertThat(CrossMatchChunks.near(one, -1, PARTITIONING)).isEmpty();
        assertThat(CrossMatchChunks.near(one, Double.NaN, PARTITIONING)).isEmpty();
        assertThat(CrossMatchChunks.near(one, 180, PARTITIONING)).isEmpty();
        assertThat(CrossMatchChunks.near(List.of(new double[] {10, 95}), 0.1, PARTITIONING)).isEmpty();
        assertThat(CrossMatchChunks.near(List.of(new double[] {Double.POSITIVE_INFINITY, 0}), 0.1, PARTITIONING)).isEmpty();
    }
}
