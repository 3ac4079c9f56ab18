package io.skyshard.rpc.convert;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.rpc.ColumnKind;
import io.skyshard.rpc.ColumnSpec;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Mappings between JDBC result-set column types (DuckDB type names first, java.sql.Types as the
 * fallback for other drivers), wire {@link ColumnKind}s, catalog {@link ColumnType}s and DuckDB
 * SQL type names.
 *
 * <p>Types without a wire kind (INTERVAL, UUID, LIST, STRUCT, ...) travel as VARCHAR through
 * their string form, so a query never fails only because its result has an exotic type. Unsigned
 * integers narrower than 64 bits widen to the next signed kind.
 */
public final class ColumnKinds {
    /** DuckDB's widest DECIMAL; also the precision used to carry HUGEINT as a catalog DECIMAL. */
    public static final int MAX_DECIMAL_PRECISION = 38;

    private ColumnKinds() {
    }

    /** The wire description of result column {@code column} (1-based). */
    public static ColumnSpec spec(ResultSetMetaData md, int column) throws SQLException {
        String name = md.getColumnLabel(column);
        if (name == null || name.isEmpty()) {
            name = md.getColumnName(column);
        }
        ColumnSpec.Builder b = ColumnSpec.newBuilder()
                .setName(name == null ? "" : name)
                .setNullable(md.isNullable(column) != ResultSetMetaData.columnNoNulls);
        ColumnKind kind = kindOf(md.getColumnTypeName(column), md.getColumnType(column));
        b.setKind(kind);
        if (kind == ColumnKind.DECIMAL) {
            int precision = md.getPrecision(column);
            b.setPrecision(precision > 0 ? Math.min(precision, MAX_DECIMAL_PRECISION) : 18);
            b.setScale(Math.max(0, md.getScale(column)));
        }
        return b.build();
    }

    /** Wire descriptions of all result columns. */
    public static List<ColumnSpec> specs(ResultSetMetaData md) throws SQLException {
        int n = md.getColumnCount();
        List<ColumnSpec> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            out.add(spec(md, i));
        }
        return out;
    }

    /**
     * The wire kind of a result column from its driver type name (DuckDB names such as
     * {@code UBIGINT} or {@code DECIMAL(10,2)}) and, when the name is unknown, its java.sql.Types
     * code.
     */
    public static ColumnKind kindOf(String typeName, int sqlType) {
        if (typeName != null) {
            String t = typeName.toUpperCase(Locale.ROOT).strip();
            ColumnKind byName = kindOfDuckDbName(t);
            if (byName != null) {
                return byName;
            }
        }
        return switch (sqlType) {
            case Types.BOOLEAN, Types.BIT -> ColumnKind.BOOLEAN;
            case Types.TINYINT -> ColumnKind.TINYINT;
            case Types.SMALLINT -> ColumnKind.SMALLINT;
            case Types.INTEGER -> ColumnKind.INTEGER;
            case Types.BIGINT -> ColumnKind.BIGINT;
            case Types.REAL, Types.FLOAT -> ColumnKind.FLOAT;
            case Types.DOUBLE -> ColumnKind.DOUBLE;
            case Types.DECIMAL, Types.NUMERIC -> ColumnKind.DECIMAL;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> ColumnKind.VARBINARY;
            case Types.DATE -> ColumnKind.DATE;
            case Types.TIME -> ColumnKind.TIME;
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> ColumnKind.TIMESTAMP;
            default -> ColumnKind.VARCHAR;
        };
    }

    private static ColumnKind kindOfDuckDbName(String t) {
        if (t.startsWith("DECIMAL") || t.startsWith("NUMERIC")) {
            return ColumnKind.DECIMAL;
        }
        if (t.startsWith("TIMESTAMP")) {
            return ColumnKind.TIMESTAMP;
        }
        if (t.startsWith("VARCHAR") || t.startsWith("CHAR") || t.equals("TEXT") || t.equals("STRING")) {
            return ColumnKind.VARCHAR;
        }
        return switch (t) {
            case "BOOLEAN", "BOOL" -> ColumnKind.BOOLEAN;
            case "TINYINT", "INT1" -> ColumnKind.TINYINT;
            case "SMALLINT", "INT2", "UTINYINT" -> ColumnKind.SMALLINT;
            case "INTEGER", "INT", "INT4", "USMALLINT" -> ColumnKind.INTEGER;
            case "BIGINT", "INT8", "UINTEGER" -> ColumnKind.BIGINT;
            case "UBIGINT" -> ColumnKind.UBIGINT;
            case "HUGEINT", "UHUGEINT", "INT128" -> ColumnKind.HUGEINT;
            case "FLOAT", "REAL", "FLOAT4" -> ColumnKind.FLOAT;
            case "DOUBLE", "FLOAT8" -> ColumnKind.DOUBLE;
            case "BLOB", "BYTEA", "VARBINARY", "BINARY" -> ColumnKind.VARBINARY;
            case "DATE" -> ColumnKind.DATE;
            case "TIME" -> ColumnKind.TIME;
            default -> null;
        };
    }

    /** The wire kind carrying a catalog type. */
    public static ColumnKind kindOf(ColumnType type) {
        return switch (type) {
            case BOOLEAN -> ColumnKind.BOOLEAN;
            case TINYINT -> ColumnKind.TINYINT;
            case SMALLINT -> ColumnKind.SMALLINT;
            case INTEGER -> ColumnKind.INTEGER;
            case BIGINT -> ColumnKind.BIGINT;
            case FLOAT -> ColumnKind.FLOAT;
            case DOUBLE -> ColumnKind.DOUBLE;
            case DECIMAL -> ColumnKind.DECIMAL;
            case CHAR, VARCHAR -> ColumnKind.VARCHAR;
            case VARBINARY -> ColumnKind.VARBINARY;
            case BIT -> ColumnKind.UBIGINT;
            case DATE -> ColumnKind.DATE;
            case TIME -> ColumnKind.TIME;
            case TIMESTAMP -> ColumnKind.TIMESTAMP;
        };
    }

    /** The catalog type of a wire kind; HUGEINT becomes DECIMAL(38,0), the closest catalog type. */
    public static ColumnType typeOf(ColumnKind kind) {
        return switch (kind) {
            case BOOLEAN -> ColumnType.BOOLEAN;
            case TINYINT -> ColumnType.TINYINT;
            case SMALLINT -> ColumnType.SMALLINT;
            case INTEGER -> ColumnType.INTEGER;
            case BIGINT -> ColumnType.BIGINT;
            case FLOAT -> ColumnType.FLOAT;
            case DOUBLE -> ColumnType.DOUBLE;
            case DECIMAL, HUGEINT -> ColumnType.DECIMAL;
            case VARCHAR -> ColumnType.VARCHAR;
            case VARBINARY -> ColumnType.VARBINARY;
            case UBIGINT -> ColumnType.BIT;
            case DATE -> ColumnType.DATE;
            case TIME -> ColumnType.TIME;
            case TIMESTAMP -> ColumnType.TIMESTAMP;
            case COLUMN_KIND_UNSPECIFIED, UNRECOGNIZED ->
                    throw new SkyshardException(RpcErrorCode.UNSUPPORTED_TYPE, "column kind " + kind + " has no catalog type");
        };
    }

    /** The wire description of a catalog column. */
    public static ColumnSpec spec(ColumnDef column) {
        ColumnSpec.Builder b = ColumnSpec.newBuilder()
                .setName(column.name())
                .setKind(kindOf(column.type()))
                .setNullable(column.nullable());
        if (column.type() == ColumnType.DECIMAL) {
            b.setPrecision(column.length() > 0 ? Math.min(column.length(), MAX_DECIMAL_PRECISION) : 18);
            b.setScale(Math.max(0, column.scale()));
        }
        return b.build();
    }

    /** The catalog column described by a wire spec. */
    public static ColumnDef columnDef(ColumnSpec spec) {
        ColumnType type = typeOf(spec.getKind());
        int length = 0;
        int scale = 0;
        if (spec.getKind() == ColumnKind.HUGEINT) {
            length = MAX_DECIMAL_PRECISION;
        } else if (spec.getKind() == ColumnKind.DECIMAL) {
            length = spec.getPrecision();
            scale = spec.getScale();
        }
        return new ColumnDef(spec.getName(), type, length, scale, spec.getNullable());
    }

    /** DuckDB SQL type of a wire column, e.g. {@code FLOAT}, {@code BLOB}, {@code DECIMAL(12,4)}. */
    public static String duckDbType(ColumnSpec spec) {
        return switch (spec.getKind()) {
            case BOOLEAN -> "BOOLEAN";
            case TINYINT -> "TINYINT";
            case SMALLINT -> "SMALLINT";
            case INTEGER -> "INTEGER";
            case BIGINT -> "BIGINT";
            case FLOAT -> "FLOAT";
            case DOUBLE -> "DOUBLE";
            case DECIMAL -> {
                int p = spec.getPrecision() > 0 ? Math.min(spec.getPrecision(), MAX_DECIMAL_PRECISION) : 18;
                int s = Math.min(Math.max(0, spec.getScale()), p);
                yield "DECIMAL(" + p + "," + s + ")";
            }
            case VARCHAR -> "VARCHAR";
            case VARBINARY -> "BLOB";
            case UBIGINT -> "UBIGINT";
            case HUGEINT -> "HUGEINT";
            case DATE -> "DATE";
            case TIME -> "TIME";
            case TIMESTAMP -> "TIMESTAMP";
            case COLUMN_KIND_UNSPECIFIED, UNRECOGNIZED ->
                    throw new SkyshardException(RpcErrorCode.UNSUPPORTED_TYPE,
                            "column '" + spec.getName() + "' has no column kind");
        };
    }

    /** A double-quoted SQL identifier (embedded quotes doubled). */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** The column list of a {@code CREATE TABLE}: {@code "a" BIGINT, "b" FLOAT}. Nullability is not enforced: the loader validates rows. */
    public static String duckDbColumnList(List<ColumnSpec> columns) {
        StringBuilder sb = new StringBuilder();
        for (ColumnSpec c : columns) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(quote(c.getName())).append(' ').append(duckDbType(c));
        }
        return sb.toString();
    }
}
