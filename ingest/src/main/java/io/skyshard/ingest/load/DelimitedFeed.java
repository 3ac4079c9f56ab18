package io.skyshard.ingest.load;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.ingest.data.TableBlock;
import io.skyshard.ingest.partition.RowLocator;
import io.skyshard.ingest.reader.DelimitedFormat;
import io.skyshard.ingest.reader.DelimitedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One table's rows from a delimited text stream (CSV/TSV, gzip detected): the file's fields are
 * {@code fileColumns} in order; fields not in {@code keep} (the table's columns) are read and dropped.
 */
public final class DelimitedFeed implements TableFeed {
    private final TableDef table;
    private final DelimitedReader reader;
    private final AtomicLong bytes = new AtomicLong();
    private final List<ColumnDef> tableColumns;

    public DelimitedFeed(TableDef table, List<ColumnDef> keep, InputStream input, String source, List<ColumnDef> fileColumns,
            DelimitedFormat format, int blockRows, boolean mustBeGzip) {
        this(table, keep, input, source, fileColumns, format, blockRows, mustBeGzip, 1);
    }

    /** {@code firstLine}: the line of the source the stream starts on (after a header taken off it). */
    public DelimitedFeed(TableDef table, List<ColumnDef> keep, InputStream input, String source, List<ColumnDef> fileColumns,
            DelimitedFormat format, int blockRows, boolean mustBeGzip, long firstLine) {
        this.table = requireNonNull(table, "table");
        this.tableColumns = List.copyOf(keep);
        InputStream counted = new FilterInputStream(requireNonNull(input, "input")) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytes.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    bytes.addAndGet(n);
                }
                return n;
            }
        };
        this.reader = new DelimitedReader(counted, source, fileColumns, format, blockRows, mustBeGzip, firstLine);
    }

    @Override
    public Map<String, Batch> next() {
        if (!reader.hasNext()) {
            return null;
        }
        TableBlock block = reader.next();
        long[] lines = reader.lastBlockLines();
        // Fields the table does not declare were read as text only to be skipped.
        if (!block.columns().equals(tableColumns)) {
            block = block.project(tableColumns);
        }
        return Map.of(table.name(), new Batch(block, RowLocator.lines(reader.source(), lines)));
    }

    @Override
    public long bytesRead() {
        return bytes.get();
    }

    @Override
    public void close() {
        reader.close();
    }
}
