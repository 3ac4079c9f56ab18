package io.skyshard.ingest.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast decimal-to-double conversion against the JDK's parser, bit for bit. */
class TestEiselLemire {
    @Test
    void shortestFormsOfRandomDoublesParseBackExactly() {
        SplittableRandom random = new SplittableRandom(5);
        int decided = 0;
        for (int i = 0; i < 300_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(d) || d == 0) {
                continue;
            }
            BigDecimal exact = new BigDecimal(Double.toString(d));
            long bits = EiselLemire.toDoubleBits(exact.unscaledValue().abs().longValueExact(), -exact.scale(), d < 0);
            if (bits != EiselLemire.FAILED) {
                assertThat(bits).as("%s", Double.toString(d)).isEqualTo(Double.doubleToRawLongBits(d));
                decided++;
            }
        }
        // only subnormals (about 1 in 2000 random bit patterns) are left to the JDK
        assertThat(decided).isGreaterThan(290_000);
    }

    @Test
    void randomMantissasAndExponentsAgreeWithTheJdk() {
        SplittableRandom random = new SplittableRandom(11);
        int decided = 0;
        for (int i = 0; i < 1_000_000; i++) {
            int digits = 1 + random.nextInt(18);
            long w = random.nextLong((long) Math.pow(10, digits - 1), (long) Math.pow(10, digits));
            int q = random.nextInt(-360, 330);
            long bits = EiselLemire.toDoubleBits(w, q, false);
            if (bits != EiselLemire.FAILED) {
                assertThat(bits).as("%dE%d", w, q).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(w + "E" + q)));
                decided++;
            }
        }
        assertThat(decided).isGreaterThan(800_000);
    }

    @Test
    void typicalCatalogValuesAndRoundingBoundaries() {
        String[] texts = {"1", "0.1", "0.3", "123.45678901234567", "-41.81031489577862", "359.99999999999994",
            "9007199254740993", "9007199254740995", "900719925474099.3", "1e22", "1e23", "2.2250738585072014e-308",
            "1.7976931348623157e308", "4.9406564584124654e-324", "1.7976931348623159e308", "123456789012345678",
            "0.000001", "5e-324", "7.2057594037927933e16", "3.4028234663852886e38", "1.0000000000000002",
            "0.9999999999999999", "4.35679e-7", "12345.6789e-3"};
        for (String t : texts) {
            BigDecimal exact = new BigDecimal(t);
            boolean negative = exact.signum() < 0;
            long bits = EiselLemire.toDoubleBits(exact.unscaledValue().abs().longValueExact(), -exact.scale(), negative);
            if (bits != EiselLemire.FAILED) {
                assertThat(Double.longBitsToDouble(bits)).as(t).isEqualTo(Double.parseDouble(t));
            }
        }
        // halfway between two doubles: ties go to the even mantissa
        assertThat(EiselLemire.toDoubleBits(9007199254740993L, 0, false)).isEqualTo(Double.doubleToRawLongBits(9007199254740992.0));
        assertThat(EiselLemire.toDoubleBits(9007199254740995L, 0, false)).isEqualTo(Double.doubleToRawLongBits(9007199254740996.0));
    }
}
