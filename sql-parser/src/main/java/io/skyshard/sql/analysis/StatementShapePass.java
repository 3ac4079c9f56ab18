package io.skyshard.sql.analysis;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.sql.SqlErrorCode;
import io.skyshard.sql.SqlErrors;
import io.skyshard.sql.rewrite.SqlTrees;
import java.math.BigDecimal;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;

/**
 * Accepts exactly one plain SELECT (with optional ORDER BY / LIMIT) and splits it into its parts.
 *
 * <pre>
 * before: SELECT a FROM t ORDER BY a LIMIT 5      (SqlOrderBy wrapping SqlSelect)
 * after:  select = SELECT a FROM t; orderBy = [a]; fetch = 5
 * rejected: INSERT/UPDATE/DELETE/CREATE... (NOT_A_SELECT), UNION, VALUES, WITH
 * </pre>
 */
public final class StatementShapePass implements AnalysisPass {
    @Override
    public void apply(AnalysisContext ctx) {
        SqlNode node = ctx.statement;
        if (node instanceof SqlOrderBy orderBy) {
            ctx.orderByNodes = orderBy.orderList.getList();
            ctx.offset = orderBy.offset;
            ctx.fetch = orderBy.fetch;
            node = orderBy.query;
        }
        if (node.getKind() == SqlKind.UNION || node.getKind() == SqlKind.INTERSECT || node.getKind() == SqlKind.EXCEPT) {
            throw SqlErrors.unsupported(node, node.getKind() + " of queries");
        }
        if (!(node instanceof SqlSelect select)) {
            if (node.getKind() == SqlKind.VALUES || node.getKind().belongsTo(SqlKind.QUERY)) {
                throw SqlErrors.unsupported(node, node.getKind() + " statements");
            }
            throw new SkyshardException(SqlErrorCode.NOT_A_SELECT, "Only SELECT statements are accepted, got "
                    + node.getKind() + SqlErrors.where(node.getParserPosition()));
        }
        ctx.select = select;
        if (select.getOrderList() != null && !select.getOrderList().isEmpty()) {
            ctx.orderByNodes = select.getOrderList().getList();
        }
        if (select.getOffset() != null) {
            ctx.offset = select.getOffset();
        }
        if (select.getFetch() != null) {
            ctx.fetch = select.getFetch();
        }
        if (select.getWindowList() != null && !select.getWindowList().isEmpty()) {
            throw SqlErrors.unsupported(select.getWindowList(), "WINDOW clause");
        }
        if (select.getQualify() != null) {
            throw SqlErrors.unsupported(select.getQualify(), "QUALIFY");
        }
        if (select.getHints() != null && !select.getHints().isEmpty()) {
            throw SqlErrors.unsupported(select.getHints(), "query hints");
        }
        ctx.distinct = select.isDistinct();
        ctx.offset = checkedLimit(ctx.offset, "OFFSET");
        ctx.fetch = checkedLimit(ctx.fetch, "LIMIT");
    }

    /** MySQL's LIMIT/OFFSET are unsigned 64-bit: larger values are a syntax error there too. */
    private static final BigDecimal UNSIGNED_BIGINT_MAX = new BigDecimal("18446744073709551615");
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    /**
     * Checks a LIMIT or OFFSET value: an integer literal from 0 to 2^64-1, as MySQL accepts. Values
     * above {@link Long#MAX_VALUE} are replaced by it: no table holds that many rows, so the answer is
     * the same, and every later step (chunk LIMITs, DuckDB's BIGINT) can count in a long.
     */
    public static SqlNode checkedLimit(SqlNode n, String what) {
        if (n == null) {
            return null;
        }
        if (!(n instanceof SqlNumericLiteral literal)) {
            throw SqlErrors.unsupported(n, what + " that is not an integer literal");
        }
        BigDecimal value = literal.bigDecimalValue();
        if (value == null || value.signum() < 0 || value.stripTrailingZeros().scale() > 0 || !literal.isExact()) {
            throw SqlErrors.error(SqlErrorCode.SYNTAX_ERROR, n, what + " needs a non-negative integer, got "
                    + literal.toValue());
        }
        if (value.compareTo(UNSIGNED_BIGINT_MAX) > 0) {
            throw SqlErrors.error(SqlErrorCode.SYNTAX_ERROR, n, what + " value " + value.toPlainString()
                    + " is out of range: at most " + UNSIGNED_BIGINT_MAX.toPlainString());
        }
        if (value.compareTo(LONG_MAX) > 0) {
            return SqlTrees.integer(Long.MAX_VALUE);
        }
        return n;
    }
}
