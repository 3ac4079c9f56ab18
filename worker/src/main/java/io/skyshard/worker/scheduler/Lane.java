package io.skyshard.worker.scheduler;

/** Scheduling lanes: interactive requests never queue behind scans. */
public enum Lane {
    INTERACTIVE, SCAN
}
