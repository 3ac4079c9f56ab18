package io.skyshard.tap;

import io.skyshard.common.error.ErrorCategory;
import io.skyshard.common.error.ErrorCode;

/** Errors of the TAP service: requests, ADQL, uploads and jobs. */
public enum TapErrorCode implements ErrorCode {
    /** ADQL that does not parse. */
    ADQL_SYNTAX(ErrorCategory.USER, 1064),
    /** Valid ADQL that this service does not support (declared absent in the capabilities). */
    ADQL_UNSUPPORTED(ErrorCategory.USER, 1235),
    UNKNOWN_TABLE(ErrorCategory.USER, 1146),
    UNKNOWN_COLUMN(ErrorCategory.USER, 1054),
    AMBIGUOUS_NAME(ErrorCategory.USER, 1052),
    /** A wrong argument of an ADQL function (arity, coordinate system, radius out of range). */
    INVALID_ARGUMENT(ErrorCategory.USER, 1210),
    /** A missing or invalid request parameter (LANG, REQUEST, MAXREC, RESPONSEFORMAT, UPLOAD ...). */
    INVALID_PARAMETER(ErrorCategory.USER, 1210),
    INVALID_UPLOAD(ErrorCategory.USER, 1210),
    UPLOAD_TOO_LARGE(ErrorCategory.USER, 1153),
    UPLOAD_HOST_NOT_ALLOWED(ErrorCategory.USER, 1045),
    NOT_AUTHENTICATED(ErrorCategory.USER, 1045),
    /** An HTTP method the resource does not accept. */
    METHOD_NOT_ALLOWED(ErrorCategory.USER, 1210),
    /** Another user's job. */
    FORBIDDEN(ErrorCategory.USER, 1142),
    JOB_NOT_FOUND(ErrorCategory.USER, 1146),
    /** An operation the job's phase does not allow (e.g. changing parameters of a running job). */
    INVALID_PHASE(ErrorCategory.USER, 1210),
    /** The query ran longer than its execution duration. */
    TIMEOUT(ErrorCategory.RESOURCE, 3024),
    /** Job storage (result files, job records) failed. */
    STORAGE_FAILED(ErrorCategory.RESOURCE, 1030),
    INTERNAL(ErrorCategory.INTERNAL, 1815);

    private final ErrorCategory category;
    private final int mysqlCode;

    TapErrorCode(ErrorCategory category, int mysqlCode) {
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
