package io.skyshard.common.error;

/** Who is at fault for an error: decides logging level and the HTTP status family. */
public enum ErrorCategory {
    /** The request was wrong (bad SQL, unknown table, bad file): 4xx, not logged as a server fault. */
    USER,
    /** A bug or broken invariant inside Skyshard: 5xx and logged with a stack trace. */
    INTERNAL,
    /** A limit or an unavailable resource (worker down, result too large, timeout): 5xx, retry may help. */
    RESOURCE
}
