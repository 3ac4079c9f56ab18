package io.skyshard.sql.dialect;

import io.skyshard.sql.rewrite.FunctionRewriter;
import io.skyshard.sql.rewrite.SqlLiterals;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBinaryStringLiteral;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.fun.SqlBetweenOperator;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.util.BitString;

/**
 * DuckDB as a Calcite unparsing target. Identifiers are always double-quoted and case is kept, so a
 * catalog name such as {@code Object_%CHUNK%} survives verbatim. (DuckDB matches quoted identifiers
 * case-insensitively, like MySQL does for column names.)
 */
public final class DuckDbSqlDialect extends SqlDialect {
    public static final DuckDbSqlDialect INSTANCE = new DuckDbSqlDialect();

    private DuckDbSqlDialect() {
        super(EMPTY_CONTEXT
                .withDatabaseProduct(DatabaseProduct.POSTGRESQL)
                .withIdentifierQuoteString("\"")
                .withUnquotedCasing(Casing.UNCHANGED)
                .withQuotedCasing(Casing.UNCHANGED)
                .withCaseSensitive(true)
                // DuckDB sorts NULLs last for ASC by default: NULLs behave as the highest value.
                .withNullCollation(NullCollation.HIGH));
    }

    @Override
    protected boolean identifierNeedsQuote(String val) {
        return true;
    }

    @Override
    public void unparseOffsetFetch(SqlWriter writer, SqlNode offset, SqlNode fetch) {
        unparseFetchUsingLimit(writer, offset, fetch);
    }

    @Override
    public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
        if (call.getOperator() == FunctionRewriter.S2_PT_IN_CPOLY) {
            // Variadic sciSQL function: written out as the expression it stands for.
            SqlWriter.Frame frame = writer.startList(SqlWriter.FrameTypeEnum.SIMPLE, "(", ")");
            FunctionRewriter.expandPointInConvexPolygon(call).unparse(writer, 0, 0);
            writer.endList(frame);
            return;
        }
        if (!unparsePlainBetween(writer, call)) {
            super.unparseCall(writer, call, leftPrec, rightPrec);
        }
    }

    /**
     * Writes an asymmetric BETWEEN without the ASYMMETRIC keyword Calcite adds, which neither DuckDB
     * nor the Qserv parser accepts (ASYMMETRIC is BETWEEN's default meaning). Returns false, writing
     * nothing, for any other call. Shared with other dialects that unparse for those parsers.
     */
    public static boolean unparsePlainBetween(SqlWriter writer, SqlCall call) {
        if (call.getKind() == SqlKind.BETWEEN && call.getOperator() instanceof SqlBetweenOperator between
                && between.flag == SqlBetweenOperator.Flag.ASYMMETRIC) {
            SqlWriter.Frame frame = writer.startList(SqlWriter.FrameTypeEnum.SIMPLE, "(", ")");
            call.operand(0).unparse(writer, 0, 0);
            writer.keyword(between.isNegated() ? "NOT BETWEEN" : "BETWEEN");
            call.operand(1).unparse(writer, 0, 0);
            writer.keyword("AND");
            call.operand(2).unparse(writer, 0, 0);
            writer.endList(frame);
            return true;
        }
        return false;
    }

    /**
     * MySQL's binary string literal {@code X'4142'} as DuckDB's BLOB {@code unhex('4142')}: DuckDB reads
     * {@code X'...'} as text of its own.
     */
    private static final SqlShuttle BINARY_LITERALS = new SqlShuttle() {
        @Override
        public SqlNode visit(SqlLiteral literal) {
            if (literal instanceof SqlBinaryStringLiteral b) {
                return SqlLiterals.bytes(b.getValueAs(BitString.class).toHexString(), b.getParserPosition());
            }
            return literal;
        }
    };

    /** Unparses one statement or expression. */
    public static String unparse(SqlNode node) {
        node = node.accept(BINARY_LITERALS);
        return node.toSqlString(c -> c.withDialect(INSTANCE).withQuoteAllIdentifiers(true)
                .withAlwaysUseParentheses(false).withIndentation(0).withClauseStartsLine(false)
                .withSelectListItemsOnSeparateLines(false)).getSql();
    }
}
