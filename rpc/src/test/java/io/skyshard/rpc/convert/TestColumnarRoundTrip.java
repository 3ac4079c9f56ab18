package io.skyshard.rpc.convert;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.rpc.ColumnKind;
import io.skyshard.rpc.ColumnSpec;
import io.skyshard.rpc.ColumnarBatch;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestColumnarRoundTrip {
    private static final String COLUMNS = "b BOOLEAN, ti TINYINT, si SMALLINT, i INTEGER, bi BIGINT, f FLOAT, d DOUBLE,"
            + " de DECIMAL(20,5), v VARCHAR, bl BLOB, ub UBIGINT, h HUGEINT, dt DATE, tm TIME, ts TIMESTAMP";

    private Connection conn;

    @BeforeEach
    void open() throws Exception {
        conn = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE src (" + COLUMNS + ")");
            s.execute("INSERT INTO src VALUES "
                    + "(true, -128, -32768, -2147483648, -9223372036854775808, 0.1, 0.1, -123456789012345.12345, 'héllo',"
                    + " '\\x00\\xFF\\x7F'::BLOB, 18446744073709551615, -170141183460469231731687303715884105727,"
                    + " DATE '1900-02-28', TIME '23:59:59.999999', TIMESTAMP '1960-01-01 00:00:00.000001'),"
                    + "(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                    + "(false, 127, 32767, 2147483647, 9223372036854775807, 3.4028235e38, -1.5e-300, 0.00001, '',"
                    + " ''::BLOB, 9223372036854775813, 170141183460469231731687303715884105727,"
                    + " DATE '2024-06-01', TIME '00:00:00', TIMESTAMP '2024-06-01 12:34:56.789012'),"
                    + "(true, 0, 0, 0, 0, 16777217, 1e300, 1.5, 'x', '\\xAB'::BLOB, 0, 0, DATE '1970-01-01', TIME '12:00:00.5',"
                    + " TIMESTAMP '1970-01-01 00:00:00')");
        }
    }

    @AfterEach
    void close() throws Exception {
        conn.close();
    }

    @Test
    void kindsOfDuckDbResultColumns() throws Exception {
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM src")) {
            List<ColumnSpec> specs = ColumnKinds.specs(rs.getMetaData());
            assertThat(specs).extracting(ColumnSpec::getKind).containsExactly(ColumnKind.BOOLEAN, ColumnKind.TINYINT,
                    ColumnKind.SMALLINT, ColumnKind.INTEGER, ColumnKind.BIGINT, ColumnKind.FLOAT, ColumnKind.DOUBLE,
                    ColumnKind.DECIMAL, ColumnKind.VARCHAR, ColumnKind.VARBINARY, ColumnKind.UBIGINT, ColumnKind.HUGEINT,
                    ColumnKind.DATE, ColumnKind.TIME, ColumnKind.TIMESTAMP);
            assertThat(specs.get(7).getPrecision()).isEqualTo(20);
            assertThat(specs.get(7).getScale()).isEqualTo(5);
            assertThat(ColumnKinds.duckDbColumnList(specs)).isEqualTo("\"b\" BOOLEAN, \"ti\" TINYINT, \"si\" SMALLINT,"
                    + " \"i\" INTEGER, \"bi\" BIGINT, \"f\" FLOAT, \"d\" DOUBLE, \"de\" DECIMAL(20,5), \"v\" VARCHAR,"
                    + " \"bl\" BLOB, \"ub\" UBIGINT, \"h\" HUGEINT, \"dt\" DATE, \"tm\" TIME, \"ts\" TIMESTAMP");
        }
    }

    @Test
    void exoticTypesTravelAsStringsAndNarrowUnsignedWiden() throws Exception {
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT INTERVAL 3 DAY AS iv, 7::UINTEGER AS ui, [1, 2] AS l, SUM(i) AS sm FROM src")) {
            ResultSetEncoder enc = new ResultSetEncoder(rs);
            assertThat(enc.columns()).extracting(ColumnSpec::getKind)
                    .containsExactly(ColumnKind.VARCHAR, ColumnKind.BIGINT, ColumnKind.VARCHAR, ColumnKind.HUGEINT);
            BatchReader r = new BatchReader(enc.columns(), enc.next());
            assertThat(r.getObject(0, 0)).isEqualTo("3 days");
            assertThat(r.getObject(0, 1)).isEqualTo(7L);
            assertThat(r.getObject(0, 2)).isEqualTo("[1, 2]");
            assertThat(r.getObject(0, 3)).isEqualTo(BigInteger.valueOf(-1L));
        }
    }

    @Test
    void roundTripThroughBatchesAndAppender() throws Exception {
        List<ColumnSpec> specs;
        List<ColumnarBatch> batches = new ArrayList<>();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM src")) {
            ResultSetEncoder enc = new ResultSetEncoder(rs, 3, 1 << 20);
            specs = enc.columns();
            for (ColumnarBatch b = enc.next(); b != null; b = enc.next()) {
                batches.add(b);
            }
            assertThat(enc.rowsRead()).isEqualTo(4);
        }
        assertThat(batches).extracting(ColumnarBatch::getRowCount).containsExactly(3, 1);

        BatchReader first = new BatchReader(specs, batches.get(0));
        assertThat(first.getObject(0, 5)).isEqualTo(0.1f);
        assertThat(first.getObject(0, 6)).isEqualTo(0.1d);
        assertThat(first.getObject(0, 7)).isEqualTo(new BigDecimal("-123456789012345.12345"));
        assertThat(first.getObject(0, 8)).isEqualTo("héllo");
        assertThat((byte[]) first.getObject(0, 9)).containsExactly(0x00, 0xFF, 0x7F);
        assertThat(first.getObject(0, 10)).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(first.getObject(0, 11)).isEqualTo(new BigInteger("-170141183460469231731687303715884105727"));
        assertThat(first.getObject(0, 12)).isEqualTo(LocalDate.of(1900, 2, 28));
        assertThat(first.getObject(0, 13)).isEqualTo(LocalTime.of(23, 59, 59, 999_999_000));
        assertThat(first.getObject(0, 14)).isEqualTo(LocalDateTime.of(1960, 1, 1, 0, 0, 0, 1000));
        for (int c = 0; c < specs.size(); c++) {
            assertThat(first.isNull(1, c)).as("column %d row 1", c).isTrue();
            assertThat(first.getObject(1, c)).isNull();
            assertThat(first.isNull(0, c)).isFalse();
        }
        assertThat(first.getObject(2, 10)).isEqualTo(new BigInteger("9223372036854775813"));
        assertThat(first.getObject(2, 5)).isEqualTo(3.4028235e38f);
        // 16777217 is not representable as a float: the FLOAT column must keep float rounding.
        assertThat(new BatchReader(specs, batches.get(1)).getObject(0, 5)).isEqualTo(16777216f);

        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE dst (" + ColumnKinds.duckDbColumnList(specs) + ")");
        }
        conn.setAutoCommit(false);
        BatchAppender appender = new BatchAppender(specs);
        try (DuckDBAppender a = conn.unwrap(DuckDBConnection.class).createAppender("main", "dst")) {
            for (ColumnarBatch b : batches) {
                appender.append(a, b);
            }
        }
        conn.commit();
        conn.setAutoCommit(true);
        try (Statement s = conn.createStatement()) {
            assertThat(count(s, "SELECT count(*) FROM dst")).isEqualTo(4);
            assertThat(count(s, "SELECT count(*) FROM (SELECT * FROM src EXCEPT ALL SELECT * FROM dst)")).isZero();
            assertThat(count(s, "SELECT count(*) FROM (SELECT * FROM dst EXCEPT ALL SELECT * FROM src)")).isZero();
            assertThat(count(s, "SELECT count(*) FROM dst WHERE b IS NULL AND ub IS NULL AND bl IS NULL")).isEqualTo(1);
            try (ResultSet rs = s.executeQuery("SELECT typeof(f), typeof(ub), typeof(h), typeof(bl) FROM dst LIMIT 1")) {
                rs.next();
                assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                        .containsExactly("FLOAT", "UBIGINT", "HUGEINT", "BLOB");
            }
        }
    }

    @Test
    void builderBatchesAppendAndReadBack() throws Exception {
        List<ColumnSpec> specs = List.of(
                ColumnKinds.spec(ColumnDef.of("id", ColumnType.BIGINT)),
                ColumnKinds.spec(new ColumnDef("amount", ColumnType.DECIMAL, 10, 2, true)),
                ColumnKinds.spec(ColumnDef.of("flags", ColumnType.BIT)),
                ColumnKinds.spec(ColumnDef.of("name", ColumnType.CHAR)));
        BatchBuilder builder = new BatchBuilder(specs);
        for (int i = 0; i < 20; i++) {
            builder.addRow((long) i, i % 3 == 0 ? null : new BigDecimal("1.5"), i % 5 == 0 ? null : -1L, "n" + i);
        }
        ColumnarBatch batch = builder.build();
        assertThat(builder.rowCount()).isZero();
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE built (" + ColumnKinds.duckDbColumnList(specs) + ")");
        }
        try (DuckDBAppender a = conn.unwrap(DuckDBConnection.class).createAppender("main", "built")) {
            assertThat(new BatchAppender(specs).append(a, batch)).isEqualTo(20);
        }
        try (Statement s = conn.createStatement()) {
            assertThat(count(s, "SELECT count(*) FROM built WHERE amount IS NULL")).isEqualTo(7);
            assertThat(count(s, "SELECT count(*) FROM built WHERE flags = 18446744073709551615")).isEqualTo(16);
            assertThat(count(s, "SELECT sum(amount * 100) FROM built")).isEqualTo(13 * 150);
        }
    }

    @Test
    void catalogTypesMapBothWays() {
        for (ColumnType t : ColumnType.values()) {
            ColumnKind k = ColumnKinds.kindOf(t);
            ColumnType back = ColumnKinds.typeOf(k);
            assertThat(back == t || (t == ColumnType.CHAR && back == ColumnType.VARCHAR)).as(t.name()).isTrue();
        }
        assertThat(ColumnKinds.columnDef(ColumnSpec.newBuilder().setName("h").setKind(ColumnKind.HUGEINT).build()).duckDbType())
                .isEqualTo("DECIMAL(38,0)");
    }

    @Test
    void malformedBatchIsRejectedWithColumnName() {
        List<ColumnSpec> specs = List.of(ColumnSpec.newBuilder().setName("ra").setKind(ColumnKind.DOUBLE).build());
        ColumnarBatch bad = ColumnarBatch.newBuilder().setRowCount(2)
                .addColumns(io.skyshard.rpc.ColumnVector.newBuilder().addDoubles(1.0)).build();
        assertThatThrownBy(() -> new BatchReader(specs, bad)).hasMessageContaining("'ra'").hasMessageContaining("1 values for 2 rows");
    }

    @Test
    void fixedWidthBlocksAppendLikePackedValues() throws Exception {
        List<ColumnSpec> specs = List.of(
                ColumnKinds.spec(ColumnDef.of("id", ColumnType.BIGINT)),
                ColumnKinds.spec(ColumnDef.of("i", ColumnType.INTEGER)),
                ColumnKinds.spec(ColumnDef.of("f", ColumnType.FLOAT)),
                ColumnKinds.spec(ColumnDef.of("d", ColumnType.DOUBLE)));
        long[] ids = {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE, 42};
        long[] ints = {Integer.MIN_VALUE, -5, 0, Integer.MAX_VALUE, 7};
        float[] fs = {-0.0f, 1.5f, Float.MAX_VALUE, 16777216f, 9f};
        double[] ds = {-1.5e-300, Double.NaN, 1e300, 0.1, 99};
        boolean[] nulls = {false, true, false, false, true};
        // Rows [1, 5) of the arrays: the offset must be honoured, and a null row's word zeroed.
        ColumnarBatch batch = ColumnarBatch.newBuilder().setRowCount(4)
                .addColumns(io.skyshard.rpc.ColumnVector.newBuilder().setFixed(FixedWidth.longs(ids, null, 1, 4)))
                .addColumns(io.skyshard.rpc.ColumnVector.newBuilder().setFixed(FixedWidth.longs(ints, nulls, 1, 4))
                        .setNulls(com.google.protobuf.ByteString.copyFrom(new byte[] {(byte) 0b1001})))
                .addColumns(io.skyshard.rpc.ColumnVector.newBuilder().setFixed(FixedWidth.floats(fs, null, 1, 4)))
                .addColumns(io.skyshard.rpc.ColumnVector.newBuilder().setFixed(FixedWidth.doubles(ds, nulls, 1, 4))
                        .setNulls(com.google.protobuf.ByteString.copyFrom(new byte[] {(byte) 0b1001})))
                .build();
        assertThat(batch.getColumns(3).getFixed().substring(0, 8).toByteArray()).containsOnly(0);
        BatchReader reader = new BatchReader(specs, batch);
        assertThat(reader.getLong(0, 0)).isEqualTo(-1);
        assertThat(reader.getLong(2, 0)).isEqualTo(Long.MAX_VALUE);
        assertThat(reader.getFloat(2, 2)).isEqualTo(16777216f);
        assertThat(reader.getDouble(2, 3)).isEqualTo(0.1);
        assertThat(reader.getObject(0, 3)).isNull();
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE fixed (" + ColumnKinds.duckDbColumnList(specs) + ")");
        }
        try (DuckDBAppender a = conn.unwrap(DuckDBConnection.class).createAppender("main", "fixed")) {
            assertThat(new BatchAppender(specs).append(a, batch)).isEqualTo(4);
        }
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, i, f, d FROM fixed ORDER BY id")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getLong(1) + " " + rs.getObject(2) + " " + rs.getFloat(3) + " " + rs.getObject(4));
            }
            assertThat(rows).containsExactly("-1 null 1.5 null", "0 0 3.4028235E38 1.0E300",
                    "42 null 9.0 null", "9223372036854775807 2147483647 1.6777216E7 0.1");
        }
    }

    @Test
    void malformedFixedWidthBlocksAreRejected() {
        List<ColumnSpec> specs = List.of(ColumnSpec.newBuilder().setName("ra").setKind(ColumnKind.DOUBLE).build());
        ColumnarBatch shortBlock = ColumnarBatch.newBuilder().setRowCount(2)
                .addColumns(io.skyshard.rpc.ColumnVector.newBuilder().setFixed(FixedWidth.doubles(new double[] {1}, null, 0, 1)))
                .build();
        assertThatThrownBy(() -> new BatchReader(specs, shortBlock)).hasMessageContaining("'ra'")
                .hasMessageContaining("fixed-width block of 8 bytes");
        ColumnarBatch both = ColumnarBatch.newBuilder().setRowCount(1)
                .addColumns(io.skyshard.rpc.ColumnVector.newBuilder().addDoubles(2)
                        .setFixed(FixedWidth.doubles(new double[] {1}, null, 0, 1))).build();
        assertThatThrownBy(() -> new BatchReader(specs, both)).hasMessageContaining("1 packed values");
        List<ColumnSpec> text = List.of(ColumnSpec.newBuilder().setName("name").setKind(ColumnKind.VARCHAR).build());
        ColumnarBatch textBlock = ColumnarBatch.newBuilder().setRowCount(1)
                .addColumns(io.skyshard.rpc.ColumnVector.newBuilder().setFixed(FixedWidth.longs(new long[] {1}, null, 0, 1))).build();
        assertThatThrownBy(() -> new BatchReader(text, textBlock)).hasMessageContaining("cannot be sent as a fixed-width block");
    }

    @Test
    void byteLimitCutsBatchesEarly() throws Exception {
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT repeat('x', 1000) AS v FROM range(100)")) {
            ResultSetEncoder enc = new ResultSetEncoder(rs, 4096, 10_000);
            int batches = 0;
            for (ColumnarBatch b = enc.next(); b != null; b = enc.next()) {
                assertThat(b.getRowCount()).isLessThanOrEqualTo(10);
                batches++;
            }
            assertThat(batches).isEqualTo(10);
            assertThat(enc.rowsRead()).isEqualTo(100);
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
