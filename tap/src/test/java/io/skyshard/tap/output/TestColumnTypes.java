package io.skyshard.tap.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.czar.merge.JdbcQueryResult;
import io.skyshard.tap.adql.OutputColumn;
import io.skyshard.tap.adql.TapColumn;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.w3c.dom.NodeList;
import uk.ac.starlink.table.RowSequence;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.StarTableFactory;
import uk.ac.starlink.util.ByteArrayDataSource;
import uk.ac.starlink.votable.FieldElement;
import uk.ac.starlink.votable.VOElement;
import uk.ac.starlink.votable.VOElementFactory;

/**
 * For every column type of the catalog model, the type TAP_SCHEMA declares (datatype, arraysize,
 * xtype) is the type the result VOTable's FIELD carries, whether the query service describes the
 * column by its declared catalog type (a column selected as is) or by the type DuckDB reports (the
 * declared type lost, e.g. in a computed or merged column); and the values read back as written.
 * Chunk tables hold each type as {@link ColumnType#duckDbType}, which is what the DuckDB table here
 * uses.
 */
class TestColumnTypes {
    /** A column, a DuckDB literal of it and the value a VOTable reader gets back. */
    private record Case(ColumnDef column, String literal, Object expected) {
        static Case of(String name, ColumnType type, int length, int scale, String literal, Object expected) {
            return new Case(new ColumnDef(name, type, length, scale, true), literal, expected);
        }
    }

    private static final List<Case> CASES = List.of(
            Case.of("c_boolean", ColumnType.BOOLEAN, 0, 0, "TRUE", Boolean.TRUE),
            Case.of("c_tinyint", ColumnType.TINYINT, 0, 0, "-7", (short) -7),
            Case.of("c_smallint", ColumnType.SMALLINT, 0, 0, "32000", (short) 32000),
            Case.of("c_integer", ColumnType.INTEGER, 0, 0, "2000000000", 2000000000),
            Case.of("c_bigint", ColumnType.BIGINT, 0, 0, "600000000000000123", 600000000000000123L),
            Case.of("c_float", ColumnType.FLOAT, 0, 0, "1.5", 1.5f),
            Case.of("c_double", ColumnType.DOUBLE, 0, 0, "0.1", 0.1),
            Case.of("c_decimal", ColumnType.DECIMAL, 12, 4, "12.3456", 12.3456),
            Case.of("c_decimal_int", ColumnType.DECIMAL, 10, 0, "1234567890", 1234567890L),
            // MySQL's BIGINT UNSIGNED as Skyshard stores it: wider than a VOTable long
            Case.of("c_bigint_unsigned", ColumnType.DECIMAL, 20, 0, "18446744073709551615", 1.8446744073709552E19),
            Case.of("c_char", ColumnType.CHAR, 5, 0, "'abc'", "abc"),
            Case.of("c_varchar", ColumnType.VARCHAR, 0, 0, "'a, \"b\"'", "a, \"b\""),
            Case.of("c_blob", ColumnType.VARBINARY, 0, 0, "'\\x00\\x7F\\xFF'::BLOB", new short[] {0, 127, 255}),
            Case.of("c_bit", ColumnType.BIT, 1, 0, "1", 1L),
            Case.of("c_bit12", ColumnType.BIT, 12, 0, "4095", 4095L),
            Case.of("c_date", ColumnType.DATE, 0, 0, "DATE '2024-02-29'", "2024-02-29"),
            Case.of("c_time", ColumnType.TIME, 0, 0, "TIME '23:59:00'", "23:59:00"),
            // a whole minute: DALI still wants the seconds
            Case.of("c_timestamp", ColumnType.TIMESTAMP, 0, 0, "TIMESTAMP '2024-02-29 12:34:00'", "2024-02-29T12:34:00"));

    @Test
    void casesCoverEveryColumnType() {
        Set<ColumnType> covered = EnumSet.noneOf(ColumnType.class);
        CASES.forEach(c -> covered.add(c.column().type()));
        assertThat(covered).containsExactlyInAnyOrder(ColumnType.values());
    }

    @Test
    void declaredTypesAreTheResultTypesAndValuesRoundTrip() throws Exception {
        for (boolean declared : List.of(true, false)) {
            for (ResponseFormat format : List.of(ResponseFormat.VOTABLE_BINARY2, ResponseFormat.VOTABLE_TABLEDATA)) {
                byte[] doc = query(declared, format);
                String what = (declared ? "declared" : "DuckDB") + " types, " + format;
                NodeList fields = new VOElementFactory().makeVOElement(new ByteArrayInputStream(doc), null)
                        .getElementsByVOTagName("FIELD");
                assertThat(fields.getLength()).isEqualTo(CASES.size());
                for (int i = 0; i < CASES.size(); i++) {
                    TapColumn tap = TapColumn.of(CASES.get(i).column(), false, false);
                    FieldElement f = (FieldElement) fields.item(i);
                    assertThat(java.util.Arrays.asList(f.getDatatype(), attribute(f, "arraysize"), attribute(f, "xtype")))
                            .as("%s: FIELD of %s", what, tap.name())
                            .isEqualTo(java.util.Arrays.asList(tap.datatype(), tap.arraysize(), tap.xtype()));
                }
                StarTable t = new StarTableFactory(false).makeStarTable(new ByteArrayDataSource("r", doc), "votable");
                try (RowSequence rows = t.getRowSequence()) {
                    assertThat(rows.next()).isTrue();
                    for (int i = 0; i < CASES.size(); i++) {
                        assertThat(rows.getCell(i)).as("%s: value of %s", what, CASES.get(i).column().name())
                                .isEqualTo(CASES.get(i).expected());
                    }
                    assertThat(rows.next()).isTrue();
                    for (int i = 0; i < CASES.size(); i++) {
                        Object v = rows.getCell(i);
                        assertThat(v == null || v instanceof Double d && d.isNaN() || v instanceof Float f && f.isNaN())
                                .as("%s: NULL of %s read as %s", what, CASES.get(i).column().name(), v).isTrue();
                    }
                    assertThat(rows.next()).isFalse();
                }
            }
        }
    }

    @Test
    void csvWritesTheSameValuesAsText() throws Exception {
        String csv = new String(query(true, ResponseFormat.CSV), StandardCharsets.UTF_8);
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(1)).isEqualTo("true,-7,32000,2000000000,600000000000000123,1.5,0.1,12.3456,1234567890,"
                + "1.8446744073709552E19,abc,\"a, \"\"b\"\"\",007fff,1,4095,2024-02-29,23:59:00,2024-02-29T12:34:00");
        assertThat(lines.get(2)).isEqualTo(",".repeat(CASES.size() - 1));
    }

    private static String attribute(VOElement e, String name) {
        return e.hasAttribute(name) ? e.getAttribute(name) : null;
    }

    /** A table with one row of values and one of NULLs, queried as the czar's merge step reads results. */
    private static byte[] query(boolean declared, ResponseFormat format) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            List<String> defs = new ArrayList<>();
            List<String> values = new ArrayList<>();
            List<String> nulls = new ArrayList<>();
            List<ColumnDef> columns = new ArrayList<>();
            List<OutputColumn> output = new ArrayList<>();
            for (Case k : CASES) {
                defs.add(k.column().name() + " " + k.column().duckDbType());
                values.add(k.literal());
                nulls.add("NULL");
                columns.add(k.column());
                output.add(OutputColumn.of(k.column().name(), TapColumn.of(k.column(), false, false)));
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (n INTEGER, " + String.join(", ", defs) + ")");
                st.execute("INSERT INTO t VALUES (1, " + String.join(", ", values) + "), (2, " + String.join(", ", nulls) + ")");
            }
            Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT * EXCLUDE (n) FROM t ORDER BY n");
            List<String> names = columns.stream().map(ColumnDef::name).toList();
            try (JdbcQueryResult result = new JdbcQueryResult(c, st, rs, names, declared ? columns : List.of(), () -> { })) {
                ResultTable table = new ResultTable(result, output, 10);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ResultWriter.write(table, format, Map.of(), out);
                return out.toByteArray();
            }
        }
    }
}
