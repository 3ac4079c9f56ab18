package io.skyshard.sql.plan;

/** What the czar must do to answer one SELECT. */
public sealed interface QueryPlan permits DistributedPlan, LocalPlan {
}
