package io.skyshard.server;

import io.skyshard.common.error.ErrorCategory;
import io.skyshard.common.error.ErrorCode;

/** Error codes of the distribution: configuration, start-up and the commands around the roles. */
public enum ServerErrorCode implements ErrorCode {
    INVALID_CONFIGURATION(ErrorCategory.USER, 1210),
    PORT_IN_USE(ErrorCategory.RESOURCE, 2002),
    STARTUP_FAILED(ErrorCategory.RESOURCE, 2002),
    BENCHMARK_FAILED(ErrorCategory.RESOURCE, 1815);

    private final ErrorCategory category;
    private final int mysqlCode;

    ServerErrorCode(ErrorCategory category, int mysqlCode) {
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
