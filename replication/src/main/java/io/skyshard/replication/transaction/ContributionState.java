package io.skyshard.replication.transaction;

/**
 * Life of one contribution (one file or stream of rows for one table): IN_PROGRESS while rows are
 * read, partitioned and written to workers; LOADED when every worker committed its part; FAILED
 * otherwise, in which case none of its rows is ever visible.
 */
public enum ContributionState {
    IN_PROGRESS, LOADED, FAILED
}
