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

    /**
     * Rows picked from several columns of one kind: value {@code i} of the result is row
     * {@code row[i]} of {@code parts.get(part[i])}. One copy serves concatenation, selection and
     * reordering at once (a chunk's rows are gathered from many blocks straight into sorted order).
     */
    static ColumnData gather(Kind kind, List<ColumnData> parts, int[] part, int[] row) {
        int total = part.length;
        ColumnData[] src = parts.toArray(new ColumnData[0]);
        boolean anyNull = parts.stream().anyMatch(p -> switch (p) {
            case Longs l -> l.nulls() != null;
            case Floats f -> f.nulls() != null;
            case Doubles d -> d.nulls() != null;
            default -> false;
        });
        boolean[] nulls = null;
        if (anyNull) {
            nulls = new boolean[total];
            for (int i = 0; i < total; i++) {
                nulls[i] = src[part[i]].isNull(row[i]);
            }
        }
        switch (kind) {
            case LONG -> {
                long[][] from = new long[src.length][];
                for (int p = 0; p < src.length; p++) {
                    from[p] = ((Longs) src[p]).values();
                }
                long[] v = new long[total];
                for (int i = 0; i < total; i++) {
                    v[i] = from[part[i]][row[i]];
                }
                return new Longs(v, nulls);
            }
            case FLOAT -> {
                float[][] from = new float[src.length][];
                for (int p = 0; p < src.length; p++) {
                    from[p] = ((Floats) src[p]).values();
                }
                float[] v = new float[total];
                for (int i = 0; i < total; i++) {
                    v[i] = from[part[i]][row[i]];
                }
                return new Floats(v, nulls);
            }
            case DOUBLE -> {
                double[][] from = new double[src.length][];
                for (int p = 0; p < src.length; p++) {
                    from[p] = ((Doubles) src[p]).values();
                }
                double[] v = new double[total];
                for (int i = 0; i < total; i++) {
                    v[i] = from[part[i]][row[i]];
                }
                return new Doubles(v, nulls);
            }
            case STRING -> {
                String[] v = new String[total];
                for (int i = 0; i < total; i++) {
                    v[i] = ((Strings) src[part[i]]).values()[row[i]];
                }
                return new Strings(v);
            }
            case BYTES -> {
                byte[][] v = new byte[total][];
                for (int i = 0; i < total; i++) {
                    v[i] = ((Bytes) src[part[i]]).values()[row[i]];
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
