package io.skyshard.czar.query;

/** Life cycle of a query (DESIGN.md section 5). */
public enum QueryState {
    QUEUED, EXECUTING, COMPLETED, FAILED, CANCELLED
}
