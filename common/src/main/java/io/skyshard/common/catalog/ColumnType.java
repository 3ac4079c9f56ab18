package io.skyshard.common.catalog;

/**
 * Logical column types. FLOAT is 32-bit and DOUBLE 64-bit (MySQL semantics are kept end to end);
 * VARBINARY holds bytes (MySQL BLOB/BINARY); BIT holds MySQL BIT(n) values as an unsigned long.
 */
public enum ColumnType {
    BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, FLOAT, DOUBLE, DECIMAL, CHAR, VARCHAR, VARBINARY, BIT, DATE, TIME, TIMESTAMP;

    public boolean isNumeric() {
        return switch (this) {
            case TINYINT, SMALLINT, INTEGER, BIGINT, FLOAT, DOUBLE, DECIMAL, BIT, BOOLEAN -> true;
            default -> false;
        };
    }

    /** DuckDB type name used for chunk tables. */
    public String duckDbType(int length, int scale) {
        return switch (this) {
            case BOOLEAN -> "BOOLEAN";
            case TINYINT -> "TINYINT";
            case SMALLINT -> "SMALLINT";
            case INTEGER -> "INTEGER";
            case BIGINT -> "BIGINT";
            case FLOAT -> "FLOAT";
            case DOUBLE -> "DOUBLE";
            case DECIMAL -> "DECIMAL(" + (length > 0 ? Math.min(length, 38) : 18) + "," + Math.max(scale, 0) + ")";
            case CHAR, VARCHAR -> "VARCHAR";
            case VARBINARY -> "BLOB";
            case BIT -> "UBIGINT";
            case DATE -> "DATE";
            case TIME -> "TIME";
            case TIMESTAMP -> "TIMESTAMP";
        };
    }
}
