package io.skyshard.rpc.convert;

import io.skyshard.common.error.ErrorCategory;
import io.skyshard.common.error.ErrorCode;

/** Errors raised while converting between JDBC values, Skyshard types and columnar batches. */
public enum RpcErrorCode implements ErrorCode {
    /** A batch does not match its schema (wrong column count, missing values, bad literal). */
    MALFORMED_BATCH(ErrorCategory.USER, 1210),
    /** A column kind cannot be converted to the requested type. */
    UNSUPPORTED_TYPE(ErrorCategory.USER, 1210),
    /** JDBC failed while reading or appending values. */
    CONVERSION_FAILED(ErrorCategory.RESOURCE, 1030);

    private final ErrorCategory category;
    private final int mysqlCode;

    RpcErrorCode(ErrorCategory category, int mysqlCode) {
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
