package io.skyshard.czar.frontend;

import io.skyshard.common.error.ErrorCategory;
import io.skyshard.common.error.ErrorCode;

/**
 * Errors raised by the front ends themselves (protocol and request problems), before a statement
 * reaches the query service. MySQL numbers and SQLSTATEs are the ones MySQL sends for the same
 * condition so that client libraries map them to the usual exceptions.
 */
public enum FrontendErrorCode implements ErrorCode {
    ACCESS_DENIED(ErrorCategory.USER, 1045, "28000"),
    NO_DATABASE_SELECTED(ErrorCategory.USER, 1046, "3D000"),
    UNKNOWN_COMMAND(ErrorCategory.USER, 1047, "08S01"),
    UNSUPPORTED_PREPARED_STATEMENT(ErrorCategory.USER, 1295, "HY000"),
    MALFORMED_PACKET(ErrorCategory.USER, 1835, "HY000"),
    MALFORMED_REQUEST(ErrorCategory.USER, 1210, "HY000");

    private final ErrorCategory category;
    private final int mysqlCode;
    private final String sqlState;

    FrontendErrorCode(ErrorCategory category, int mysqlCode, String sqlState) {
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
