package io.skyshard.czar;

import io.skyshard.common.error.ErrorCategory;
import io.skyshard.common.error.ErrorCode;

/** Error codes of the czar: dispatch, merge, query management, front ends. */
public enum CzarErrorCode implements ErrorCode {
    INVALID_QUERY(ErrorCategory.USER, 1064),
    NO_DATABASE_SELECTED(ErrorCategory.USER, 1046),
    UNKNOWN_DATABASE(ErrorCategory.USER, 1049),
    QUERY_FAILED_ON_WORKER(ErrorCategory.USER, 1105),
    WORKER_UNAVAILABLE(ErrorCategory.RESOURCE, 2013),
    NO_REPLICA(ErrorCategory.RESOURCE, 2013),
    QUERY_CANCELLED(ErrorCategory.USER, 1317),
    RESULT_TOO_LARGE(ErrorCategory.RESOURCE, 1153),
    MERGE_FAILED(ErrorCategory.INTERNAL, 1815),
    ACCESS_DENIED(ErrorCategory.USER, 1045),
    UNSUPPORTED_COMMAND(ErrorCategory.USER, 1235);

    private final ErrorCategory category;
    private final int mysqlCode;

    CzarErrorCode(ErrorCategory category, int mysqlCode) {
        this.category = category;
        this.mysqlCode = mysqlCode;
    }

    @Override
    public ErrorCategory category() {
        return category;
    }

    @Override
    public int mysqlCode() {
        return mysqlCode;
    }
}
