package io.skyshard.sql;

import io.skyshard.common.error.ErrorCategory;
import io.skyshard.common.error.ErrorCode;

/** Errors raised while parsing, analysing and planning a query. */
public enum SqlErrorCode implements ErrorCode {
    SYNTAX_ERROR(ErrorCategory.USER, 1064),
    /** A construct that parses but that Skyshard cannot (yet) run correctly in a distributed way. */
    UNSUPPORTED(ErrorCategory.USER, 1235),
    UNKNOWN_TABLE(ErrorCategory.USER, 1146),
    UNKNOWN_COLUMN(ErrorCategory.USER, 1054),
    AMBIGUOUS_COLUMN(ErrorCategory.USER, 1052),
    NO_DATABASE(ErrorCategory.USER, 1046),
    UNKNOWN_DATABASE(ErrorCategory.USER, 1049),
    /** Not a single SELECT statement (DDL, DML, several statements). */
    NOT_A_SELECT(ErrorCategory.USER, 1295),
    /** A grouped query selects a column that is neither grouped nor aggregated (MySQL ONLY_FULL_GROUP_BY). */
    NOT_GROUPED(ErrorCategory.USER, 1055),
    INVALID_ARGUMENT(ErrorCategory.USER, 1210),
    /** A statement nested deeper than the parser and planner accept (MySQL's ER_TOO_HIGH_LEVEL_OF_NESTING_FOR_SELECT). */
    NESTED_TOO_DEEPLY(ErrorCategory.USER, 1473),
    /** An empty statement (only whitespace or comments), as MySQL's ER_EMPTY_QUERY "Query was empty". */
    EMPTY_QUERY(ErrorCategory.USER, 1065),
    /** A literal outside its type's range (MySQL's ER_ILLEGAL_VALUE_FOR_TYPE). */
    ILLEGAL_VALUE(ErrorCategory.USER, 1367),
    /** A statement longer than the parser accepts (MySQL's ER_NET_PACKET_TOO_LARGE is the nearest code). */
    STATEMENT_TOO_LONG(ErrorCategory.USER, 1153);

    private final ErrorCategory category;
    private final int mysqlCode;

    SqlErrorCode(ErrorCategory category, int mysqlCode) {
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
