package io.skyshard.tap.adql;

import io.skyshard.common.catalog.ColumnType;

/**
 * How Skyshard's column types appear in VOTable and TAP_SCHEMA. Result FIELDs and TAP_SCHEMA agree,
 * so that a client comparing the two (taplint does) sees the same type: strings are always
 * {@code char} with {@code arraysize="*"}, decimals are doubles, dates and times are ISO-8601 strings.
 */
public final class VoTypes {
    private VoTypes() {
    }

    public static String datatype(ColumnType type) {
        return switch (type) {
            case BOOLEAN -> "boolean";
            case TINYINT, SMALLINT -> "short";
            case INTEGER -> "int";
            case BIGINT, BIT -> "long";
            case FLOAT -> "float";
            case DOUBLE, DECIMAL -> "double";
            case CHAR, VARCHAR, DATE, TIME, TIMESTAMP -> "char";
            case VARBINARY -> "unsignedByte";
        };
    }

    public static String arraysize(ColumnType type) {
        return switch (type) {
            case CHAR, VARCHAR, DATE, TIME, TIMESTAMP, VARBINARY -> "*";
            default -> null;
        };
    }

    public static String xtype(ColumnType type) {
        return switch (type) {
            case DATE, TIMESTAMP -> "timestamp";
            default -> null;
        };
    }

    /** The Java class STIL writes for a column of this type (values are converted to it). */
    public static Class<?> javaClass(ColumnType type, int precision, int scale) {
        return switch (type) {
            case BOOLEAN -> Boolean.class;
            case TINYINT, SMALLINT -> Short.class;
            case INTEGER -> Integer.class;
            case BIGINT, BIT -> Long.class;
            case FLOAT -> Float.class;
            case DOUBLE, DECIMAL -> Double.class;
            case CHAR, VARCHAR, DATE, TIME, TIMESTAMP -> String.class;
            case VARBINARY -> short[].class;
        };
    }
}
