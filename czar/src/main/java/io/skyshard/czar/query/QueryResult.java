package io.skyshard.czar.query;

import java.util.List;

/**
 * A forward-only cursor over a query result. Rows are streamed from the merge engine; callers must
 * close it. A result with no columns is a statement that returns no rows (MySQL OK packet).
 *
 * <p>{@link #value(int)} returns: null, Boolean, Long (all integer kinds and BIT), java.math.BigInteger
 * (HUGEINT / unsigned 64-bit beyond Long), Float, Double, java.math.BigDecimal, String, byte[],
 * java.time.LocalDate, java.time.LocalTime, java.time.LocalDateTime.
 */
public interface QueryResult extends AutoCloseable {
    List<ResultColumn> columns();

    /** Advances to the next row; false at the end. */
    boolean next();

    /** Value of column {@code index} (0-based) in the current row. */
    Object value(int index);

    /** For statements without rows: a message for the OK packet (may be empty). */
    default String info() {
        return "";
    }

    @Override
    void close();
}
