package io.skyshard.tap.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyshard.common.catalog.ColumnType;
import io.skyshard.czar.query.QueryResult;
import io.skyshard.czar.query.ResultColumn;
import io.skyshard.tap.adql.OutputColumn;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.ac.starlink.table.RowSequence;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.StarTableFactory;
import uk.ac.starlink.util.ByteArrayDataSource;

class TestResultWriter {
    /** A result of rows given in memory, as the query service hands them out. */
    private static QueryResult result(List<Object[]> rows) {
        return new QueryResult() {
            private int next = -1;

            @Override
            public List<ResultColumn> columns() {
                return List.of(new ResultColumn("id", ColumnType.BIGINT, 0, 0), new ResultColumn("ra", ColumnType.DOUBLE, 0, 0),
                        new ResultColumn("name", ColumnType.VARCHAR, 0, 0));
            }

            @Override
            public boolean next() {
                return ++next < rows.size();
            }

            @Override
            public Object value(int index) {
                return rows.get(next)[index];
            }

            @Override
            public void close() {
            }
        };
    }

    private static final List<Object[]> ROWS = List.of(new Object[] {1L, 10.5, "a,b"}, new Object[] {2L, null, "x\"y"},
            new Object[] {3L, 12.0, null});
    private static final List<OutputColumn> COLUMNS = List.of(OutputColumn.computed("id", null, "meta.id", "identifier"),
            OutputColumn.computed("ra", "deg", "pos.eq.ra", null), OutputColumn.computed("name", null, null, null));

    private static String write(ResponseFormat format, long maxrec) throws Exception {
        ResultTable table = new ResultTable(result(ROWS), COLUMNS, maxrec);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultWriter.write(table, format, Map.of("QUERY", "SELECT <x>"), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void votablesRoundTripThroughStilWithMetadataAndOverflow() throws Exception {
        for (ResponseFormat f : List.of(ResponseFormat.VOTABLE_BINARY2, ResponseFormat.VOTABLE_TABLEDATA)) {
            String doc = write(f, 2);
            assertThat(doc).contains("<INFO name=\"QUERY_STATUS\" value=\"OK\"/>", "SELECT &lt;x&gt;",
                    "<INFO name=\"QUERY_STATUS\" value=\"OVERFLOW\"/>");
            StarTable t = new StarTableFactory(false).makeStarTable(new ByteArrayDataSource("r", doc.getBytes(StandardCharsets.UTF_8)),
                    "votable");
            assertThat(t.getColumnInfo(1).getUnitString()).isEqualTo("deg");
            assertThat(t.getColumnInfo(0).getUCD()).isEqualTo("meta.id");
            try (RowSequence rows = t.getRowSequence()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getRow()).containsExactly(1L, 10.5, "a,b");
                assertThat(rows.next()).isTrue();
                assertThat(rows.getCell(1)).isIn(null, Double.NaN);
                assertThat(rows.next()).isFalse();
            }
        }
        assertThat(write(ResponseFormat.VOTABLE_TABLEDATA, 3)).doesNotContain("OVERFLOW");
        assertThat(write(ResponseFormat.VOTABLE_TABLEDATA, 0)).contains("OVERFLOW").doesNotContain("<TR>");
    }

    @Test
    void maxrecZeroGivesAnEmptyTableThatOverflowsOnlyWhenTheQueryHasRows() throws Exception {
        // DALI: MAXREC=0 returns the metadata only; the overflow says rows were left out
        ResultTable empty = new ResultTable(result(List.of()), COLUMNS, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultWriter.write(empty, ResponseFormat.VOTABLE_TABLEDATA, Map.of("QUERY", "q"), out);
        String doc = out.toString(StandardCharsets.UTF_8);
        assertThat(doc).contains("<FIELD", "name=\"ra\"", "<INFO name=\"QUERY_STATUS\" value=\"OK\"/>")
                .doesNotContain("<TR>", "OVERFLOW");
        assertThat(empty.overflowed()).isFalse();
        assertThat(write(ResponseFormat.CSV, 0)).isEqualTo("id,ra,name\r\n");
    }

    @Test
    void csvAndTsvEscape() throws Exception {
        assertThat(write(ResponseFormat.CSV, 10)).isEqualTo("id,ra,name\r\n1,10.5,\"a,b\"\r\n2,,\"x\"\"y\"\r\n3,12.0,\r\n");
        assertThat(write(ResponseFormat.TSV, 10)).isEqualTo("id\tra\tname\n1\t10.5\ta,b\n2\t\tx\"y\n3\t12.0\t\n");
    }

    @Test
    void errorDocumentIsDali() {
        String doc = new String(VoDocuments.error("bad <thing>"), StandardCharsets.UTF_8);
        assertThat(doc).contains("<RESOURCE type=\"results\">", "<INFO name=\"QUERY_STATUS\" value=\"ERROR\">bad &lt;thing&gt;</INFO>");
    }
}
