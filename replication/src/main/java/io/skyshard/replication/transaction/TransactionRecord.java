package io.skyshard.replication.transaction;

import static java.util.Objects.requireNonNull;

/**
 * An ingest transaction as the controller records it.
 *
 * @param commitVersion snapshot version that published the transaction (0 unless committed)
 * @param error         why the last commit attempt failed, or why the transaction was aborted; null if none
 * @param purged        aborted and its rows deleted from every worker (no query needs to filter them any more)
 */
public record TransactionRecord(long id, String database, TransactionState state, String note, long createdMillis,
        long endedMillis, long commitVersion, String error, boolean purged) {
    public TransactionRecord {
        requireNonNull(database, "database");
        requireNonNull(state, "state");
    }
}
