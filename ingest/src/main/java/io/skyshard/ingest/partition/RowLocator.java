package io.skyshard.ingest.partition;

/**
 * Where the rows of a block came from, for error messages: {@code "Object.csv line 1234"}, or
 * {@code "sample row 17"} for rows without lines.
 */
public interface RowLocator {
    /** The 1-based line (or row number) of a row of the block. */
    long line(int row);

    /** A line of the source as text. */
    String describe(long line);

    default String describeRow(int row) {
        return describe(line(row));
    }

    /** Rows of a block read from a text source: {@code lines[i]} is the 1-based line row i starts on. */
    static RowLocator lines(String source, long[] lines) {
        return new RowLocator() {
            @Override
            public long line(int row) {
                return lines != null && row < lines.length ? lines[row] : row + 1;
            }

            @Override
            public String describe(long line) {
                return source + " line " + line;
            }
        };
    }

    /** Rows without lines, numbered from {@code firstRow} (1-based) in the source. */
    static RowLocator rows(String source, long firstRow) {
        return new RowLocator() {
            @Override
            public long line(int row) {
                return firstRow + row;
            }

            @Override
            public String describe(long line) {
                return source + " row " + line;
            }
        };
    }
}
