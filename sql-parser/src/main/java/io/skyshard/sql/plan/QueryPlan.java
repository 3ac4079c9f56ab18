package io.skyshard.sql.plan;

/**
 * What the czar must do to answer one SELECT. Most queries are one {@link DistributedPlan} (a chunk
 * query and a merge query) or a {@link LocalPlan}; subqueries in FROM and set operations become a
 * {@link StagedPlan} whose stages the czar materialises in order; subqueries in expressions make a
 * {@link SubqueryFirstPlan}: their values are needed to plan the query itself.
 */
public sealed interface QueryPlan permits DistributedPlan, LocalPlan, StagedPlan, SubqueryFirstPlan {
}
