package io.skyshard.common.error;

import static java.util.Objects.requireNonNull;

/** The one exception type of Skyshard: every error that reaches a user carries an {@link ErrorCode}. */
public class SkyshardException extends RuntimeException {
    private final ErrorCode code;

    public SkyshardException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public SkyshardException(ErrorCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message"), cause);
        this.code = requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    /** Wraps any throwable, keeping an existing Skyshard error as is. */
    public static SkyshardException wrap(Throwable t) {
        if (t instanceof SkyshardException s) {
            return s;
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return new SkyshardException(CommonErrorCode.INTERNAL_ERROR, msg, t);
    }
}
