package io.skyshard.common.error;

/** Error codes shared by every module. */
public enum CommonErrorCode implements ErrorCode {
    INTERNAL_ERROR(ErrorCategory.INTERNAL, 1815),
    INVALID_CONFIGURATION(ErrorCategory.USER, 1210),
    UNKNOWN_DATABASE(ErrorCategory.USER, 1049),
    UNKNOWN_TABLE(ErrorCategory.USER, 1146),
    INVALID_ARGUMENT(ErrorCategory.USER, 1210),
    STORAGE_ERROR(ErrorCategory.RESOURCE, 1030);

    private final ErrorCategory category;
    private final int mysqlCode;

    CommonErrorCode(ErrorCategory category, int mysqlCode) {
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
