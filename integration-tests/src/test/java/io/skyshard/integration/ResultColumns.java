package io.skyshard.integration;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Result column names and type classes as a MySQL client library reports them. Types are compared
 * by class, not by exact width: MariaDB types {@code 1 + 1} as INT and an engine may choose BIGINT,
 * which no client can tell apart when reading the value; but FLOAT (32-bit) against DOUBLE, bytes
 * against text, BIT against a number, or DECIMAL against DOUBLE are differences a client sees.
 */
record ResultColumns(List<String> names, List<TypeClass> types) {
    enum TypeClass { INTEGER, FLOAT, DOUBLE, DECIMAL, STRING, BYTES, BIT, TEMPORAL, OTHER }

    static ResultColumns read(ResultSetMetaData md) throws SQLException {
        List<String> names = new ArrayList<>();
        List<TypeClass> types = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            names.add(md.getColumnLabel(i));
            types.add(classOf(md.getColumnType(i)));
        }
        return new ResultColumns(names, types);
    }

    static TypeClass classOf(int jdbcType) {
        return switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> TypeClass.INTEGER;
            case Types.REAL, Types.FLOAT -> TypeClass.FLOAT;
            case Types.DOUBLE -> TypeClass.DOUBLE;
            case Types.DECIMAL, Types.NUMERIC -> TypeClass.DECIMAL;
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                    Types.CLOB -> TypeClass.STRING;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> TypeClass.BYTES;
            case Types.BIT, Types.BOOLEAN -> TypeClass.BIT;
            case Types.DATE, Types.TIME, Types.TIMESTAMP, Types.TIME_WITH_TIMEZONE, Types.TIMESTAMP_WITH_TIMEZONE ->
                    TypeClass.TEMPORAL;
            default -> TypeClass.OTHER;
        };
    }

    /** Null if the same, else what differs first. */
    String difference(ResultColumns expected) {
        if (names.size() != expected.names.size()) {
            List<String> extra = new ArrayList<>(names);
            extra.removeAll(expected.names);
            List<String> missing = new ArrayList<>(expected.names);
            missing.removeAll(names);
            return "column count " + names.size() + " != expected " + expected.names.size() + " (extra " + extra
                    + ", missing " + missing + ")";
        }
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).equals(expected.names.get(i))) {
                return "column " + (i + 1) + " is named '" + names.get(i) + "', expected '" + expected.names.get(i) + "'";
            }
            if (types.get(i) != expected.types.get(i)) {
                return "column " + (i + 1) + " '" + names.get(i) + "' has type " + types.get(i) + ", expected "
                        + expected.types.get(i);
            }
        }
        return null;
    }
}
