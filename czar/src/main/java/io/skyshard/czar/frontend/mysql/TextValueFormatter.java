package io.skyshard.czar.frontend.mysql;

import io.skyshard.common.catalog.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * Formats values as the MySQL text protocol sends them. Everything is text except BIT (raw
 * big-endian bytes, as MySQL sends it) and bytes.
 *
 * <p>Floating-point values are written exactly as MariaDB writes them, so that every client library
 * reads the same numbers from Skyshard as from MySQL: DOUBLE with the shortest digits that read back
 * to the same value, FLOAT rounded to 6 significant digits (MySQL's FLT_DIG; a client parsing the
 * text gets what it gets from MySQL, not more). The layout follows MySQL's {@code my_gcvt}: plain
 * notation when the decimal point position is within -14..15 (or the number has digits after the
 * point beyond that), scientific otherwise: {@code 1e-32}, {@code 1.5e15}, {@code 123},
 * {@code 0.0000115229}, {@code 123457000}.
 */
public final class TextValueFormatter {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private TextValueFormatter() {}

    /** The bytes of one non-null value in a text result row. */
    public static byte[] format(Object value, ColumnType type, int bitWidth) {
        if (type == ColumnType.BIT) {
            return bitBytes(value, bitWidth);
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        return formatText(value).getBytes(StandardCharsets.UTF_8);
    }

    public static String formatText(Object value) {
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

    /** MySQL's FLT_DIG: FLOAT values are printed with this many significant digits. */
    static final int FLOAT_DIGITS = 6;

    static String formatFloat(float f) {
        if (Float.isNaN(f) || Float.isInfinite(f)) {
            return Float.toString(f);
        }
        if (f == 0) {
            return "0";
        }
        // The float's exact binary value rounded correctly, as dtoa does.
        return layout(new BigDecimal(f).round(new MathContext(FLOAT_DIGITS, RoundingMode.HALF_EVEN)));
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
            // MariaDB prints negative zero as 0 too
            return "0";
        }
        return layout(exact);
    }

    /** MySQL's choice between plain and scientific notation for the given significant digits. */
    private static String layout(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        String digits = stripped.unscaledValue().abs().toString();
        // value = 0.digits * 10^decimalPoint (dtoa's decpt)
        int decimalPoint = digits.length() - stripped.scale();
        String sign = stripped.signum() < 0 ? "-" : "";
        if (decimalPoint >= -14 && (decimalPoint <= 15 || digits.length() > decimalPoint)) {
            return sign + stripped.abs().toPlainString();
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (decimalPoint - 1);
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
