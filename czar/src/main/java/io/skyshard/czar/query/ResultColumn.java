package io.skyshard.czar.query;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ColumnType;

/**
 * A result column: its MySQL-style name and logical type (drives the MySQL column type and JSON
 * encoding). {@code precision} is the declared width (CHAR length, DECIMAL precision, BIT bits) when
 * known; {@code unsigned} marks BIGINT UNSIGNED (MySQL's bit operators give it; values may be
 * java.math.BigInteger).
 */
public record ResultColumn(String name, ColumnType type, int precision, int scale, boolean unsigned) {
    public ResultColumn {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
    }

    public ResultColumn(String name, ColumnType type, int precision, int scale) {
        this(name, type, precision, scale, false);
    }
}
