package io.skyshard.ingest.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import io.skyshard.ingest.data.ColumnData;
import io.skyshard.ingest.data.TableBlock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestDelimitedReader {
    private static final List<ColumnDef> COLS = List.of(
            ColumnDef.notNull("id", ColumnType.BIGINT),
            ColumnDef.of("mag", ColumnType.FLOAT),
            ColumnDef.of("ra", ColumnType.DOUBLE),
            ColumnDef.of("name", ColumnType.VARCHAR),
            ColumnDef.of("small", ColumnType.TINYINT));

    @TempDir
    Path tmp;

    private static List<TableBlock> read(byte[] data, List<ColumnDef> cols, DelimitedFormat format, int blockRows) {
        List<TableBlock> out = new ArrayList<>();
        try (DelimitedReader r = new DelimitedReader(new ByteArrayInputStream(data), "t.csv", cols, format, blockRows, false)) {
            r.forEachRemaining(out::add);
        }
        return out;
    }

    private static TableBlock readAll(String text, List<ColumnDef> cols, DelimitedFormat format) {
        List<TableBlock> blocks = read(text.getBytes(StandardCharsets.ISO_8859_1), cols, format, 1000);
        return TableBlock.concat(cols, blocks);
    }

    private static void assertFails(String text, List<ColumnDef> cols, DelimitedFormat format, String expected) {
        assertThatThrownBy(() -> readAll(text, cols, format))
                .isInstanceOfSatisfying(SkyshardException.class, e -> assertThat(e.code()).isEqualTo(IngestErrorCode.MALFORMED_INPUT))
                .hasMessage(expected);
    }

    @Test
    void readsTypedValuesNullsAndBlocks() {
        String text = "1,1.5,10.25,abc,-128\n2,\\N,-1e-3,\\N,127\n3,3.4028235e38,0.1,x\\,y,\\N\n";
        List<TableBlock> blocks = read(text.getBytes(StandardCharsets.UTF_8), COLS, DelimitedFormat.mysqlCsv(), 2);
        assertThat(blocks).extracting(TableBlock::rowCount).containsExactly(2, 1);
        TableBlock all = TableBlock.concat(COLS, blocks);
        assertThat(((ColumnData.Longs) all.data("id")).values()).containsExactly(1, 2, 3);
        assertThat(all.data("mag").value(0)).isEqualTo(1.5f);
        assertThat(all.data("mag").isNull(1)).isTrue();
        assertThat(all.data("mag").value(2)).isEqualTo(Float.MAX_VALUE);
        assertThat(all.data("ra").value(1)).isEqualTo(-1e-3);
        assertThat(all.data("name").value(2)).isEqualTo("x,y");
        assertThat(all.data("name").isNull(1)).isTrue();
        assertThat(all.data("small").value(0)).isEqualTo(-128L);
        assertThat(all.data("small").isNull(2)).isTrue();
    }

    @Test
    void numbersParseExactlyLikeTheJdk() {
        List<ColumnDef> cols = List.of(ColumnDef.of("f", ColumnType.FLOAT), ColumnDef.of("d", ColumnType.DOUBLE));
        String[] samples = {"0", "-0", "1", "0.1", "123456.789", "1.0000001", "3.14159274", "0.000109951394464149", "-5.80774565261429e-08",
                "54.9372143064536", "1e22", "1e23", "9007199254740993", "12345678901234567890", ".5", "5.", "+7", "1E-45", "2.5e-324",
                "16777217", "0.333333333333333314829616256247390992939472198486328125", "nan", "-inf", "Infinity"};
        StringBuilder sb = new StringBuilder();
        for (String s : samples) {
            sb.append(s).append(',').append(s).append('\n');
        }
        TableBlock b = readAll(sb.toString(), cols, DelimitedFormat.mysqlCsv());
        for (int i = 0; i < samples.length; i++) {
            String s = samples[i].toLowerCase().replace("infinity", "inf");
            float f = s.equals("nan") ? Float.NaN : s.endsWith("inf") ? (s.startsWith("-") ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY)
                    : Float.parseFloat(samples[i]);
            double d = s.equals("nan") ? Double.NaN : s.endsWith("inf") ? (s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
                    : Double.parseDouble(samples[i]);
            assertThat(Float.floatToIntBits(((ColumnData.Floats) b.data(0)).values()[i])).as(samples[i]).isEqualTo(Float.floatToIntBits(f));
            assertThat(Double.doubleToLongBits(((ColumnData.Doubles) b.data(1)).values()[i])).as(samples[i]).isEqualTo(Double.doubleToLongBits(d));
        }
    }

    @Test
    void mysqlEscapesQuotesBitsBinaryAndDates() {
        List<ColumnDef> cols = List.of(
                ColumnDef.of("s", ColumnType.VARCHAR),
                ColumnDef.of("bin", ColumnType.VARBINARY),
                new ColumnDef("flag", ColumnType.BIT, 1, 0, false),
                ColumnDef.of("ts", ColumnType.TIMESTAMP),
                ColumnDef.of("day", ColumnType.DATE),
                new ColumnDef("amount", ColumnType.DECIMAL, 10, 2, true));
        byte[] data = ("\"a,\"\"b\"\"\\\nc\",\\0\\\\\u00ff\\\n,\u0001,1998-09-19 15:52:54.5,1970-01-02,-12.25\n"
                + "\\N,\\N,b'0',2000-01-01T00:00:00,\\N,\\N\n").getBytes(StandardCharsets.ISO_8859_1);
        TableBlock b = TableBlock.concat(cols, read(data, cols, DelimitedFormat.mysqlCsv().withQuote('"'), 10));
        assertThat(b.data("s").value(0)).isEqualTo("a,\"b\"\nc");
        assertThat((byte[]) b.data("bin").value(0)).containsExactly(0, '\\', 0xff, '\n');
        assertThat(b.data("flag").value(0)).isEqualTo(1L);
        assertThat(b.data("flag").value(1)).isEqualTo(0L);
        assertThat(b.data("ts").value(0)).isEqualTo(906_220_374_500_000L);
        assertThat(b.data("ts").value(1)).isEqualTo(946_684_800_000_000L);
        assertThat(b.data("day").value(0)).isEqualTo(1L);
        assertThat(b.data("amount").value(0)).isEqualTo("-12.25");
        assertThat(b.data("s").isNull(1)).isTrue();
        assertThat(b.data("bin").isNull(1)).isTrue();
    }

    @Test
    void tabSeparatedWithLineNumbersAcrossEscapedNewlines() {
        List<ColumnDef> cols = List.of(ColumnDef.of("a", ColumnType.VARCHAR), ColumnDef.of("b", ColumnType.INTEGER));
        try (DelimitedReader r = new DelimitedReader(new ByteArrayInputStream("x\\\ny\t1\nz\t2".getBytes(StandardCharsets.UTF_8)),
                "t.tsv", cols, DelimitedFormat.mysqlTsv(), 10, false)) {
            TableBlock b = r.next();
            assertThat(b.rowCount()).isEqualTo(2);
            assertThat(b.data("a").value(0)).isEqualTo("x\ny");
            assertThat(r.lastBlockLines()).containsExactly(1, 3);
            assertThat(r.hasNext()).isFalse();
        }
    }

    @Test
    void badInputNamesFileLineColumnAndReason() {
        DelimitedFormat csv = DelimitedFormat.mysqlCsv();
        assertFails("1,2,3,a,4\n5,6,7,b\n", COLS, csv, "t.csv line 2, column 5 (small): row has 4 fields, expected 5");
        assertFails("1,2,3,a,4,9\n", COLS, csv, "t.csv line 1, column 6: unexpected extra field: the table has 5 columns");
        assertFails("1,2,3,a,4\n2,x1.5,3,a,4\n", COLS, csv, "t.csv line 2, column 2 (mag): 'x1.5' is not a number");
        assertFails("1,2,3,a,4\n2,1,3,a,4\n\\N,1,2,a,4\n", COLS, csv, "t.csv line 3, column 1 (id): NULL in a NOT NULL column");
        assertFails("1,2,3,a,128\n", COLS, csv, "t.csv line 1, column 5 (small): '128' is out of range for TINYINT");
        assertFails("99999999999999999999,2,3,a,1\n", COLS, csv, "t.csv line 1, column 1 (id): '99999999999999999999' is out of range for BIGINT");
        assertFails("1,2,,a,1\n", COLS, csv, "t.csv line 1, column 3 (ra): empty value is not a number");
        assertFails("1,2,1.5d,a,1\n", COLS, csv, "t.csv line 1, column 3 (ra): '1.5d' is not a number");
        assertFails("1,2,3,a,1\n\n", COLS, csv, "t.csv line 2, column 1 (id): empty line, expected 5 fields");
        assertFails("1,2,3,a,1\\", COLS, csv, "t.csv line 1, column 5 (small): escape character at end of input");
        List<ColumnDef> text = List.of(ColumnDef.of("a", ColumnType.VARCHAR), ColumnDef.of("b", ColumnType.VARCHAR));
        DelimitedFormat quoted = csv.withQuote('"');
        assertFails("x,y\n\"open,y\nz\n", text, quoted, "t.csv line 2, column 1 (a): quoted field is not closed before end of input");
        assertFails("\"a\"b,y\n", text, quoted, "t.csv line 1, column 1 (a): unexpected character 'b' after the closing quote");
        List<ColumnDef> dates = List.of(ColumnDef.of("d", ColumnType.DATE));
        assertFails("2020-02-30\n", dates, csv, "t.csv line 1, column 1 (d): '2020-02-30' is not a valid date (Invalid date 'FEBRUARY 30')");
        List<ColumnDef> bits = List.of(new ColumnDef("b", ColumnType.BIT, 1, 0, true));
        assertFails("2\n", bits, csv, "t.csv line 1, column 1 (b): value 2 does not fit in BIT(1)");
    }

    @Test
    void gzipIsDetectedAndTruncationIsReported() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            sb.append(i).append(',').append(i * 0.5f).append(',').append(i * 0.25).append(",n").append(i % 97).append(',').append(i % 100).append('\n');
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] gzip = bytes.toByteArray();
        Path file = tmp.resolve("t.csv.gz");
        Files.write(file, gzip);
        long rows = 0;
        try (DelimitedReader r = DelimitedReader.open(file, COLS, DelimitedFormat.mysqlCsv(), 4096)) {
            while (r.hasNext()) {
                TableBlock b = r.next();
                long[] ids = ((ColumnData.Longs) b.data(0)).values();
                for (int i = 0; i < b.rowCount(); i++) {
                    assertThat(ids[i]).isEqualTo(rows + i);
                }
                rows += b.rowCount();
            }
        }
        assertThat(rows).isEqualTo(20_000);
        // Same bytes, no .gz name: detected by magic.
        Path unnamed = tmp.resolve("t.csv");
        Files.write(unnamed, gzip);
        try (DelimitedReader r = DelimitedReader.open(unnamed, COLS, DelimitedFormat.mysqlCsv(), 50_000)) {
            assertThat(r.next().rowCount()).isEqualTo(20_000);
        }

        Path truncated = tmp.resolve("cut.csv.gz");
        Files.write(truncated, Arrays.copyOf(gzip, gzip.length / 2));
        assertThatThrownBy(() -> {
            try (DelimitedReader r = DelimitedReader.open(truncated, COLS, DelimitedFormat.mysqlCsv(), 4096)) {
                r.forEachRemaining(b -> {
                });
            }
        }).isInstanceOfSatisfying(SkyshardException.class, e -> assertThat(e.code()).isEqualTo(IngestErrorCode.MALFORMED_INPUT))
                .hasMessageStartingWith(truncated + " line ")
                .hasMessageContaining("compressed data is truncated or corrupt");

        Path notGzip = tmp.resolve("plain.csv.gz");
        Files.writeString(notGzip, "1,2,3,a,4\n");
        assertThatThrownBy(() -> DelimitedReader.open(notGzip, COLS, DelimitedFormat.mysqlCsv(), 10))
                .hasMessage(notGzip + ": named .gz but is not gzip data");
        assertThatThrownBy(() -> DelimitedReader.open(tmp.resolve("missing.csv"), COLS, DelimitedFormat.mysqlCsv(), 10))
                .isInstanceOfSatisfying(SkyshardException.class, e -> assertThat(e.code()).isEqualTo(IngestErrorCode.INPUT_UNREADABLE));
    }

    @Test
    void customNullMarkerAndNoEscape() {
        List<ColumnDef> cols = List.of(ColumnDef.of("a", ColumnType.VARCHAR), ColumnDef.of("b", ColumnType.INTEGER));
        DelimitedFormat f = DelimitedFormat.mysqlCsv().withEscape(-1).withNullMarker("").withQuote('"');
        TableBlock b = readAll("a\\b,\n\"\",7\n", cols, f);
        assertThat(b.data("a").value(0)).isEqualTo("a\\b");
        assertThat(b.data("b").isNull(0)).isTrue();
        // A quoted empty string is a value, not NULL.
        assertThat(b.data("a").value(1)).isEqualTo("");
    }

    /** Hands out the data in reads of 1, 2, ... {@code maxRead} bytes in turn, so the reader refills mid-field. */
    private static InputStream trickle(byte[] data, int maxRead) {
        return new InputStream() {
            private int at;
            private int next;

            @Override
            public int read() {
                return at < data.length ? data[at++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at >= data.length) {
                    return -1;
                }
                next = next % maxRead + 1;
                int n = Math.min(Math.min(len, next), data.length - at);
                System.arraycopy(data, at, b, off, n);
                at += n;
                return n;
            }
        };
    }

    /** Every value (null, number bits, string, bytes) and row line of a read, in one comparable string. */
    private static String render(InputStream in, List<ColumnDef> cols, DelimitedFormat format, int blockRows) {
        StringBuilder sb = new StringBuilder();
        try (DelimitedReader r = new DelimitedReader(in, "t.tsv", cols, format, blockRows, false)) {
            while (r.hasNext()) {
                TableBlock b = r.next();
                sb.append("block ").append(Arrays.toString(r.lastBlockLines())).append('\n');
                for (int i = 0; i < b.rowCount(); i++) {
                    for (int c = 0; c < cols.size(); c++) {
                        Object v = b.data(c).isNull(i) ? "NULL" : b.data(c).value(i);
                        if (v instanceof Double d) {
                            v = Long.toHexString(Double.doubleToRawLongBits(d));
                        } else if (v instanceof Float f) {
                            v = Integer.toHexString(Float.floatToRawIntBits(f));
                        } else if (v instanceof byte[] bytes) {
                            v = Arrays.toString(bytes);
                        }
                        sb.append(v).append(c + 1 < cols.size() ? " | " : "\n");
                    }
                }
            }
        } catch (SkyshardException e) {
            sb.append(e.getMessage());
        }
        return sb.toString();
    }

    @Test
    void fieldsSplitByRefillsReadTheSameAsWhole() {
        List<ColumnDef> cols = List.of(
                ColumnDef.notNull("id", ColumnType.BIGINT),
                ColumnDef.of("i", ColumnType.BIGINT),
                ColumnDef.of("tiny", ColumnType.TINYINT),
                ColumnDef.of("s", ColumnType.VARCHAR),
                ColumnDef.of("d", ColumnType.DOUBLE),
                ColumnDef.of("f", ColumnType.FLOAT),
                ColumnDef.of("bin", ColumnType.VARBINARY));
        StringBuilder sb = new StringBuilder();
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        String[] doubles = {"\\N", "0", "-0.0", "1e22", "4.929891857946924E-4", "1e400", "nan", "-Infinity",
            "123456789012345678901234567890", "0.000000000000000000000000000000123", "1\\.5", "\\-2.5e-3"};
        String[] ints = {"\\N", "0", "-0", "+7", "0000000000000000000042", "-9223372036854775808", "9223372036854775807",
            "1\\23", "\\-5", "12345678", "123456789", "-1234567890123456"};
        for (int row = 0; row < 300; row++) {
            sb.append(random.nextLong(1L << 62) >> random.nextInt(62)).append('\t');
            sb.append(random.nextInt(5) == 0 ? ints[random.nextInt(ints.length)] : Integer.toString(random.nextInt() >> random.nextInt(32)))
                    .append('\t');
            sb.append(random.nextInt(256) - 128).append('\t');
            sb.append(random.nextInt(4) == 0 ? "\\N" : random.nextBoolean() ? "x" : "a\\tb").append('\t');
            sb.append(random.nextInt(5) == 0 ? doubles[random.nextInt(doubles.length)]
                    : Double.toString(Double.longBitsToDouble(random.nextLong()) % 1e9)).append('\t');
            sb.append(random.nextInt(5) == 0 ? doubles[random.nextInt(doubles.length)] : Float.toString(random.nextFloat() * 100))
                    .append('\t');
            sb.append(random.nextBoolean() ? "\\N" : "\\0b\\\nc");
            sb.append('\n');
        }
        sb.append("1\t2\t3\tlast\t2.5\t1.5\tz"); // no newline at the end
        byte[] data = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        DelimitedFormat tsv = DelimitedFormat.mysqlTsv();
        String whole = render(new ByteArrayInputStream(data), cols, tsv, 64);
        assertThat(whole).doesNotContain("t.tsv line").endsWith("1 | 2 | 3 | last | 4004000000000000 | 3fc00000 | [122]\n");
        for (int maxRead : new int[] {1, 2, 3, 7, 16, 61}) {
            assertThat(render(trickle(data, maxRead), cols, tsv, 64)).as("reads of up to %d bytes", maxRead).isEqualTo(whole);
        }
    }

    @Test
    void fieldsAcrossTheBufferBoundary() {
        // The reader refills its buffer every 256 KiB: put each kind of field across that point.
        List<ColumnDef> cols = List.of(ColumnDef.of("pad", ColumnType.VARCHAR), ColumnDef.of("a", ColumnType.BIGINT),
                ColumnDef.of("d", ColumnType.DOUBLE));
        for (String[] fields : new String[][] {{"-1234567890123456", "4.929891857946924E-4"}, {"\\N", "\\N"}, {"1\\23", "2\\.5"}}) {
            for (int before = 1; before < 12; before++) {
                String row = fields[0] + "\t" + fields[1] + "\n";
                String pad = "p".repeat((1 << 18) - before - 1);
                byte[] data = (pad + "\t" + row + "x\t" + row).getBytes(StandardCharsets.ISO_8859_1);
                TableBlock b = TableBlock.concat(cols, read(data, cols, DelimitedFormat.mysqlTsv(), 10));
                assertThat(b.rowCount()).isEqualTo(2);
                for (int c = 1; c < 3; c++) {
                    assertThat(b.data(c).isNull(0)).isEqualTo(b.data(c).isNull(1)).isEqualTo(fields[0].equals("\\N"));
                    assertThat(b.data(c).value(0)).as("%s, %d bytes before the boundary", fields[c - 1], before)
                            .isEqualTo(b.data(c).value(1));
                }
            }
        }
    }

    @Test
    void escapesAndOddBytesInNumericFields() {
        List<ColumnDef> cols = List.of(ColumnDef.of("a", ColumnType.BIGINT), ColumnDef.of("d", ColumnType.DOUBLE));
        DelimitedFormat tsv = DelimitedFormat.mysqlTsv();
        TableBlock b = readAll("1\\23\t1\\.5\n\\-5\t\\-2.5e\\-3\n", cols, tsv);
        assertThat(b.data("a").value(0)).isEqualTo(123L);
        assertThat(b.data("d").value(0)).isEqualTo(1.5);
        assertThat(b.data("a").value(1)).isEqualTo(-5L);
        assertThat(b.data("d").value(1)).isEqualTo(-2.5e-3);
        // Escaped bytes are data: \0 is NUL, and a carriage return before the newline stays in the field.
        assertFails("1\\0\t2\n", cols, tsv, "t.csv line 1, column 1 (a): '1\\x00' is not an integer");
        assertFails("1\t2.5\r\n", cols, tsv, "t.csv line 1, column 2 (d): '2.5\\x0d' is not a number");
        assertFails("12\r\n", List.of(ColumnDef.of("a", ColumnType.BIGINT)), tsv, "t.csv line 1, column 1 (a): '12\\x0d' is not an integer");
        assertFails("1\t2\n3\t1e\n", cols, tsv, "t.csv line 2, column 2 (d): '1e' is not a number");
        assertFails("1\t2\n3-\t1\n", cols, tsv, "t.csv line 2, column 1 (a): '3-' is not an integer");
        assertFails("1\t2\n-\t1\n", cols, tsv, "t.csv line 2, column 1 (a): '-' is not an integer");
        assertFails("1\t2\n3\t4\t5\n", cols, tsv, "t.csv line 2, column 3: unexpected extra field: the table has 2 columns");
        assertFails("1\t2\n3\n", cols, tsv, "t.csv line 2, column 2 (d): row has 1 fields, expected 2");
        assertFails("9223372036854775808\t2\n", cols, tsv, "t.csv line 1, column 1 (a): '9223372036854775808' is out of range for BIGINT");
        assertFails("1\t2\n-9223372036854775809\t2\n", cols, tsv, "t.csv line 2, column 1 (a): '-9223372036854775809' is out of range for BIGINT");
        assertFails("9999999999999999999\t2\n", cols, tsv, "t.csv line 1, column 1 (a): '9999999999999999999' is out of range for BIGINT");
        assertFails("2147483648\n", List.of(ColumnDef.of("i", ColumnType.INTEGER)), tsv, "t.csv line 1, column 1 (i): '2147483648' is out of range for INTEGER");
        TableBlock extremes = readAll("9223372036854775807\t1\n-9223372036854775808\t2\n1000000000000000000\t3\n", cols, tsv);
        assertThat(((ColumnData.Longs) extremes.data("a")).values()).containsExactly(Long.MAX_VALUE, Long.MIN_VALUE, 1_000_000_000_000_000_000L);
        // Past 18 digits the value is still exact.
        TableBlock big = readAll("-09223372036854775808\t12345678901234567890123\n", cols, tsv);
        assertThat(big.data("a").value(0)).isEqualTo(Long.MIN_VALUE);
        assertThat(big.data("d").value(0)).isEqualTo(12345678901234567890123.0);
    }

    @Test
    void numberLikeNullMarkersAndDelimiters() {
        List<ColumnDef> cols = List.of(ColumnDef.of("a", ColumnType.BIGINT), ColumnDef.of("d", ColumnType.DOUBLE));
        TableBlock b = readAll("-1\t-1\n-10\t-1.0\n", cols, DelimitedFormat.mysqlTsv().withNullMarker("-1"));
        assertThat(b.data("a").isNull(0)).isTrue();
        assertThat(b.data("d").isNull(0)).isTrue();
        assertThat(b.data("a").value(1)).isEqualTo(-10L);
        assertThat(b.data("d").value(1)).isEqualTo(-1.0);
        // A delimiter or escape that can be part of a number still splits or escapes it.
        TableBlock dots = readAll("3.25\n", cols, DelimitedFormat.mysqlCsv().withDelimiter('.'));
        assertThat(dots.data("a").value(0)).isEqualTo(3L);
        assertThat(dots.data("d").value(0)).isEqualTo(25.0);
        TableBlock es = readAll("1e5e2.5\n", List.of(ColumnDef.of("a", ColumnType.DOUBLE), ColumnDef.of("b", ColumnType.DOUBLE),
                ColumnDef.of("c", ColumnType.DOUBLE)), DelimitedFormat.mysqlCsv().withDelimiter('e'));
        assertThat(es.data(0).value(0)).isEqualTo(1.0);
        assertThat(es.data(1).value(0)).isEqualTo(5.0);
        assertThat(es.data(2).value(0)).isEqualTo(2.5);
        TableBlock escapedPoint = readAll("1.5,2..5\n", cols, DelimitedFormat.mysqlCsv().withEscape('.'));
        assertThat(escapedPoint.data("a").value(0)).isEqualTo(15L);
        assertThat(escapedPoint.data("d").value(0)).isEqualTo(2.5);
    }

    @Test
    void oneByteStringsAreDecodedWithTheCharset() {
        List<ColumnDef> cols = List.of(ColumnDef.of("s", ColumnType.VARCHAR), ColumnDef.of("n", ColumnType.INTEGER));
        byte[] data = "a\t1\n\u00e9\t2\na\t3\n\\t\t4\n\t5\n".getBytes(StandardCharsets.ISO_8859_1);
        TableBlock latin = TableBlock.concat(cols, read(data, cols, DelimitedFormat.mysqlTsv().withCharset(StandardCharsets.ISO_8859_1), 10));
        assertThat(List.of(latin.data("s").value(0), latin.data("s").value(1), latin.data("s").value(2), latin.data("s").value(3),
                latin.data("s").value(4))).containsExactly("a", "\u00e9", "a", "\t", "");
        TableBlock utf8 = TableBlock.concat(cols, read(data, cols, DelimitedFormat.mysqlTsv(), 10));
        assertThat(utf8.data("s").value(1)).isEqualTo("\ufffd");
        assertThat(utf8.data("n").value(4)).isEqualTo(5L);
    }
}
