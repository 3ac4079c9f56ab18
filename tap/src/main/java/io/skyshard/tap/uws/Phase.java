package io.skyshard.tap.uws;

/** UWS 1.1 execution phases. */
public enum Phase {
    PENDING, QUEUED, EXECUTING, COMPLETED, ERROR, ABORTED, UNKNOWN, HELD, SUSPENDED, ARCHIVED;

    /** Phases a job leaves by itself (WAIT blocks only in these). */
    public boolean active() {
        return this == PENDING || this == QUEUED || this == EXECUTING;
    }

    public boolean finished() {
        return this == COMPLETED || this == ERROR || this == ABORTED;
    }
}
