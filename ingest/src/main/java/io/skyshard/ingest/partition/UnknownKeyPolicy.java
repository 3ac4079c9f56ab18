package io.skyshard.ingest.partition;

/**
 * What to do with a child or match row whose director key is NULL or has no director row: fail the
 * contribution naming the row ({@link #REJECT}, the default), or drop the row and count it
 * ({@link #SKIP}).
 */
public enum UnknownKeyPolicy {
    REJECT, SKIP
}
