package io.skyshard.ingest.reader;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.ingest.data.ColumnData;
import io.skyshard.ingest.data.TableBlock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes blocks as MySQL tab-separated text ({@link DelimitedFormat#mysqlTsv()}: tab delimiter, no
 * quotes, backslash escapes, {@code \N} for NULL), in the forms {@link DelimitedReader} reads back
 * to the same values: FLOAT and DOUBLE in Java's shortest round-tripping form, DATE as
 * {@code YYYY-MM-DD}, TIME and TIMESTAMP with microseconds, BIT as its unsigned value, bytes raw with
 * the special bytes escaped. Used for the per-chunk files of {@code skyshard partition}.
 */
public final class DelimitedWriter {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private DelimitedWriter() {
    }

    public static void write(TableBlock block, OutputStream out) throws IOException {
        requireNonNull(out, "out");
        List<ColumnDef> columns = block.columns();
        for (int r = 0; r < block.rowCount(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                if (c > 0) {
                    out.write('\t');
                }
                ColumnData d = block.data(c);
                if (d.isNull(r)) {
                    out.write('\\');
                    out.write('N');
                    continue;
                }
                switch (d) {
                    case ColumnData.Longs l -> ascii(out, longText(columns.get(c), l.values()[r]));
                    case ColumnData.Floats f -> ascii(out, Float.toString(f.values()[r]));
                    case ColumnData.Doubles x -> ascii(out, Double.toString(x.values()[r]));
                    case ColumnData.Strings s -> escape(s.values()[r].getBytes(StandardCharsets.UTF_8), out);
                    case ColumnData.Bytes b -> escape(b.values()[r], out);
                }
            }
            out.write('\n');
        }
    }

    private static String longText(ColumnDef column, long v) {
        return switch (column.type()) {
            case DATE -> LocalDate.ofEpochDay(v).toString();
            case TIME -> time(v);
            case TIMESTAMP -> TIMESTAMP.format(Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1000L));
            case BIT -> Long.toUnsignedString(v);
            default -> Long.toString(v);
        };
    }

    private static String time(long micros) {
        String sign = micros < 0 ? "-" : "";
        long m = Math.abs(micros);
        long seconds = m / 1_000_000L;
        return String.format(java.util.Locale.ROOT, "%s%d:%02d:%02d.%06d", sign, seconds / 3600, seconds / 60 % 60, seconds % 60,
                m % 1_000_000L);
    }

    private static void ascii(OutputStream out, String s) throws IOException {
        for (int i = 0; i < s.length(); i++) {
            out.write(s.charAt(i));
        }
    }

    private static void escape(byte[] bytes, OutputStream out) throws IOException {
        for (byte b : bytes) {
            switch (b) {
                case '\\' -> {
                    out.write('\\');
                    out.write('\\');
                }
                case '\t' -> {
                    out.write('\\');
                    out.write('t');
                }
                case '\n' -> {
                    out.write('\\');
                    out.write('n');
                }
                case '\r' -> {
                    out.write('\\');
                    out.write('r');
                }
                case 0 -> {
                    out.write('\\');
                    out.write('0');
                }
                default -> out.write(b);
            }
        }
    }
}
