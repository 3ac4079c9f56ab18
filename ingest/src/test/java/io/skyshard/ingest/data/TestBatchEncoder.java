package io.skyshard.ingest.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.rpc.ColumnKind;
import io.skyshard.rpc.ColumnarBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestBatchEncoder {
    private static final List<ColumnDef> COLUMNS = List.of(
            ColumnDef.notNull("id", ColumnType.BIGINT),
            ColumnDef.of("x", ColumnType.DOUBLE),
            ColumnDef.of("f", ColumnType.FLOAT),
            new ColumnDef("s", ColumnType.VARCHAR, 4, 0, true),
            ColumnDef.of("b", ColumnType.VARBINARY));

    private static TableBlock block(int n) {
        long[] id = new long[n];
        double[] x = new double[n];
        boolean[] xNull = new boolean[n];
        float[] f = new float[n];
        String[] s = new String[n];
        byte[][] b = new byte[n][];
        for (int i = 0; i < n; i++) {
            id[i] = 1000L * i - 7;
            x[i] = i * 0.5;
            xNull[i] = i % 3 == 1;
            f[i] = i;
            s[i] = i % 4 == 2 ? null : "v" + i;
            b[i] = i % 5 == 0 ? null : new byte[] {(byte) i};
        }
        return new TableBlock(COLUMNS, List.of(new ColumnData.Longs(id, null), new ColumnData.Doubles(x, xNull),
                new ColumnData.Floats(f, null), new ColumnData.Strings(s), new ColumnData.Bytes(b)), n);
    }

    @Test
    void roundTripKeepsValuesAndNulls() {
        TableBlock in = block(21);
        ColumnarBatch batch = BatchEncoder.encode(in, 3, 20);
        assertThat(batch.getRowCount()).isEqualTo(17);
        TableBlock out = BatchEncoder.decode(COLUMNS, batch);
        int[] rows = new int[17];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i + 3;
        }
        TableBlock expected = in.select(rows);
        assertThat(out.checksum()).isEqualTo(expected.checksum());
        for (int c = 0; c < COLUMNS.size(); c++) {
            for (int r = 0; r < 17; r++) {
                assertThat(out.data(c).isNull(r)).isEqualTo(expected.data(c).isNull(r));
            }
        }
        assertThat(out.data("x").isNull(1)).isTrue(); // row 4: 4 % 3 == 1
        assertThat(out.data("s").value(3)).isNull(); // row 6
        assertThat(out.data("s").value(0)).isEqualTo("v3");
    }

    @Test
    void gatheredRowsEncodeAsTheGatheredBlockDoes() {
        TableBlock a = block(13);
        // A second block with NULLs where the first has none (a long and a float mask).
        TableBlock b0 = block(9);
        boolean[] idNull = new boolean[9];
        boolean[] fNull = new boolean[9];
        idNull[2] = true;
        fNull[5] = true;
        fNull[8] = true;
        TableBlock b = new TableBlock(COLUMNS, List.of(new ColumnData.Longs(((ColumnData.Longs) b0.data(0)).values(), idNull),
                b0.data(1), new ColumnData.Floats(((ColumnData.Floats) b0.data(2)).values(), fNull), b0.data(3), b0.data(4)), 9);
        int[] part = {1, 0, 0, 1, 1, 0, 1, 0, 1, 1, 0};
        int[] row = {8, 12, 0, 2, 5, 4, 0, 7, 3, 6, 1};
        GatheredRows rows = new GatheredRows(COLUMNS, List.of(a, b), part, row);
        TableBlock copied = rows.toBlock();
        for (int[] range : new int[][] {{0, 11}, {2, 9}, {5, 5}, {10, 11}}) {
            assertThat(rows.batch(range[0], range[1])).as("rows %d..%d", range[0], range[1])
                    .isEqualTo(BatchEncoder.encode(copied, range[0], range[1]));
        }
        assertThat(BatchEncoder.decode(COLUMNS, rows.batch(0, 11)).checksum()).isEqualTo(copied.checksum());
        assertThatThrownBy(() -> rows.batch(3, 12)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void nullBitsFollowTheProtoLayout() {
        ColumnarBatch batch = BatchEncoder.encode(block(10), 0, 10);
        // x is NULL in rows 1, 4, 7: bits 1 and 4 and 7 of byte 0.
        assertThat(batch.getColumns(1).getNulls().byteAt(0) & 0xff).isEqualTo((1 << 1) | (1 << 4) | (1 << 7));
        assertThat(batch.getColumns(0).getNulls().isEmpty()).isTrue();
    }

    @Test
    void columnSpecsMapTypes() {
        var specs = BatchEncoder.columnSpecs(COLUMNS);
        assertThat(specs).extracting(s -> s.getKind())
                .containsExactly(ColumnKind.BIGINT, ColumnKind.DOUBLE, ColumnKind.FLOAT, ColumnKind.VARCHAR, ColumnKind.VARBINARY);
        assertThat(specs.get(0).getNullable()).isFalse();
        assertThat(specs.get(3).getPrecision()).isEqualTo(4);
    }

    @Test
    void mismatchedBlocksAreRejected() {
        assertThatThrownBy(() -> new TableBlock(COLUMNS.subList(0, 1), List.of(new ColumnData.Doubles(new double[1], null)), 1))
                .isInstanceOf(SkyshardException.class).hasMessageContaining("'id'");
        assertThatThrownBy(() -> block(3).project(List.of(ColumnDef.of("missing", ColumnType.BIGINT))))
                .isInstanceOf(SkyshardException.class).hasMessageContaining("missing");
    }
}
