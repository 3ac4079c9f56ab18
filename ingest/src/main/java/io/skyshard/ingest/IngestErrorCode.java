package io.skyshard.ingest;

import io.skyshard.common.error.ErrorCategory;
import io.skyshard.common.error.ErrorCode;

/** Error codes of ingest: partitioning, loading chunk tables onto workers, publishing. */
public enum IngestErrorCode implements ErrorCode {
    /** A child row references a director key that no director row has. */
    UNKNOWN_DIRECTOR_KEY(ErrorCategory.USER, 1452),
    /** Two director rows share a key. */
    DUPLICATE_DIRECTOR_KEY(ErrorCategory.USER, 1062),
    /** A value cannot be stored (NULL key or position, position out of range). */
    INVALID_ROW(ErrorCategory.USER, 1366),
    /** Rows do not match the table's declared columns, or a table definition is unusable for loading. */
    SCHEMA_MISMATCH(ErrorCategory.USER, 1136),
    /** No worker is registered, or fewer than the requested replicas. */
    NOT_ENOUGH_WORKERS(ErrorCategory.RESOURCE, 1105),
    /** A worker rejected or failed a load stream. */
    WORKER_LOAD_FAILED(ErrorCategory.RESOURCE, 1030),
    /** Writing to the local reference DuckDB failed. */
    LOCAL_LOAD_FAILED(ErrorCategory.RESOURCE, 1030),
    /** A MySQL column type that has no Skyshard equivalent (JSON, spatial types, DECIMAL wider than 38 digits...). */
    UNSUPPORTED_COLUMN_TYPE(ErrorCategory.USER, 1235),
    /** A {@code CREATE TABLE} statement or column type text that cannot be parsed. */
    INVALID_SCHEMA(ErrorCategory.USER, 1064),
    /** A Qserv ingest/partition configuration (database.json, table JSON) that is malformed or inconsistent. */
    INVALID_TABLE_CONFIG(ErrorCategory.USER, 1210),
    /** An input file that does not follow its declared format: field count, unparsable value, NULL in a NOT NULL column, bad quoting or compression. */
    MALFORMED_INPUT(ErrorCategory.USER, 1366),
    /** An input file that cannot be found or read. */
    INPUT_UNREADABLE(ErrorCategory.RESOURCE, 29),
    /** A REST request without the admin token the controller wants. */
    UNAUTHORIZED(ErrorCategory.USER, 1045),
    /** A REST request for a path the ingest API does not have. */
    NO_SUCH_RESOURCE(ErrorCategory.USER, 1210),
    /** A REST request with a method its path does not take. */
    METHOD_NOT_ALLOWED(ErrorCategory.USER, 1210),
    INTERNAL(ErrorCategory.INTERNAL, 1815);

    private final ErrorCategory category;
    private final int mysqlCode;

    IngestErrorCode(ErrorCategory category, int mysqlCode) {
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
