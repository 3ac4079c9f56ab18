package io.skyshard.czar.query;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ColumnType;

/** A result column: its MySQL-style name and logical type (drives the MySQL column type and JSON encoding). */
public record ResultColumn(String name, ColumnType type, int precision, int scale) {
    public ResultColumn {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
    }
}
