package io.skyshard.spatial;

import io.skyshard.common.error.ErrorCategory;
import io.skyshard.common.error.ErrorCode;

/** Errors of the spatial module: all of them are caused by bad arguments (coordinates, regions, orders). */
public enum SpatialErrorCode implements ErrorCode {
    /** ra not finite or dec outside [-90, 90]. */
    INVALID_COORDINATE(ErrorCategory.USER, 1210),
    /** A region argument is invalid (negative radius, too few polygon vertices, bad ellipse axes...). */
    INVALID_REGION(ErrorCategory.USER, 1210),
    /** HEALPix order outside [0, 29] or inconsistent chunk/sub-chunk orders. */
    INVALID_ORDER(ErrorCategory.USER, 1210),
    /** Pixel index outside the range of its order. */
    INVALID_PIXEL(ErrorCategory.USER, 1210),
    /** A coverage would produce more pixels than allowed. */
    COVERAGE_TOO_LARGE(ErrorCategory.RESOURCE, 1104);

    private final ErrorCategory category;
    private final int mysqlCode;

    SpatialErrorCode(ErrorCategory category, int mysqlCode) {
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
