package io.skyshard.ingest.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.catalog.TableKind;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.data.ColumnData;
import io.skyshard.ingest.data.TableBlock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestSampleCatalog {
    private static long checksum(List<SampleBlock> blocks) {
        long h = 17;
        for (SampleBlock b : blocks) {
            h = h * 31 + b.objects().checksum();
            h = h * 31 + b.sources().checksum();
        }
        return h;
    }

    @Test
    void sameSeedGivesSameDataWhateverTheThreadCount() {
        SampleCatalog a = new SampleCatalog(42, 25_000, 4_000);
        SampleCatalog b = new SampleCatalog(42, 25_000, 4_000);
        long sequential = checksum(a.generateAll(1));
        assertThat(checksum(b.generateAll(4))).isEqualTo(sequential);
        assertThat(checksum(a.generateAll(3))).isEqualTo(sequential);
        // A block alone equals the same block generated among the others.
        assertThat(a.block(5).sources().checksum()).isEqualTo(b.generateAll(2).get(5).sources().checksum());
        assertThat(checksum(new SampleCatalog(43, 25_000, 4_000).generateAll(2))).isNotEqualTo(sequential);
    }

    @Test
    void tableDefinitionsFollowTheDp1Layout() {
        SampleCatalog c = new SampleCatalog(1, 10);
        assertThat(c.objectTable().kind()).isEqualTo(TableKind.DIRECTOR);
        assertThat(c.objectTable().directorKey()).isEqualTo("objectId");
        assertThat(c.objectTable().raColumn()).isEqualTo("coord_ra");
        assertThat(c.objectTable().decColumn()).isEqualTo("coord_dec");
        assertThat(c.objectTable().columns()).hasSize(3 + 12 + 1);
        assertThat(c.objectTable().column("y_psfFluxErr")).isPresent();
        assertThat(c.sourceTable().kind()).isEqualTo(TableKind.CHILD);
        assertThat(c.sourceTable().directorTable()).isEqualTo("Object");
        assertThat(c.filterTable().kind()).isEqualTo(TableKind.REPLICATED);
        assertThat(c.objectTable().storedColumns().subList(16, 18)).extracting(cd -> cd.name())
                .containsExactly("chunkId", "subChunkId");
        TableBlock filter = c.filterRows();
        assertThat(filter.rowCount()).isEqualTo(6);
        assertThat(filter.data("band").value(3)).isEqualTo("i");
    }

    @Test
    void statisticsMatchTheSpecification() {
        SampleCatalog c = new SampleCatalog(7, 30_000, 10_000);
        List<SampleBlock> blocks = c.generateAll(2);
        TableBlock objects = TableBlock.concat(c.objectTable().columns(), blocks.stream().map(SampleBlock::objects).toList());
        TableBlock sources = TableBlock.concat(c.sourceTable().columns(), blocks.stream().map(SampleBlock::sources).toList());
        int n = objects.rowCount();
        assertThat(n).isEqualTo(30_000);

        double ratio = (double) sources.rowCount() / n;
        assertThat(ratio).isBetween(4.85, 5.15);

        long[] ids = ((ColumnData.Longs) objects.data("objectId")).values();
        double[] ra = ((ColumnData.Doubles) objects.data("coord_ra")).values();
        double[] dec = ((ColumnData.Doubles) objects.data("coord_dec")).values();
        Map<Long, Integer> rowOf = new HashMap<>();
        for (int i = 0; i < n; i++) {
            assertThat(rowOf.put(ids[i], i)).as("duplicate objectId").isNull();
            assertThat(ra[i]).isGreaterThanOrEqualTo(0.0).isLessThan(360.0);
            assertThat(dec[i]).isBetween(-90.0, 90.0);
        }
        // Uniform on the sphere: about half the objects in |dec| < 30 deg (sin 30 = 0.5).
        long equatorial = java.util.Arrays.stream(dec).filter(d -> Math.abs(d) < 30).count();
        assertThat((double) equatorial / n).isBetween(0.46, 0.52);
        // Clusters: ~4% of objects within 1 deg of five centres; uniform density would give ~0.04%.
        long clustered = 0;
        for (int i = 0; i < n; i++) {
            for (double[] cc : SampleCatalog.CLUSTERS) {
                if (sep(ra[i], dec[i], cc[0], cc[1]) < 1.0) {
                    clustered++;
                }
            }
        }
        assertThat((double) clustered / n).isBetween(0.03, 0.05);
        // Objects of the ra=0 cluster fall on both sides of the seam.
        boolean west = false;
        boolean east = false;
        for (int i = 0; i < n; i++) {
            if (sep(ra[i], dec[i], 0.05, 10.0) < 1.0) {
                west |= ra[i] > 359;
                east |= ra[i] < 1;
            }
        }
        assertThat(west && east).isTrue();

        assertThat(nullFraction(objects.data("u_psfFlux"))).isBetween(0.03, 0.05);
        assertThat(nullFraction(objects.data("u_psfFluxErr"))).isBetween(0.03, 0.05);
        assertThat(nullFraction(objects.data("y_psfFlux"))).isBetween(0.02, 0.04);
        assertThat(nullFraction(objects.data("refExtendedness"))).isBetween(0.01, 0.03);
        assertThat(nullFraction(objects.data("g_psfFlux"))).isZero();

        long[] sObj = ((ColumnData.Longs) sources.data("objectId")).values();
        long[] sIds = ((ColumnData.Longs) sources.data("sourceId")).values();
        double[] sRa = ((ColumnData.Doubles) sources.data("ra")).values();
        double[] sDec = ((ColumnData.Doubles) sources.data("dec")).values();
        String[] band = ((ColumnData.Strings) sources.data("band")).values();
        Map<Long, Integer> perObject = new HashMap<>();
        Set<Long> sourceIds = new HashSet<>();
        Set<String> bands = new HashSet<>();
        for (int s = 0; s < sources.rowCount(); s++) {
            Integer o = rowOf.get(sObj[s]);
            assertThat(o).as("source %d references a generated object", sIds[s]).isNotNull();
            assertThat(sep(sRa[s], sDec[s], ra[o], dec[o]) * 3600).isLessThanOrEqualTo(0.5001);
            assertThat(sourceIds.add(sIds[s])).isTrue();
            bands.add(band[s]);
            perObject.merge(sObj[s], 1, Integer::sum);
        }
        assertThat(bands).containsExactlyInAnyOrderElementsOf(SampleCatalog.BANDS);
        assertThat(perObject).hasSize(n);
        assertThat(perObject.values()).allSatisfy(k -> assertThat(k).isBetween(1, 9));
        assertThat(perObject.values()).contains(1, 9);
    }

    @Test
    void rowsIteratorYieldsEveryBlockOfATable() {
        SampleCatalog c = new SampleCatalog(3, 2_500, 1_000);
        var it = c.rows("object");
        int rows = 0;
        int blocks = 0;
        while (it.hasNext()) {
            rows += it.next().rowCount();
            blocks++;
        }
        assertThat(rows).isEqualTo(2_500);
        assertThat(blocks).isEqualTo(3);
        assertThatThrownBy(() -> c.rows("Nope")).isInstanceOf(SkyshardException.class).hasMessageContaining("Nope");
        assertThatThrownBy(() -> c.block(3)).isInstanceOf(SkyshardException.class);
    }

    @Test
    void offsetCrossesThePoleAndTheSeam() {
        double[] out = new double[2];
        SampleCatalog.offset(0.0, 89.9, 0.0, 0.2, out);
        assertThat(out[1]).isCloseTo(89.9, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(out[0]).isCloseTo(180.0, org.assertj.core.data.Offset.offset(1e-6));
        SampleCatalog.offset(0.01, 0.0, -0.02, 0.0, out);
        assertThat(out[0]).isCloseTo(359.99, org.assertj.core.data.Offset.offset(1e-9));
    }

    private static double nullFraction(ColumnData d) {
        int nulls = 0;
        for (int i = 0; i < d.size(); i++) {
            if (d.isNull(i)) {
                nulls++;
            }
        }
        return (double) nulls / d.size();
    }

    static double sep(double ra1, double dec1, double ra2, double dec2) {
        double r1 = Math.toRadians(ra1);
        double d1 = Math.toRadians(dec1);
        double r2 = Math.toRadians(ra2);
        double d2 = Math.toRadians(dec2);
        double a = Math.sin((d2 - d1) / 2);
        double b = Math.sin((r2 - r1) / 2);
        return Math.toDegrees(2 * Math.asin(Math.sqrt(a * a + Math.cos(d1) * Math.cos(d2) * b * b)));
    }
}
