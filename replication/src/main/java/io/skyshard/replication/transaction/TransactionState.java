package io.skyshard.replication.transaction;

/** Life of an ingest transaction: STARTED, then COMMITTED (rows published) or ABORTED (rows never visible). */
public enum TransactionState {
    STARTED, COMMITTED, ABORTED;

    public boolean isFinished() {
        return this != STARTED;
    }
}
