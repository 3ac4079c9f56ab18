package io.skyshard.czar.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.rpc.ColumnKind;
import io.skyshard.rpc.ColumnSpec;
import io.skyshard.rpc.ColumnarBatch;
import io.skyshard.rpc.convert.BatchBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TestBatchQueryResult {
    private static final List<ColumnSpec> SPECS = List.of(
            ColumnSpec.newBuilder().setName("c0").setKind(ColumnKind.BIGINT).setNullable(false).build(),
            ColumnSpec.newBuilder().setName("c1").setKind(ColumnKind.FLOAT).setNullable(true).build(),
            ColumnSpec.newBuilder().setName("c2").setKind(ColumnKind.VARCHAR).setNullable(true).build());
    private static final List<ColumnDef> DECLARED = List.of(
            ColumnDef.notNull("objectId", ColumnType.BIGINT),
            ColumnDef.of("flux", ColumnType.FLOAT),
            new ColumnDef("band", ColumnType.CHAR, 1, 0, true));

    @Test
    void onlyABareProjectionOfEveryPartialColumnInOrderPassesThrough() {
        assertThat(BatchQueryResult.isBareProjection(
                "SELECT \"partials\".\"c0\" AS \"objectId\", \"partials\".\"c1\" AS \"a \"\"b\"\"\" FROM \"partials\"", 2)).isTrue();
        assertThat(BatchQueryResult.isBareProjection("SELECT \"partials\".\"c0\" AS \"x\" FROM \"partials\"", 2)).isFalse();
        assertThat(BatchQueryResult.isBareProjection(
                "SELECT \"partials\".\"c1\" AS \"x\", \"partials\".\"c0\" AS \"y\" FROM \"partials\"", 2)).isFalse();
        assertThat(BatchQueryResult.isBareProjection(
                "SELECT \"partials\".\"c0\" AS \"x\" FROM \"partials\" ORDER BY \"partials\".\"c0\"", 1)).isFalse();
        assertThat(BatchQueryResult.isBareProjection("SELECT DISTINCT \"partials\".\"c0\" AS \"x\" FROM \"partials\"", 1)).isFalse();
        assertThat(BatchQueryResult.isBareProjection("SELECT \"partials\".\"c0\" AS \"x\" FROM \"partials\" LIMIT 5", 1)).isFalse();
        assertThat(BatchQueryResult.isBareProjection("SELECT MAX(\"partials\".\"c0\") AS \"x\" FROM \"partials\"", 1)).isFalse();
        // Tables of hundreds of columns (Qserv's Object has 230) are scanned without recursion.
        StringBuilder wide = new StringBuilder("SELECT ");
        for (int i = 0; i < 5000; i++) {
            wide.append(i == 0 ? "" : ", ").append("\"partials\".\"c").append(i).append("\" AS \"col").append(i).append('"');
        }
        assertThat(BatchQueryResult.isBareProjection(wide + " FROM \"partials\"", 5000)).isTrue();
        assertThat(BatchQueryResult.isBareProjection(wide + " FROM \"partials\"", 4999)).isFalse();
    }

    @Test
    void kindsMustReadAsTheDeclaredTypes() {
        assertThat(BatchQueryResult.compatible(SPECS, DECLARED)).isTrue();
        List<ColumnDef> computed = new ArrayList<>(DECLARED);
        computed.set(1, null);
        assertThat(BatchQueryResult.compatible(SPECS, computed)).isFalse();
        assertThat(BatchQueryResult.compatible(SPECS, List.of(DECLARED.get(0), ColumnDef.of("flux", ColumnType.DOUBLE),
                DECLARED.get(2)))).isFalse();
        List<ColumnSpec> unsigned = List.of(SPECS.get(0).toBuilder().setKind(ColumnKind.UBIGINT).build(), SPECS.get(1), SPECS.get(2));
        assertThat(BatchQueryResult.compatible(unsigned, DECLARED)).isFalse();
    }

    @Test
    void rowsOfEveryBatchComeBackWithTheJdbcResultsJavaTypes() {
        List<ColumnarBatch> batches = List.of(batch(new Object[][] {{1L, 1.5f, "u"}, {2L, null, null}}),
                batch(new Object[][] {}), batch(new Object[][] {{3L, -2.25f, "g"}}));
        AtomicBoolean closed = new AtomicBoolean();
        List<List<Object>> rows = new ArrayList<>();
        try (BatchQueryResult r = new BatchQueryResult(null, SPECS, batches, List.of("objectId", "flux", "band"), DECLARED,
                () -> closed.set(true))) {
            assertThat(r.columns()).extracting(c -> c.name() + ":" + c.type())
                    .containsExactly("objectId:BIGINT", "flux:FLOAT", "band:CHAR");
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    row.add(r.value(i));
                }
                rows.add(row);
            }
            assertThat(r.next()).isFalse();
        }
        assertThat(closed).isTrue();
        assertThat(rows).containsExactly(Arrays.asList(1L, 1.5f, "u"), Arrays.asList(2L, null, null), Arrays.asList(3L, -2.25f, "g"));
    }

    private static ColumnarBatch batch(Object[][] rows) {
        BatchBuilder b = new BatchBuilder(SPECS);
        for (Object[] row : rows) {
            b.addRow(row);
        }
        return b.build();
    }
}
