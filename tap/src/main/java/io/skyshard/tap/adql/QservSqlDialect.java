package io.skyshard.tap.adql;

import org.apache.calcite.avatica.util.Casing;
import io.skyshard.sql.dialect.DuckDbSqlDialect;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;

/**
 * The Qserv (MySQL) dialect the query service parses, as a Calcite unparsing target: every
 * identifier in backticks (so ADQL names that MySQL reserves, such as {@code dec}, stay names) and
 * LIMIT/OFFSET rather than FETCH.
 */
final class QservSqlDialect extends SqlDialect {
    static final QservSqlDialect INSTANCE = new QservSqlDialect();

    private QservSqlDialect() {
        super(EMPTY_CONTEXT
                .withDatabaseProduct(DatabaseProduct.MYSQL)
                .withIdentifierQuoteString("`")
                .withUnquotedCasing(Casing.UNCHANGED)
                .withQuotedCasing(Casing.UNCHANGED)
                .withCaseSensitive(false));
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
        if (!DuckDbSqlDialect.unparsePlainBetween(writer, call)) {
            super.unparseCall(writer, call, leftPrec, rightPrec);
        }
    }

    static String unparse(SqlNode node) {
        return node.toSqlString(c -> c.withDialect(INSTANCE).withQuoteAllIdentifiers(true)
                .withAlwaysUseParentheses(false).withIndentation(0).withClauseStartsLine(false)
                .withSelectListItemsOnSeparateLines(false)).getSql();
    }
}
