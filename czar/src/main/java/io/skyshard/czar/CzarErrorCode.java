package io.skyshard.czar;

import io.skyshard.common.error.ErrorCategory;
import io.skyshard.common.error.ErrorCode;

/**
 * Error codes of the czar: front ends, dispatch, merge, query management. MySQL numbers and
 * SQLSTATEs are the ones MySQL sends for the same condition, so client libraries map them to their
 * usual exceptions.
 */
public enum CzarErrorCode implements ErrorCode {
    // Front ends: protocol and request problems, before a statement reaches the query service.
    ACCESS_DENIED(ErrorCategory.USER, 1045, "28000"),
    NO_DATABASE_SELECTED(ErrorCategory.USER, 1046, "3D000"),
    UNKNOWN_COMMAND(ErrorCategory.USER, 1047, "08S01"),
    UNSUPPORTED_PREPARED_STATEMENT(ErrorCategory.USER, 1295, "HY000"),
    MALFORMED_PACKET(ErrorCategory.USER, 1835, "HY000"),
    MALFORMED_REQUEST(ErrorCategory.USER, 1210, "HY000"),
    // Query execution.
    INVALID_QUERY(ErrorCategory.USER, 1064, "42000"),
    QUERY_FAILED_ON_WORKER(ErrorCategory.USER, 1105, "HY000"),
    QUERY_CANCELLED(ErrorCategory.USER, 1317, "70100"),
    /** A scalar subquery answered more than one row (MySQL's "Subquery returns more than 1 row"). */
    SUBQUERY_MORE_THAN_ONE_ROW(ErrorCategory.USER, 1242, "21000"),
    /** An IN (subquery) answered more values than a query may carry. */
    SUBQUERY_TOO_LARGE(ErrorCategory.USER, 1105, "HY000"),
    WORKER_UNAVAILABLE(ErrorCategory.RESOURCE, 2013, "HY000"),
    NO_REPLICA(ErrorCategory.RESOURCE, 2013, "HY000"),
    MERGE_FAILED(ErrorCategory.INTERNAL, 1815, "HY000");

    private final ErrorCategory category;
    private final int mysqlCode;
    private final String sqlState;

    CzarErrorCode(ErrorCategory category, int mysqlCode, String sqlState) {
        this.category = category;
        this.mysqlCode = mysqlCode;
        this.sqlState = sqlState;
    }

    @Override
    public ErrorCategory category() {
        return category;
    }

    @Override
    public int mysqlCode() {
        return mysqlCode;
    }

    @Override
    public String sqlState() {
        return sqlState;
    }
}
