package io.skyshard.czar.query;

import io.skyshard.common.error.CommonErrorCode;
import io.skyshard.common.error.SkyshardException;

/** The czar's query entry point used by every front end (MySQL protocol, HTTP, TAP). */
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
}
