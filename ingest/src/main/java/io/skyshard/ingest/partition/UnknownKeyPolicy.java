package io.skyshard.ingest.partition;

import io.skyshard.common.error.CommonErrorCode;
import io.skyshard.common.error.SkyshardException;
import java.util.Locale;

/**
 * What to do with a child or match row whose director key is NULL or has no director row: fail the
 * contribution naming the row ({@link #REJECT}, the default), drop the row and count it
 * ({@link #SKIP}), or, for a child table that declares its own position columns (Qserv's
 * {@code latitude_key}/{@code longitude_key}), store the row in the chunk of its own position as
 * Qserv's partitioner does ({@link #POSITION}); rows that cannot be placed that way (a match table, a
 * child without position columns) are then dropped and counted as under {@link #SKIP}.
 */
public enum UnknownKeyPolicy {
    REJECT, SKIP, POSITION;

    /** The policy named {@code name} (any case); {@link #REJECT} for null. */
    public static UnknownKeyPolicy parse(String name) {
        if (name == null) {
            return REJECT;
        }
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT,
                    "unknown-keys policy must be reject, skip or position, got '" + name + "'");
        }
    }
}
