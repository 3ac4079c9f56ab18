package io.skyshard.replication.transaction;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One contribution of a transaction: a file or stream of rows for one table. Its id is also the tag
 * its rows carry on the workers ({@code transactionId << 32 | sequence}).
 *
 * @param key      the client's name for the contribution (e.g. the file), unique in the transaction;
 *                 a retry with the same key is not loaded twice
 * @param source   where the rows came from (file, URL, "request body"), for status and errors
 * @param chunks   chunks the contribution wrote rows to (placement published at commit)
 * @param retryOf  the failed contribution this one retries, 0 if none
 * @param purged   failed and its rows deleted from every worker
 */
public record ContributionRecord(long id, long transactionId, String database, String table, String key, String source,
        ContributionState state, ContributionStats stats, String error, long createdMillis, long endedMillis, long retryOf,
        List<Integer> chunks, boolean purged) {
    public ContributionRecord {
        requireNonNull(database, "database");
        requireNonNull(table, "table");
        requireNonNull(state, "state");
        stats = stats == null ? ContributionStats.NONE : stats;
        chunks = chunks == null ? List.of() : List.copyOf(chunks);
    }
}
