package io.skyshard.ingest.data;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.rpc.ColumnarBatch;
import java.util.List;

/**
 * Rows picked from several blocks with identical columns, not copied: row {@code i} is row
 * {@code row[i]} of {@code blocks.get(part[i])}. A chunk's rows are gathered from the blocks of a
 * flush straight into wire batches ({@link BatchEncoder#encode(GatheredRows, int, int)}), one copy
 * fewer than building a {@link TableBlock} first and encoding that.
 */
public record GatheredRows(List<ColumnDef> columns, List<TableBlock> blocks, int[] part, int[] row) implements RowSet {
    public GatheredRows {
        columns = List.copyOf(requireNonNull(columns, "columns"));
        blocks = List.copyOf(requireNonNull(blocks, "blocks"));
        requireNonNull(part, "part");
        requireNonNull(row, "row");
        if (part.length != row.length) {
            throw new IllegalArgumentException(part.length + " block indexes but " + row.length + " row indexes");
        }
    }

    @Override
    public int rowCount() {
        return part.length;
    }

    @Override
    public ColumnarBatch batch(int from, int to) {
        return BatchEncoder.encode(this, from, to);
    }

    /** The rows copied into one block. */
    public TableBlock toBlock() {
        return TableBlock.gather(columns, blocks, part, row);
    }
}
