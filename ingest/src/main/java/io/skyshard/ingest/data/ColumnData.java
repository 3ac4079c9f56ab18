package io.skyshard.ingest.data;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ColumnType;
import java.util.List;

/**
 * The values of one column of a {@link TableBlock}, in a primitive array chosen by the column type
 * (see {@link #kindOf(ColumnType)}). NULLs are a parallel {@code boolean[]} mask, {@code null} when the
 * column has no NULL at all (the common case costs nothing). A NULL slot holds a placeholder value.
 *
 * <p>The arrays are owned by the column: callers must not modify arrays they passed in or read out.
 * Sharing instead of copying is what keeps blocks of millions of rows cheap to reshape.
 */
public sealed interface ColumnData {
    int size();

    boolean isNull(int row);

    /** The boxed value of a row, {@code null} for NULL (tests and diagnostics, not hot paths). */
    Object value(int row);

    /** Which array holds the values of a column of this type. */
    enum Kind { LONG, FLOAT, DOUBLE, STRING, BYTES }

    static Kind kindOf(ColumnType type) {
        return switch (type) {
            case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, BIT, DATE, TIME, TIMESTAMP -> Kind.LONG;
            case FLOAT -> Kind.FLOAT;
            case DOUBLE -> Kind.DOUBLE;
            case CHAR, VARCHAR, DECIMAL -> Kind.STRING;
            case VARBINARY -> Kind.BYTES;
        };
    }

    Kind kind();

    /** Integer-like values (BOOLEAN as 0/1, DATE as epoch days, TIME/TIMESTAMP as micros). */
    record Longs(long[] values, boolean[] nulls) implements ColumnData {
        public Longs {
            requireNonNull(values, "values");
            checkMask(nulls, values.length);
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public boolean isNull(int row) {
            return nulls != null && nulls[row];
        }

        @Override
        public Object value(int row) {
            return isNull(row) ? null : values[row];
        }

        @Override
        public Kind kind() {
            return Kind.LONG;
        }
    }

    record Floats(float[] values, boolean[] nulls) implements ColumnData {
        public Floats {
            requireNonNull(values, "values");
            checkMask(nulls, values.length);
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public boolean isNull(int row) {
            return nulls != null && nulls[row];
        }

        @Override
        public Object value(int row) {
            return isNull(row) ? null : values[row];
        }

        @Override
        public Kind kind() {
            return Kind.FLOAT;
        }
    }

    record Doubles(double[] values, boolean[] nulls) implements ColumnData {
        public Doubles {
            requireNonNull(values, "values");
            checkMask(nulls, values.length);
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public boolean isNull(int row) {
            return nulls != null && nulls[row];
        }

        @Override
        public Object value(int row) {
            return isNull(row) ? null : values[row];
        }

        @Override
        public Kind kind() {
            return Kind.DOUBLE;
        }
    }

    /** VARCHAR/CHAR, and DECIMAL as exact decimal text. A {@code null} element is a NULL. */
    record Strings(String[] values) implements ColumnData {
        public Strings {
            requireNonNull(values, "values");
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public boolean isNull(int row) {
            return values[row] == null;
        }

        @Override
        public Object value(int row) {
            return values[row];
        }

        @Override
        public Kind kind() {
            return Kind.STRING;
        }
    }

    /** VARBINARY. A {@code null} element is a NULL. */
    record Bytes(byte[][] values) implements ColumnData {
        public Bytes {
            requireNonNull(values, "values");
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public boolean isNull(int row) {
            return values[row] == null;
        }

        @Override
        public Object value(int row) {
            return values[row];
        }

        @Override
        public Kind kind() {
            return Kind.BYTES;
        }
    }

    /** The selected rows of several columns of one kind, concatenated in order. */
    static ColumnData gather(Kind kind, List<ColumnData> parts, List<int[]> rows, int total) {
        boolean anyNull = parts.stream().anyMatch(p -> switch (p) {
            case Longs l -> l.nulls() != null;
            case Floats f -> f.nulls() != null;
            case Doubles d -> d.nulls() != null;
            default -> false;
        });
        boolean[] nulls = anyNull ? new boolean[total] : null;
        int out = 0;
        switch (kind) {
            case LONG -> {
                long[] v = new long[total];
                for (int p = 0; p < parts.size(); p++) {
                    Longs src = (Longs) parts.get(p);
                    for (int r : rows.get(p)) {
                        v[out] = src.values()[r];
                        if (nulls != null) {
                            nulls[out] = src.isNull(r);
                        }
                        out++;
                    }
                }
                return new Longs(v, nulls);
            }
            case FLOAT -> {
                float[] v = new float[total];
                for (int p = 0; p < parts.size(); p++) {
                    Floats src = (Floats) parts.get(p);
                    for (int r : rows.get(p)) {
                        v[out] = src.values()[r];
                        if (nulls != null) {
                            nulls[out] = src.isNull(r);
                        }
                        out++;
                    }
                }
                return new Floats(v, nulls);
            }
            case DOUBLE -> {
                double[] v = new double[total];
                for (int p = 0; p < parts.size(); p++) {
                    Doubles src = (Doubles) parts.get(p);
                    for (int r : rows.get(p)) {
                        v[out] = src.values()[r];
                        if (nulls != null) {
                            nulls[out] = src.isNull(r);
                        }
                        out++;
                    }
                }
                return new Doubles(v, nulls);
            }
            case STRING -> {
                String[] v = new String[total];
                for (int p = 0; p < parts.size(); p++) {
                    Strings src = (Strings) parts.get(p);
                    for (int r : rows.get(p)) {
                        v[out++] = src.values()[r];
                    }
                }
                return new Strings(v);
            }
            case BYTES -> {
                byte[][] v = new byte[total][];
                for (int p = 0; p < parts.size(); p++) {
                    Bytes src = (Bytes) parts.get(p);
                    for (int r : rows.get(p)) {
                        v[out++] = src.values()[r];
                    }
                }
                return new Bytes(v);
            }
            default -> throw new IllegalStateException("unhandled kind " + kind);
        }
    }

    private static void checkMask(boolean[] nulls, int size) {
        if (nulls != null && nulls.length != size) {
            throw new IllegalArgumentException("null mask has " + nulls.length + " entries for " + size + " values");
        }
    }
}
