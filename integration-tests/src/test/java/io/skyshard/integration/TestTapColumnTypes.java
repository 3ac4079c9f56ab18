package io.skyshard.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.ingest.data.ColumnData;
import io.skyshard.ingest.data.TableBlock;
import io.skyshard.ingest.load.CatalogLoader;
import io.skyshard.ingest.load.ProgressListener;
import io.skyshard.ingest.load.WorkerConnections;
import io.skyshard.tap.TapConfig;
import io.skyshard.tap.TapService;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.NodeList;
import uk.ac.starlink.table.RowSequence;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.StarTableFactory;
import uk.ac.starlink.util.ByteArrayDataSource;
import uk.ac.starlink.votable.FieldElement;
import uk.ac.starlink.votable.VOElementFactory;

/**
 * Declared and result types agree through the TAP service on a running cluster: for every column
 * TAP_SCHEMA publishes (whatever databases the shared cluster holds when this runs), the FIELD of
 * {@code SELECT TOP 3 <all its columns> FROM <table>} carries the datatype, arraysize and xtype that
 * TAP_SCHEMA.columns declares. A database with a column of every type of the catalog model (loaded
 * through the ingest loader like any catalog) makes sure each type is checked, and its values must
 * come back as loaded.
 */
class TestTapColumnTypes {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String DB = "tapColumnTypes";

    /** A typed column, its value in row 1 (row 2 is all NULL) and what a VOTable reader gets back. */
    private record Typed(ColumnDef column, Object loaded, Object read) {
        static Typed of(String name, ColumnType type, int length, int scale, Object loaded, Object read) {
            return new Typed(new ColumnDef(name, type, length, scale, true), loaded, read);
        }
    }

    private static final LocalDateTime WHOLE_MINUTE = LocalDateTime.of(2024, 2, 29, 12, 34);
    private static final List<Typed> TYPED = List.of(
            Typed.of("c_boolean", ColumnType.BOOLEAN, 0, 0, 1L, Boolean.TRUE),
            Typed.of("c_tinyint", ColumnType.TINYINT, 0, 0, -7L, (short) -7),
            Typed.of("c_smallint", ColumnType.SMALLINT, 0, 0, 32000L, (short) 32000),
            Typed.of("c_integer", ColumnType.INTEGER, 0, 0, 2000000000L, 2000000000),
            Typed.of("c_bigint", ColumnType.BIGINT, 0, 0, 600000000000000123L, 600000000000000123L),
            Typed.of("c_float", ColumnType.FLOAT, 0, 0, 1.5f, 1.5f),
            Typed.of("c_double", ColumnType.DOUBLE, 0, 0, 0.1, 0.1),
            Typed.of("c_decimal", ColumnType.DECIMAL, 12, 4, "12.3456", 12.3456),
            Typed.of("c_decimal_int", ColumnType.DECIMAL, 10, 0, "1234567890", 1234567890L),
            Typed.of("c_bigint_unsigned", ColumnType.DECIMAL, 20, 0, "18446744073709551615", 1.8446744073709552E19),
            Typed.of("c_char", ColumnType.CHAR, 5, 0, "abc", "abc"),
            Typed.of("c_varchar", ColumnType.VARCHAR, 0, 0, "a, \"b\"", "a, \"b\""),
            Typed.of("c_blob", ColumnType.VARBINARY, 0, 0, new byte[] {0, 127, (byte) 255}, new short[] {0, 127, 255}),
            Typed.of("c_bit", ColumnType.BIT, 1, 0, 1L, 1L),
            Typed.of("c_bit12", ColumnType.BIT, 12, 0, 4095L, 4095L),
            Typed.of("c_date", ColumnType.DATE, 0, 0, LocalDate.of(2024, 2, 29).toEpochDay(), "2024-02-29"),
            Typed.of("c_time", ColumnType.TIME, 0, 0, LocalTime.of(23, 59).toNanoOfDay() / 1000, "23:59:00"),
            Typed.of("c_timestamp", ColumnType.TIMESTAMP, 0, 0,
                    ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0).toInstant(ZoneOffset.UTC),
                            WHOLE_MINUTE.toInstant(ZoneOffset.UTC)), "2024-02-29T12:34:00"));

    @TempDir
    static Path dir;

    private static LocalCluster cluster;
    private static TapService tap;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        cluster = SharedCluster.get();
        if (cluster.controller.registry().snapshot().database(DB).isEmpty()) {
            load();
        }
        tap = TapService.start(TapConfig.defaults(dir.resolve("tap")), cluster.czar, cluster.controller.registry(), "/tap-types");
        base = "http://127.0.0.1:" + cluster.czar.httpPort() + "/tap-types";
    }

    @AfterAll
    static void stop() {
        if (tap != null) {
            tap.close();
        }
    }

    /** A director table and a replicated table, each with every typed column, two rows: values and NULLs. */
    private static void load() {
        List<ColumnDef> typed = TYPED.stream().map(Typed::column).toList();
        List<ColumnDef> directorColumns = new ArrayList<>(List.of(ColumnDef.notNull("id", ColumnType.BIGINT),
                ColumnDef.notNull("ra", ColumnType.DOUBLE), ColumnDef.notNull("decl", ColumnType.DOUBLE)));
        directorColumns.addAll(typed);
        List<ColumnDef> replicatedColumns = new ArrayList<>(List.of(ColumnDef.notNull("id", ColumnType.BIGINT)));
        replicatedColumns.addAll(typed);
        TableDef director = new TableDef(DB, "Typed", TableKind.DIRECTOR, directorColumns, "id", "ra", "decl", null);
        TableDef replicated = new TableDef(DB, "TypedCopy", TableKind.REPLICATED, replicatedColumns, null, null, null, null);
        Function<TableDef, java.util.Iterator<TableBlock>> rows = t -> {
            List<ColumnData> data = new ArrayList<>();
            data.add(new ColumnData.Longs(new long[] {1, 2}, null));
            if (t.kind() == TableKind.DIRECTOR) {
                data.add(new ColumnData.Doubles(new double[] {10.0, 200.0}, null));
                data.add(new ColumnData.Doubles(new double[] {-30.0, 45.0}, null));
            }
            for (Typed c : TYPED) {
                data.add(valueAndNull(c));
            }
            return List.of(new TableBlock(t.columns(), data, 2)).iterator();
        };
        try (WorkerConnections connections = new WorkerConnections()) {
            new CatalogLoader(cluster.controller.registry(), connections)
                    .load(new DatabaseDef(DB, LocalCluster.PARTITIONING), List.of(director, replicated), rows, ProgressListener.NONE);
        }
    }

    private static ColumnData valueAndNull(Typed c) {
        boolean[] secondIsNull = {false, true};
        return switch (ColumnData.kindOf(c.column().type())) {
            case LONG -> new ColumnData.Longs(new long[] {(Long) c.loaded(), 0}, secondIsNull);
            case FLOAT -> new ColumnData.Floats(new float[] {(Float) c.loaded(), 0}, secondIsNull);
            case DOUBLE -> new ColumnData.Doubles(new double[] {(Double) c.loaded(), 0}, secondIsNull);
            case STRING -> new ColumnData.Strings(new String[] {(String) c.loaded(), null});
            case BYTES -> new ColumnData.Bytes(new byte[][] {(byte[]) c.loaded(), null});
        };
    }

    @Test
    void everyPublishedColumnIsReturnedWithItsDeclaredType() throws Exception {
        // table -> (published column name -> [datatype, arraysize, xtype])
        Map<String, Map<String, List<String>>> declared = new LinkedHashMap<>();
        StarTable columns = table(sync("SELECT table_name, column_name, datatype, arraysize, xtype FROM TAP_SCHEMA.columns"
                + " ORDER BY table_name, column_index"));
        try (RowSequence rs = columns.getRowSequence()) {
            while (rs.next()) {
                declared.computeIfAbsent((String) rs.getCell(0), t -> new LinkedHashMap<>())
                        .put((String) rs.getCell(1), Arrays.asList((String) rs.getCell(2), (String) rs.getCell(3), (String) rs.getCell(4)));
            }
        }
        assertThat(declared).containsKeys(DB + ".Typed", DB + ".TypedCopy", "TAP_SCHEMA.columns");
        Set<String> checked = new java.util.HashSet<>();
        for (Map.Entry<String, Map<String, List<String>>> table : declared.entrySet()) {
            List<String> names = List.copyOf(table.getValue().keySet());
            byte[] doc = sync("SELECT TOP 3 " + String.join(", ", names) + " FROM " + table.getKey());
            NodeList fields = new VOElementFactory().makeVOElement(new ByteArrayInputStream(doc), null).getElementsByVOTagName("FIELD");
            assertThat(fields.getLength()).as("%s: %s", table.getKey(), new String(doc, StandardCharsets.UTF_8)).isEqualTo(names.size());
            for (int i = 0; i < names.size(); i++) {
                FieldElement f = (FieldElement) fields.item(i);
                List<String> result = Arrays.asList(f.getDatatype(), f.hasAttribute("arraysize") ? f.getAttribute("arraysize") : null,
                        f.getXtype());
                assertThat(result).as("%s.%s: [datatype, arraysize, xtype] of the result FIELD vs TAP_SCHEMA.columns",
                        table.getKey(), names.get(i)).isEqualTo(table.getValue().get(names.get(i)));
                checked.add(table.getKey() + "." + names.get(i));
            }
        }
        Set<ColumnType> typesChecked = EnumSet.noneOf(ColumnType.class);
        TYPED.stream().filter(c -> checked.contains(DB + ".Typed." + c.column().name())).forEach(c -> typesChecked.add(c.column().type()));
        assertThat(typesChecked).containsExactlyInAnyOrder(ColumnType.values());
    }

    @Test
    void valuesOfEveryTypeComeBackAsLoaded() throws Exception {
        String list = String.join(", ", TYPED.stream().map(c -> "t." + c.column().name()).toList());
        for (String from : List.of(DB + ".Typed", DB + ".TypedCopy")) {
            for (String format : List.of("votable", "votable/td")) {
                StarTable t = table(sync("SELECT " + list + " FROM " + from + " AS t ORDER BY t.id", format));
                try (RowSequence rs = t.getRowSequence()) {
                    assertThat(rs.next()).isTrue();
                    for (int i = 0; i < TYPED.size(); i++) {
                        assertThat(rs.getCell(i)).as("%s %s: %s", from, format, TYPED.get(i).column().name())
                                .isEqualTo(TYPED.get(i).read());
                    }
                    assertThat(rs.next()).isTrue();
                    for (int i = 0; i < TYPED.size(); i++) {
                        Object v = rs.getCell(i);
                        assertThat(v == null || v instanceof Double d && d.isNaN() || v instanceof Float f && f.isNaN())
                                .as("%s %s: NULL of %s read as %s", from, format, TYPED.get(i).column().name(), v).isTrue();
                    }
                    assertThat(rs.next()).isFalse();
                }
            }
        }
    }

    private static StarTable table(byte[] votable) throws Exception {
        return new StarTableFactory(false).makeStarTable(new ByteArrayDataSource("result", votable), "votable");
    }

    private static byte[] sync(String adql) throws Exception {
        return sync(adql, "votable");
    }

    private static byte[] sync(String adql, String format) throws Exception {
        String form = "LANG=ADQL&MAXREC=1000000&RESPONSEFORMAT=" + URLEncoder.encode(format, StandardCharsets.UTF_8)
                + "&QUERY=" + URLEncoder.encode(adql, StandardCharsets.UTF_8);
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/sync"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as("%s -> %s", adql, new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return r.body();
    }
}
