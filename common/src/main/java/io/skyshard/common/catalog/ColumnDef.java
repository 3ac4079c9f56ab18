package io.skyshard.common.catalog;

import static java.util.Objects.requireNonNull;

/**
 * A column of a catalog table. {@code length} is the CHAR/VARCHAR/DECIMAL/BIT width, 0 if none.
 *
 * @param unit        physical unit in the VOUnit syntax (e.g. {@code deg}, {@code nJy}); null if none
 * @param ucd         IVOA Unified Content Descriptor (e.g. {@code pos.eq.ra;meta.main}); null if none
 * @param description free text shown by TAP clients; null if none
 * @param key         the column's part in the table's indexes as MySQL's SHOW COLUMNS reports it:
 *                    {@code PRI} (in the primary key), {@code UNI} (first column of a unique index),
 *                    {@code MUL} (first column of another index); null for none. Skyshard does not
 *                    enforce keys: the schema declared them, and clients read them.
 */
public record ColumnDef(String name, ColumnType type, int length, int scale, boolean nullable,
        String unit, String ucd, String description, String key) {
    public ColumnDef {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
    }

    /** A column in no index. */
    public ColumnDef(String name, ColumnType type, int length, int scale, boolean nullable,
            String unit, String ucd, String description) {
        this(name, type, length, scale, nullable, unit, ucd, description, null);
    }

    /** This column with its index role (see {@link #key()}). */
    public ColumnDef withKey(String indexRole) {
        return new ColumnDef(name, type, length, scale, nullable, unit, ucd, description, indexRole);
    }

    /** A column without descriptive metadata (unit, UCD, description). */
    public ColumnDef(String name, ColumnType type, int length, int scale, boolean nullable) {
        this(name, type, length, scale, nullable, null, null, null);
    }

    public static ColumnDef of(String name, ColumnType type) {
        return new ColumnDef(name, type, 0, 0, true);
    }

    public static ColumnDef notNull(String name, ColumnType type) {
        return new ColumnDef(name, type, 0, 0, false);
    }

    /** This column with the given descriptive metadata (nulls for none). */
    public ColumnDef describedAs(String unit, String ucd, String description) {
        return new ColumnDef(name, type, length, scale, nullable, unit, ucd, description, key);
    }

    /** The column as storage sees it: name, type and nullability, without descriptive metadata. */
    public ColumnDef physical() {
        return new ColumnDef(name, type, length, scale, nullable);
    }

    public String duckDbType() {
        return type.duckDbType(length, scale);
    }
}
