package io.skyshard.sql.plan;

import java.util.List;

/** Helpers over the plan variants. */
public final class QueryPlans {
    private QueryPlans() {
    }

    /** The MySQL names of the result columns of a plan that answers rows. */
    public static List<String> columnNames(QueryPlan plan) {
        return switch (plan) {
            case DistributedPlan d -> d.columnNames();
            case LocalPlan l -> l.columnNames();
            case StagedPlan s -> columnNames(s.result());
            case SubqueryFirstPlan f -> throw new IllegalArgumentException("a subquery-first plan has no columns yet");
        };
    }
}
