package io.skyshard.czar.query;

import java.time.Instant;

/**
 * A snapshot of one query's progress, for SHOW PROCESSLIST, information_schema.processlist and the
 * HTTP status API.
 *
 * @param updated      last change of state or progress
 * @param completed    when it finished, or null while running
 * @param error        why it failed or was cancelled, else null
 * @param async        submitted with SUBMIT / {@code /query-async} (its result is kept)
 * @param rows         rows of the stored result once completed, else -1
 * @param connectionId the client connection that sent it (0 for HTTP)
 */
public record QueryInfo(long id, String user, String database, String sql, QueryState state, Instant started,
        int chunksDone, int chunksTotal, Instant updated, Instant completed, String error, boolean async, long rows,
        long connectionId) {
}
