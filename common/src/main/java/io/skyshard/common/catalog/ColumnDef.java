package io.skyshard.common.catalog;

import static java.util.Objects.requireNonNull;

/** A column of a catalog table. {@code length} is the CHAR/VARCHAR/DECIMAL/BIT width, 0 if none. */
public record ColumnDef(String name, ColumnType type, int length, int scale, boolean nullable) {
    public ColumnDef {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
    }

    public static ColumnDef of(String name, ColumnType type) {
        return new ColumnDef(name, type, 0, 0, true);
    }

    public static ColumnDef notNull(String name, ColumnType type) {
        return new ColumnDef(name, type, 0, 0, false);
    }

    public String duckDbType() {
        return type.duckDbType(length, scale);
    }
}
