package io.skyshard.sql.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A query answered in steps on one merge connection of the czar: each stage's plan runs (distributed
 * or not) and its result is kept as a temporary table named {@link Stage#table()}; then
 * {@link #result()} runs and may read those tables. Subqueries in FROM and the branches of UNION,
 * INTERSECT and EXCEPT are stages; the outer query is a {@link LocalPlan} over them.
 *
 * <pre>
 * SELECT b, COUNT(*) FROM (SELECT FLOOR(ra) AS b FROM Object WHERE ...) t GROUP BY b
 *   stage "skyshard_stage_1": DistributedPlan of the inner SELECT (merge columns named b)
 *   result: LocalPlan SELECT t.b, COUNT(*) FROM skyshard_stage_1 AS t GROUP BY t.b
 * </pre>
 *
 * @param stages in execution order (a stage may read the tables of the stages before it)
 * @param result the plan whose rows are the answer
 */
public record StagedPlan(List<Stage> stages, QueryPlan result) implements QueryPlan {
    public StagedPlan {
        stages = List.copyOf(stages);
        requireNonNull(result, "result");
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a staged plan needs at least one stage");
        }
    }

    /**
     * One step: run {@code plan} and keep its rows as the temporary table {@code table} (columns
     * named as the plan's result columns, which the planner makes unique), refused past {@code maxRows}.
     */
    public record Stage(String table, QueryPlan plan, long maxRows, String limitReason) {
        /**
         * @param maxRows     most rows the stage may hold, 0 for no limit (a table gathered at the czar
         *                    only because its join cannot run chunk by chunk is limited)
         * @param limitReason what the error says when the limit is passed (null when unlimited)
         */
        public Stage {
            requireNonNull(table, "table");
            requireNonNull(plan, "plan");
            if (maxRows < 0 || maxRows > 0 && limitReason == null) {
                throw new IllegalArgumentException("stage limit " + maxRows + " without a reason");
            }
        }

        public Stage(String table, QueryPlan plan) {
            this(table, plan, 0, null);
        }
    }

    @Override
    public List<String> columnNames() {
        return result.columnNames();
    }

    @Override
    public List<io.skyshard.common.catalog.ColumnDef> declaredColumns() {
        return result.declaredColumns();
    }
}
