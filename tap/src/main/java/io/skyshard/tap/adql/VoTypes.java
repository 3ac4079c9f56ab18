package io.skyshard.tap.adql;

import io.skyshard.common.catalog.ColumnType;

/**
 * How Skyshard's column types appear in VOTable and TAP_SCHEMA. The one mapping serves both the
 * declared metadata (TAP_SCHEMA.columns, VOSI tables) and the FIELDs of result VOTables, so that a
 * client comparing the two (taplint does) sees the same type for every column type:
 * <ul>
 *   <li>TINYINT and SMALLINT are {@code short}, BIT(n) is {@code long} (MySQL's unsigned bit value);
 *   <li>DECIMAL(p, 0) with p &le; 18 is an exact {@code long}; other decimals (also BIGINT UNSIGNED,
 *       DECIMAL(20,0)) are {@code double}: VOTable has no decimal or unsigned 64-bit type;
 *   <li>strings (CHAR(n) too: values are not padded) are {@code char} with {@code arraysize="*"};
 *   <li>DATE and TIMESTAMP are ISO-8601 strings with xtype {@code timestamp} (DALI), TIME an
 *       {@code hh:mm:ss} string;
 *   <li>VARBINARY (MySQL BLOB/BINARY) is {@code unsignedByte} with {@code arraysize="*"}: STIL holds
 *       such values as {@code short[]} and writes them as unsigned bytes when the column carries
 *       STIL's {@code UBYTE_FLAG}.
 * </ul>
 */
public final class VoTypes {
    private VoTypes() {
    }

    /**
     * A VOTable type.
     *
     * @param arraysize null for scalars
     * @param xtype     null for none
     * @param javaClass the class STIL writes for it (values are converted to it)
     */
    public record VoType(String datatype, String arraysize, String xtype, Class<?> javaClass) {
        /** Byte arrays travel as {@code short[]} flagged as unsigned bytes. */
        public boolean unsignedBytes() {
            return datatype.equals("unsignedByte");
        }
    }

    private static final VoType BOOLEAN = new VoType("boolean", null, null, Boolean.class);
    private static final VoType SHORT = new VoType("short", null, null, Short.class);
    private static final VoType INT = new VoType("int", null, null, Integer.class);
    private static final VoType LONG = new VoType("long", null, null, Long.class);
    private static final VoType FLOAT = new VoType("float", null, null, Float.class);
    private static final VoType DOUBLE = new VoType("double", null, null, Double.class);
    private static final VoType STRING = new VoType("char", "*", null, String.class);
    private static final VoType TIMESTAMP = new VoType("char", "*", "timestamp", String.class);
    private static final VoType BYTES = new VoType("unsignedByte", "*", null, short[].class);

    /** The largest DECIMAL precision whose scale-0 values all fit a signed 64-bit long. */
    private static final int LONG_DIGITS = 18;

    /**
     * @param precision DECIMAL precision (CHAR/BIT width for other types, which does not matter); 0 if unknown
     * @param scale     DECIMAL scale
     */
    public static VoType of(ColumnType type, int precision, int scale) {
        return switch (type) {
            case BOOLEAN -> BOOLEAN;
            case TINYINT, SMALLINT -> SHORT;
            case INTEGER -> INT;
            case BIGINT, BIT -> LONG;
            case FLOAT -> FLOAT;
            case DOUBLE -> DOUBLE;
            case DECIMAL -> scale == 0 && precision > 0 && precision <= LONG_DIGITS ? LONG : DOUBLE;
            case CHAR, VARCHAR, TIME -> STRING;
            case DATE, TIMESTAMP -> TIMESTAMP;
            case VARBINARY -> BYTES;
        };
    }
}
