package io.skyshard.czar.query;

import java.time.Instant;

/** A snapshot of one query's progress, for SHOW PROCESSLIST and the HTTP status API. */
public record QueryInfo(long id, String user, String database, String sql, QueryState state, Instant started,
        int chunksDone, int chunksTotal) {
}
