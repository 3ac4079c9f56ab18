package io.skyshard.sql.rewrite;

import static java.util.Objects.requireNonNull;

import io.skyshard.sql.SqlErrorCode;
import io.skyshard.sql.SqlErrors;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Rewrites a post-aggregation expression (select item, HAVING, ORDER BY of a grouped query) over the
 * partials table: grouped expressions become their partial column, aggregate calls become their merge
 * expression. A bare column that is neither grouped nor aggregated is refused (ONLY_FULL_GROUP_BY).
 *
 * <pre>
 * before: band, COUNT(*) + 1, AVG(psfFlux)
 * after:  partials.c0, CAST(COALESCE(SUM(partials.c1), 0) AS BIGINT) + 1,
 *         CAST(SUM(partials.c2) AS DOUBLE) / NULLIF(SUM(partials.c3), 0)
 * </pre>
 */
public final class MergeRewriter extends SqlShuttle {
    private final List<SqlNode> groupKeys;
    private final List<SqlNode> groupColumns;
    private final List<SqlNode> aggregates;
    private final List<SqlNode> mergedAggregates;

    public MergeRewriter(List<SqlNode> groupKeys, List<SqlNode> groupColumns, List<SqlNode> aggregates,
            List<SqlNode> mergedAggregates) {
        this.groupKeys = requireNonNull(groupKeys, "groupKeys");
        this.groupColumns = requireNonNull(groupColumns, "groupColumns");
        this.aggregates = requireNonNull(aggregates, "aggregates");
        this.mergedAggregates = requireNonNull(mergedAggregates, "mergedAggregates");
    }

    @Override
    public SqlNode visit(SqlCall call) {
        int g = SqlTrees.indexOf(groupKeys, call);
        if (g >= 0) {
            return groupColumns.get(g);
        }
        if (FunctionRewriter.isAggregate(call)) {
            int a = SqlTrees.indexOf(aggregates, call);
            if (a < 0) {
                throw new IllegalStateException("aggregate not registered: " + call);
            }
            return mergedAggregates.get(a);
        }
        return super.visit(call);
    }

    @Override
    public SqlNode visit(SqlIdentifier id) {
        int g = SqlTrees.indexOf(groupKeys, id);
        if (g >= 0) {
            return groupColumns.get(g);
        }
        throw SqlErrors.error(SqlErrorCode.NOT_GROUPED, id, "Column '" + id
                + "' is neither in GROUP BY nor inside an aggregate function");
    }
}
