package io.skyshard.worker;

import io.skyshard.common.error.ErrorCategory;
import io.skyshard.common.error.ErrorCode;

/** Errors raised by workers. Names travel to the czar as {@code WorkerError.code}. */
public enum WorkerErrorCode implements ErrorCode {
    /** The backend rejected or failed a chunk statement. */
    SQL_ERROR(ErrorCategory.USER, 1064),
    /** No chunk table of the query exists on this worker, so no result schema can be derived. */
    NO_SCHEMA(ErrorCategory.USER, 1146),
    /** The query was cancelled by Cancel or by the czar closing the call. */
    CANCELLED(ErrorCategory.USER, 1317),
    /** The request deadline passed before all chunks were answered. */
    DEADLINE_EXCEEDED(ErrorCategory.RESOURCE, 3024),
    /** The request itself is malformed (missing template, bad load stream, ...). */
    INVALID_REQUEST(ErrorCategory.USER, 1210),
    /** Loading a table failed; nothing of the load is visible. */
    LOAD_FAILED(ErrorCategory.RESOURCE, 1030),
    /** The storage engine could not be opened or used. */
    STORAGE_ERROR(ErrorCategory.RESOURCE, 1030),
    /** A bug in the worker. */
    INTERNAL(ErrorCategory.INTERNAL, 1815);

    private final ErrorCategory category;
    private final int mysqlCode;

    WorkerErrorCode(ErrorCategory category, int mysqlCode) {
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
