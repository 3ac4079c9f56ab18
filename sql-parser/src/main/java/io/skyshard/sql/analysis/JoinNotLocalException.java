package io.skyshard.sql.analysis;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.sql.SqlErrorCode;

/**
 * A join of partitioned tables that cannot be answered chunk by chunk; the planner may still answer
 * it by gathering the tables at the czar ({@link GatheredJoinRewrite}), else this is the user's error.
 */
public final class JoinNotLocalException extends SkyshardException {
    private static final long serialVersionUID = 1L;

    JoinNotLocalException(SkyshardException unsupported) {
        super(SqlErrorCode.UNSUPPORTED, unsupported.getMessage());
    }
}
