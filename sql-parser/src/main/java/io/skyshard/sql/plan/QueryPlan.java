package io.skyshard.sql.plan;

import io.skyshard.common.catalog.ColumnDef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the czar must do to answer one SELECT. Most queries are one {@link DistributedPlan} (a chunk
 * query and a merge query) or a {@link LocalPlan}; subqueries in FROM and set operations become a
 * {@link StagedPlan} whose stages the czar materialises in order; subqueries in expressions make a
 * {@link SubqueryFirstPlan}: their values are needed to plan the query itself.
 */
public sealed interface QueryPlan permits DistributedPlan, LocalPlan, StagedPlan, SubqueryFirstPlan {
    /** MySQL-style names of the result columns, in order. */
    List<String> columnNames();

    /**
     * Per result column, the catalog column it shows unchanged (its declared type is what the client
     * sees), or null for a computed column (typed from the engine's result).
     */
    List<ColumnDef> declaredColumns();

    /** An unmodifiable copy of {@code declared} (which may hold nulls), or all nulls when it is null. */
    static List<ColumnDef> declared(List<ColumnDef> declared, int size) {
        List<ColumnDef> out = new ArrayList<>(declared == null ? Collections.nCopies(size, (ColumnDef) null) : declared);
        if (out.size() != size) {
            throw new IllegalArgumentException("declared columns: " + out.size() + " for " + size + " result columns");
        }
        return Collections.unmodifiableList(out);
    }
}
