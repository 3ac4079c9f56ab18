package io.skyshard.czar.query;

/** The czar's query entry point used by every front end (MySQL protocol, HTTP, TAP). */
public interface QueryService {
    /**
     * Runs one statement. Throws {@link io.skyshard.common.error.SkyshardException} with a code and a
     * message naming the problem (and its position for SQL errors).
     */
    QueryResult execute(String sql, Session session);
}
