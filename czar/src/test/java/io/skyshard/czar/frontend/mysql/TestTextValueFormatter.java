package io.skyshard.czar.frontend.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyshard.common.catalog.ColumnType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class TestTextValueFormatter {
    @Test
    void doublesAreWrittenLikeMariaDb() {
        // expected strings are what MariaDB 10.11 prints for the same doubles
        assertThat(TextValueFormatter.formatDouble(123.0)).isEqualTo("123");
        assertThat(TextValueFormatter.formatDouble(1e-32)).isEqualTo("1e-32");
        assertThat(TextValueFormatter.formatDouble(-1e-32)).isEqualTo("-1e-32");
        assertThat(TextValueFormatter.formatDouble(1e15)).isEqualTo("1e15");
        assertThat(TextValueFormatter.formatDouble(1.5e15)).isEqualTo("1.5e15");
        assertThat(TextValueFormatter.formatDouble(123456789012345.0)).isEqualTo("123456789012345");
        assertThat(TextValueFormatter.formatDouble(1e7)).isEqualTo("10000000");
        assertThat(TextValueFormatter.formatDouble(1e-7)).isEqualTo("0.0000001");
        assertThat(TextValueFormatter.formatDouble(1e-16)).isEqualTo("1e-16");
        assertThat(TextValueFormatter.formatDouble(1.5e-15)).isEqualTo("0.0000000000000015");
        assertThat(TextValueFormatter.formatDouble(1.5e300)).isEqualTo("1.5e300");
        assertThat(TextValueFormatter.formatDouble(1.2345678901234568e17)).isEqualTo("1.2345678901234568e17");
        assertThat(TextValueFormatter.formatDouble(0.0)).isEqualTo("0");
        assertThat(TextValueFormatter.formatDouble(-2.5)).isEqualTo("-2.5");
        assertThat(TextValueFormatter.formatDouble(1e14 + 0.5)).isEqualTo("100000000000000.5");
        assertThat(TextValueFormatter.formatDouble(0.1 * 3)).isEqualTo("0.30000000000000004");
        assertThat(TextValueFormatter.formatDouble(1e-15)).isEqualTo("0.000000000000001");
    }

    @Test
    void floatsAreWrittenLikeMariaDbWithSixDigits() {
        // expected strings are what MariaDB 10.11 prints for the same FLOAT values
        assertThat(TextValueFormatter.formatFloat(0.1f)).isEqualTo("0.1");
        assertThat(TextValueFormatter.formatFloat(123.0f)).isEqualTo("123");
        assertThat(TextValueFormatter.formatFloat(1e20f)).isEqualTo("1e20");
        assertThat(TextValueFormatter.formatFloat(1.2e-5f)).isEqualTo("0.000012");
        assertThat(TextValueFormatter.formatFloat(3.1415927f)).isEqualTo("3.14159");
        assertThat(TextValueFormatter.formatFloat(123456789f)).isEqualTo("123457000");
        assertThat(TextValueFormatter.formatFloat(1.85231e-29f)).isEqualTo("1.85231e-29");
        assertThat(TextValueFormatter.formatFloat(0.0000115229f)).isEqualTo("0.0000115229");
        assertThat(TextValueFormatter.formatFloat(-0.000123456f)).isEqualTo("-0.000123456");
        assertThat(TextValueFormatter.formatFloat(1e15f)).isEqualTo("1e15");
        assertThat(TextValueFormatter.formatFloat(9.99999e14f)).isEqualTo("999999000000000");
        assertThat(TextValueFormatter.formatFloat(1234567.5f)).isEqualTo("1234570");
        assertThat(TextValueFormatter.formatFloat(3.4e38f)).isEqualTo("3.4e38");
        assertThat(TextValueFormatter.formatFloat(1.5e-7f)).isEqualTo("0.00000015");
    }

    @Test
    void otherValues() {
        assertThat(TextValueFormatter.formatText(true)).isEqualTo("1");
        assertThat(TextValueFormatter.formatText(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(TextValueFormatter.formatText(LocalDate.of(2024, 1, 2))).isEqualTo("2024-01-02");
        assertThat(TextValueFormatter.formatText(LocalTime.of(1, 2, 3))).isEqualTo("01:02:03");
        assertThat(TextValueFormatter.formatText(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000)))
                .isEqualTo("2024-01-02 03:04:05.123456");
        assertThat(TextValueFormatter.format(5L, ColumnType.BIT, 1)).containsExactly(5);
        assertThat(TextValueFormatter.format(0x0102L, ColumnType.BIT, 16)).containsExactly(1, 2);
    }
}
