package io.skyshard.sql.rewrite;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HexFormat;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * SQL literals for values read back from a result (the answers of subqueries put into their query):
 * each literal reads back in DuckDB as the same value of a compatible type.
 */
public final class SqlLiterals {
    private static final SqlFunction UNHEX = new SqlFunction("unhex", SqlKind.OTHER_FUNCTION, ReturnTypes.ARG0_NULLABLE, null,
            OperandTypes.VARIADIC, SqlFunctionCategory.USER_DEFINED_FUNCTION);

    private SqlLiterals() {
    }

    /** A literal for a value of {@code QueryResult.value} (null, Boolean, Long, BigInteger, BigDecimal, Float, ...). */
    public static SqlNode of(Object v, SqlParserPos pos) {
        if (v == null) {
            return SqlLiteral.createNull(pos);
        }
        if (v instanceof Boolean b) {
            return SqlLiteral.createBoolean(b, pos);
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
            return exact(new BigDecimal(v.toString()), pos);
        }
        if (v instanceof BigDecimal d) {
            return exact(d, pos);
        }
        if (v instanceof Float f) {
            // The exact double of the float: a FLOAT column compared with it is widened to the same DOUBLE.
            return approximate((double) f, pos);
        }
        if (v instanceof Double d) {
            return approximate(d, pos);
        }
        if (v instanceof byte[] bytes) {
            return bytes(HexFormat.of().formatHex(bytes), pos);
        }
        if (v instanceof LocalDate || v instanceof LocalTime || v instanceof LocalDateTime) {
            SqlTypeName type = v instanceof LocalDate ? SqlTypeName.DATE : v instanceof LocalTime ? SqlTypeName.TIME
                    : SqlTypeName.TIMESTAMP;
            return cast(SqlLiteral.createCharString(v.toString().replace('T', ' '), pos), type, pos);
        }
        return SqlLiteral.createCharString(v.toString(), pos);
    }

    /** Bytes given in hexadecimal, as DuckDB reads them: {@code unhex('4142')}, a BLOB. */
    public static SqlNode bytes(String hex, SqlParserPos pos) {
        return UNHEX.createCall(pos, SqlLiteral.createCharString(hex, pos));
    }

    private static SqlNode exact(BigDecimal d, SqlParserPos pos) {
        SqlNode abs = SqlLiteral.createExactNumeric(d.abs().toPlainString(), pos);
        return d.signum() < 0 ? SqlStdOperatorTable.UNARY_MINUS.createCall(pos, abs) : abs;
    }

    private static SqlNode approximate(double d, SqlParserPos pos) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            String text = Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
            return cast(SqlLiteral.createCharString(text, pos), SqlTypeName.DOUBLE, pos);
        }
        // Scientific notation: DuckDB reads it as DOUBLE, not DECIMAL.
        String text = Double.toString(Math.abs(d));
        SqlNode abs = SqlLiteral.createApproxNumeric(text.contains("E") ? text : text + "E0", pos);
        return d < 0 || (d == 0 && 1 / d < 0) ? SqlStdOperatorTable.UNARY_MINUS.createCall(pos, abs) : abs;
    }

    private static SqlNode cast(SqlNode e, SqlTypeName type, SqlParserPos pos) {
        return SqlStdOperatorTable.CAST.createCall(pos, e, new SqlDataTypeSpec(new SqlBasicTypeNameSpec(type, pos), pos));
    }
}
