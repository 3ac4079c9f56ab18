package io.skyshard.czar.frontend.mysql;

import io.skyshard.common.catalog.ColumnType;
import io.skyshard.czar.query.ResultColumn;

/**
 * How a result column is described in a MySQL column definition packet: type code, character set,
 * display length, flags and decimals, chosen as MySQL itself describes a column of that type so
 * that JDBC's {@code getColumnType} reports the type the catalog declares (FLOAT stays REAL).
 */
record MySqlColumnType(int typeCode, int charset, long length, int flags, int decimals) {
    static final int TYPE_TINY = 1;
    static final int TYPE_SHORT = 2;
    static final int TYPE_LONG = 3;
    static final int TYPE_FLOAT = 4;
    static final int TYPE_DOUBLE = 5;
    static final int TYPE_LONGLONG = 8;
    static final int TYPE_DATE = 10;
    static final int TYPE_TIME = 11;
    static final int TYPE_DATETIME = 12;
    static final int TYPE_BIT = 16;
    static final int TYPE_NEWDECIMAL = 246;
    static final int TYPE_BLOB = 252;
    static final int TYPE_VAR_STRING = 253;

    static final int CHARSET_UTF8MB4 = 45;
    static final int CHARSET_BINARY = 63;

    static final int FLAG_BLOB = 16;
    static final int FLAG_UNSIGNED = 32;
    static final int FLAG_BINARY = 128;
    static final int FLAG_NUM = 32768;

    /** MySQL's NOT_FIXED_DEC: a floating-point column printed with as many decimals as needed. */
    static final int NOT_FIXED_DECIMALS = 31;

    static MySqlColumnType of(ResultColumn column) {
        ColumnType type = column.type();
        int precision = column.precision();
        int scale = Math.max(column.scale(), 0);
        return switch (type) {
            // MySQL has no boolean: a comparison's value is an INT of width 1.
            case BOOLEAN -> numeric(TYPE_LONG, 1, 0);
            case TINYINT -> numeric(TYPE_TINY, 4, 0);
            case SMALLINT -> numeric(TYPE_SHORT, 6, 0);
            case INTEGER -> numeric(TYPE_LONG, 11, 0);
            case BIGINT -> column.unsigned() ? new MySqlColumnType(TYPE_LONGLONG, CHARSET_BINARY, 20, FLAG_NUM | FLAG_UNSIGNED, 0)
                    : numeric(TYPE_LONGLONG, 20, 0);
            case FLOAT -> numeric(TYPE_FLOAT, 12, NOT_FIXED_DECIMALS);
            case DOUBLE -> numeric(TYPE_DOUBLE, 22, NOT_FIXED_DECIMALS);
            case DECIMAL -> {
                int p = precision > 0 ? precision : 18;
                yield numeric(TYPE_NEWDECIMAL, p + (scale > 0 ? 1 : 0) + 1, scale);
            }
            // utf8mb4 lengths are in bytes: four per character
            case CHAR, VARCHAR -> new MySqlColumnType(
                    TYPE_VAR_STRING, CHARSET_UTF8MB4, (precision > 0 ? (long) precision : 255L) * 4, 0, 0);
            case VARBINARY -> new MySqlColumnType(
                    TYPE_BLOB, CHARSET_BINARY, precision > 0 ? precision : 65535, FLAG_BLOB | FLAG_BINARY, 0);
            case BIT -> new MySqlColumnType(
                    TYPE_BIT, CHARSET_BINARY, bitWidth(column), FLAG_UNSIGNED | FLAG_BINARY, 0);
            case DATE -> temporal(TYPE_DATE, 10, 0);
            case TIME -> temporal(TYPE_TIME, 10, Math.min(scale, 6));
            case TIMESTAMP -> temporal(TYPE_DATETIME, 19, Math.min(scale, 6));
        };
    }

    /** Number of bits of a BIT column (its precision), 64 when unknown. */
    static int bitWidth(ResultColumn column) {
        return column.precision() > 0 && column.precision() <= 64 ? column.precision() : 64;
    }

    private static MySqlColumnType numeric(int code, long length, int decimals) {
        return new MySqlColumnType(code, CHARSET_BINARY, length, FLAG_NUM, decimals);
    }

    private static MySqlColumnType temporal(int code, long length, int decimals) {
        return new MySqlColumnType(code, CHARSET_BINARY, decimals > 0 ? length + 1 + decimals : length, FLAG_BINARY, decimals);
    }
}
