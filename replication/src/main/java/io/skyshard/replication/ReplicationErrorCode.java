package io.skyshard.replication;

import io.skyshard.common.error.ErrorCategory;
import io.skyshard.common.error.ErrorCode;

/** Error codes of the controller (registry, placement, replication). */
public enum ReplicationErrorCode implements ErrorCode {
    DATABASE_EXISTS(ErrorCategory.USER, 1007),
    TABLE_EXISTS(ErrorCategory.USER, 1050),
    UNKNOWN_DATABASE(ErrorCategory.USER, 1049),
    UNKNOWN_TABLE(ErrorCategory.USER, 1146),
    DUPLICATE_DIRECTOR_KEY(ErrorCategory.USER, 1062),
    INVALID_REQUEST(ErrorCategory.USER, 1210),
    UNKNOWN_TRANSACTION(ErrorCategory.USER, 1210),
    UNKNOWN_CONTRIBUTION(ErrorCategory.USER, 1210),
    /** The transaction or contribution is not in a state that allows the request (e.g. commit of an aborted one). */
    INVALID_STATE(ErrorCategory.USER, 1210),
    /** Fewer workers are registered than the replication level asks for. */
    NOT_ENOUGH_WORKERS(ErrorCategory.RESOURCE, 1105),
    METADATA_STORE_FAILURE(ErrorCategory.RESOURCE, 1030),
    CONTROLLER_UNAVAILABLE(ErrorCategory.RESOURCE, 2003);

    private final ErrorCategory category;
    private final int mysqlCode;

    ReplicationErrorCode(ErrorCategory category, int mysqlCode) {
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
