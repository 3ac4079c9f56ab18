package io.skyshard.common.error;

/**
 * An error code. Each module has one enum implementing this interface so that codes are
 * greppable and stable; {@link #mysqlCode()} is what the MySQL front end sends to clients.
 */
public interface ErrorCode {
    String name();

    ErrorCategory category();

    /** MySQL error number sent in ERR packets (e.g. 1064 for syntax errors). */
    int mysqlCode();

    /** Five character SQLSTATE sent in ERR packets. */
    default String sqlState() {
        return switch (category()) {
            case USER -> "42000";
            case RESOURCE -> "HY000";
            case INTERNAL -> "HY000";
        };
    }
}
