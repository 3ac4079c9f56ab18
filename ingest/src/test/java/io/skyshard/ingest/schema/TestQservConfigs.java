package io.skyshard.ingest.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.catalog.Partitioning;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestQservConfigs {
    private static final Path DATA = Path.of("../../shared/datasets/qserv-testdata");

    @TempDir
    Path tmp;

    @Test
    void chunkOrderIsTheHealpixOrderNearestToQservStripes() {
        // 85 stripes: 2.12 deg chunks; order 5 pixels are 1.83 deg, order 4 are 3.66 deg.
        assertThat(QservDatabaseConfig.pixelSizeDeg(5)).isBetween(1.83, 1.84);
        assertThat(QservDatabaseConfig.chunkOrder(85)).isEqualTo(5);
        assertThat(QservDatabaseConfig.chunkOrder(340)).isEqualTo(7);
        assertThat(QservDatabaseConfig.chunkOrder(1)).isEqualTo(0);
        assertThat(QservDatabaseConfig.chunkOrder(100_000)).isEqualTo(13);
        // 12 sub-stripes: 0.176 deg, nearest order 8 (0.229); 14: 0.151 deg, nearest order 9 (0.115) on a log scale.
        assertThat(QservDatabaseConfig.subChunkOrder(85, 12, 5)).isEqualTo(8);
        assertThat(QservDatabaseConfig.subChunkOrder(85, 14, 5)).isEqualTo(9);
        assertThat(QservDatabaseConfig.subChunkOrder(85, 1, 5)).isEqualTo(5);
        assertThat(QservDatabaseConfig.subChunkOrder(85, 1_000_000, 5)).isEqualTo(20);
        for (int k = 0; k < 13; k++) {
            double size = QservDatabaseConfig.pixelSizeDeg(k);
            assertThat(QservDatabaseConfig.chunkOrder((int) Math.round(180 / size))).as("order %d", k).isEqualTo(k);
        }
    }

    @Test
    void readsDatabaseJson() {
        QservDatabaseConfig c = QservDatabaseConfig.parse(DATA.resolve("case03/ingest/database.json"));
        assertThat(c.database()).isEqualTo("qservTest_case03_qserv");
        assertThat(c.partitioning()).isEqualTo(new Partitioning(5, 9, 0.0001));
        assertThat(QservDatabaseConfig.parse(DATA.resolve("case01/ingest/database.json")).partitioning())
                .isEqualTo(new Partitioning(5, 8, 0.01667));
    }

    @Test
    void tableKindsFromTheRealConfigs() {
        TableDef object = QservTableConfig.parse(DATA.resolve("case01/ingest/Object.json")).toTableDef("db");
        assertThat(object.kind()).isEqualTo(TableKind.DIRECTOR);
        assertThat(object.directorKey()).isEqualTo("objectId");
        assertThat(object.raColumn()).isEqualTo("ra_PS");
        assertThat(object.decColumn()).isEqualTo("decl_PS");
        assertThat(object.column("chunkId")).isEmpty();
        assertThat(object.columns()).hasSize(228);

        TableDef source = QservTableConfig.parse(DATA.resolve("case03/ingest/RunDeepForcedSource.json")).toTableDef("db");
        assertThat(source.kind()).isEqualTo(TableKind.CHILD);
        assertThat(source.directorTable()).isEqualTo("RunDeepSource");
        assertThat(source.directorKey()).isEqualTo("objectId");

        // Qserv's match tables in these datasets are declared non-partitioned: replicated.
        assertThat(QservTableConfig.parse(DATA.resolve("case01/ingest/RefSrcMatch.json")).kind()).isEqualTo(TableKind.REPLICATED);
        assertThat(QservTableConfig.parse(DATA.resolve("case03/ingest/RefDeepSrcMatch.json")).kind()).isEqualTo(TableKind.REPLICATED);
    }

    @Test
    void matchTablesAndBadConfigs() throws Exception {
        Path match = tmp.resolve("M.json");
        Files.writeString(match, """
                {"database":"d","table":"M","is_partitioned":"1","director_table":"A","director_key":"a",
                 "director_table2":"B","director_key2":"b",
                 "schema":[{"name":"a","type":"bigint(20) NOT NULL"},{"name":"b","type":"bigint(20) NOT NULL"}]}""");
        assertThat(QservTableConfig.parse(match).kind()).isEqualTo(TableKind.MATCH);

        Path noKey = tmp.resolve("D.json");
        Files.writeString(noKey, """
                {"database":"d","table":"D","is_partitioned":1,"director_key":"id","latitude_key":"dec","longitude_key":"ra",
                 "schema":[{"name":"id","type":"bigint(20) NOT NULL"},{"name":"ra","type":"double"}]}""");
        assertThatThrownBy(() -> QservTableConfig.parse(noKey)).hasMessageContaining("D.json").hasMessageContaining("'dec'");

        Path badType = tmp.resolve("T.json");
        Files.writeString(badType, """
                {"database":"d","table":"T","is_partitioned":0,"schema":[{"name":"g","type":"geometry"}]}""");
        assertThatThrownBy(() -> QservTableConfig.parse(badType)).hasMessageContaining("T.json").hasMessageContaining("column 'g'");

        Path broken = tmp.resolve("B.json");
        Files.writeString(broken, "{\"database\": ");
        assertThatThrownBy(() -> QservTableConfig.parse(broken)).hasMessageContaining("B.json").hasMessageContaining("invalid JSON");
    }
}
