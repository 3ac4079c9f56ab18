package io.skyshard.tap.adql;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;

/**
 * A column as TAP describes it (TAP_SCHEMA.columns, VOSI tables, result FIELDs).
 *
 * @param length    CHAR/VARCHAR/BIT width or DECIMAL precision, 0 if none (as in {@link ColumnDef})
 * @param scale     DECIMAL scale
 * @param principal column a client should show by default (TAP_SCHEMA.columns.principal)
 * @param indexed   queries restricting it are fast (director keys, positions)
 */
public record TapColumn(String name, ColumnType type, int length, int scale, boolean nullable, String unit, String ucd,
        String utype, String description, boolean principal, boolean indexed, String xtype) {
    /** @param xtype VOTable xtype (e.g. timestamp); null: the one the type implies */
    public TapColumn {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
        if (xtype == null || xtype.isBlank()) {
            xtype = VoTypes.of(type, length, scale).xtype();
        }
    }

    /** A column without a declared width or scale. */
    public TapColumn(String name, ColumnType type, boolean nullable, String unit, String ucd, String utype,
            String description, boolean principal, boolean indexed, String xtype) {
        this(name, type, 0, 0, nullable, unit, ucd, utype, description, principal, indexed, xtype);
    }

    public static TapColumn of(ColumnDef c, boolean principal, boolean indexed) {
        return new TapColumn(c.name(), c.type(), c.length(), c.scale(), c.nullable(), c.unit(), c.ucd(), null,
                c.description(), principal, indexed, null);
    }

    /** The VOTable type of this column's values. */
    public VoTypes.VoType voType() {
        return VoTypes.of(type, length, scale);
    }

    /** VOTable datatype (TAP_SCHEMA.columns.datatype, FIELD/@datatype). */
    public String datatype() {
        return voType().datatype();
    }

    /** VOTable arraysize, or null for scalars. */
    public String arraysize() {
        return voType().arraysize();
    }
}
