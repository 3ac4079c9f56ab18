package io.skyshard.czar.frontend.mysql;

import io.skyshard.common.catalog.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * Formats values as the MySQL text protocol sends them. Everything is text except BIT (raw
 * big-endian bytes, as MySQL sends it) and bytes.
 *
 * <p>FLOAT and DOUBLE use the shortest representation that reads back to the same value (MySQL
 * rounds FLOAT to 6 digits, which loses catalog precision such as coordinates; a JDBC client reading
 * our text gets exactly the stored float). Plain notation is used for decimal exponents -15..14 and
 * scientific notation otherwise, written as MySQL/MariaDB write it: {@code 1e-32}, {@code 1.5e15},
 * {@code 123} (no ".0", no "E+").
 */
final class TextValueFormatter {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private TextValueFormatter() {}

    /** The bytes of one non-null value in a text result row. */
    static byte[] format(Object value, ColumnType type, int bitWidth) {
        if (type == ColumnType.BIT) {
            return bitBytes(value, bitWidth);
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        return formatText(value).getBytes(StandardCharsets.UTF_8);
    }

    static String formatText(Object value) {
        return switch (value) {
            case Boolean b -> b ? "1" : "0";
            case Float f -> formatFloat(f);
            case Double d -> formatDouble(d);
            case BigDecimal d -> d.toPlainString();
            case BigInteger i -> i.toString();
            case LocalDate d -> DATE.format(d);
            case LocalTime t -> TIME.format(t) + fraction(t.getNano());
            case LocalDateTime t -> DATE_TIME.format(t) + fraction(t.getNano());
            case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
            default -> value.toString();
        };
    }

    static String formatFloat(float f) {
        if (Float.isNaN(f) || Float.isInfinite(f)) {
            return Float.toString(f);
        }
        return formatShortest(Float.toString(f));
    }

    static String formatDouble(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        return formatShortest(Double.toString(d));
    }

    /** Re-lays out Java's shortest round-trip digits in MySQL's style. */
    private static String formatShortest(String javaRepr) {
        BigDecimal exact = new BigDecimal(javaRepr);
        if (exact.signum() == 0) {
            return javaRepr.startsWith("-") ? "-0" : "0";
        }
        BigDecimal stripped = exact.stripTrailingZeros();
        String digits = stripped.unscaledValue().abs().toString();
        // value = 0.digits * 10^decimalPoint; exponent is the scientific exponent d.ddd * 10^exponent
        int exponent = digits.length() - stripped.scale() - 1;
        String sign = stripped.signum() < 0 ? "-" : "";
        if (exponent >= -15 && exponent < 15) {
            return sign + stripped.abs().toPlainString();
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + exponent;
    }

    private static String fraction(int nanos) {
        if (nanos == 0) {
            return "";
        }
        String micros = String.format("%06d", nanos / 1000);
        return "." + micros;
    }

    private static byte[] bitBytes(Object value, int bitWidth) {
        long bits = switch (value) {
            case Long l -> l;
            case Number n -> n.longValue();
            case Boolean b -> b ? 1 : 0;
            case byte[] bytes -> {
                long acc = 0;
                for (byte b : bytes) {
                    acc = (acc << 8) | (b & 0xFF);
                }
                yield acc;
            }
            default -> throw new IllegalArgumentException("BIT value of unexpected class " + value.getClass().getName());
        };
        int length = (bitWidth + 7) / 8;
        byte[] out = new byte[length];
        for (int i = length - 1; i >= 0; i--) {
            out[i] = (byte) bits;
            bits >>>= 8;
        }
        return out;
    }
}
