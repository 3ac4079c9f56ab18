package io.skyshard.czar.query;

import io.skyshard.common.error.CommonErrorCode;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.CzarErrorCode;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The czar's query entry point used by every front end (MySQL protocol, HTTP, TAP). Besides SELECT,
 * {@link #execute} understands Qserv's query management statements ({@code SUBMIT}, {@code SHOW
 * PROCESSLIST}, {@code KILL}, {@code CANCEL}, {@code SELECT * FROM qserv_result(id)} ...); the other
 * methods are the same operations for programmatic front ends.
 */
public interface QueryService {
    /**
     * Runs one statement. Throws {@link io.skyshard.common.error.SkyshardException} with a code and a
     * message naming the problem (and its position for SQL errors).
     */
    QueryResult execute(String sql, Session session);

    /**
     * Runs one statement with per-query extras. Services that cannot honour extra tables refuse
     * them rather than answering without them.
     */
    default QueryResult execute(String sql, Session session, QueryOptions options) {
        if (!options.extraTables().isEmpty()) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT,
                    "this query service does not accept per-query tables");
        }
        return execute(sql, session);
    }

    /** Id for a new client connection (shared with query ids, as MySQL's thread ids). */
    default long nextConnectionId() {
        return Ids.NEXT.getAndIncrement();
    }

    /** The client of {@code session} went away: whatever it was waiting for is cancelled. */
    default void disconnected(Session session) {
    }

    /** Starts a query in the background and returns its id at once (planning errors are thrown here). */
    default long submit(String sql, Session session) {
        throw unsupported();
    }

    /** State and progress of a query. */
    default QueryInfo status(long queryId) {
        throw unsupported();
    }

    /** The stored result of a completed asynchronous query. */
    default QueryResult result(long queryId) {
        throw unsupported();
    }

    /** Cancels a running query on every worker. */
    default void cancel(long queryId) {
        throw unsupported();
    }

    /** Deletes an asynchronous query's stored result. */
    default void deleteResult(long queryId) {
        throw unsupported();
    }

    private static SkyshardException unsupported() {
        return new SkyshardException(CzarErrorCode.UNSUPPORTED_STATEMENT, "asynchronous queries are not supported by this service");
    }

    /** Connection ids of services without a query manager. */
    final class Ids {
        static final AtomicLong NEXT = new AtomicLong(1);

        private Ids() {
        }
    }
}
