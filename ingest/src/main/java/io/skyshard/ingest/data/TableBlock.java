package io.skyshard.ingest.data;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An immutable block of rows of one table in columnar form: one {@link ColumnData} per column, all of
 * {@link #rowCount()} rows. The unit in which catalogs are generated, partitioned and sent to workers
 * (as rpc {@code ColumnarBatch} messages, see {@link BatchEncoder}).
 */
public final class TableBlock implements RowSet {
    private final List<ColumnDef> columns;
    private final List<ColumnData> data;
    private final int rowCount;

    public TableBlock(List<ColumnDef> columns, List<ColumnData> data, int rowCount) {
        this.columns = List.copyOf(requireNonNull(columns, "columns"));
        this.data = List.copyOf(requireNonNull(data, "data"));
        this.rowCount = rowCount;
        if (this.columns.size() != this.data.size()) {
            throw mismatch(this.columns.size() + " columns but " + this.data.size() + " value arrays");
        }
        for (int i = 0; i < this.columns.size(); i++) {
            ColumnDef c = this.columns.get(i);
            ColumnData d = this.data.get(i);
            if (d.size() != rowCount) {
                throw mismatch("column '" + c.name() + "' has " + d.size() + " values, expected " + rowCount);
            }
            if (d.kind() != ColumnData.kindOf(c.type())) {
                throw mismatch("column '" + c.name() + "' of type " + c.type() + " holds " + d.kind() + " values");
            }
        }
    }

    public static TableBlock empty(List<ColumnDef> columns) {
        List<ColumnData> data = new ArrayList<>();
        for (ColumnDef c : columns) {
            data.add(ColumnData.gather(ColumnData.kindOf(c.type()), List.of(), new int[0], new int[0]));
        }
        return new TableBlock(columns, data, 0);
    }

    public List<ColumnDef> columns() {
        return columns;
    }

    @Override
    public int rowCount() {
        return rowCount;
    }

    @Override
    public io.skyshard.rpc.ColumnarBatch batch(int from, int to) {
        return BatchEncoder.encode(this, from, to);
    }

    public ColumnData data(int column) {
        return data.get(column);
    }

    /** Case-insensitive column position, as MySQL names are. */
    public Optional<Integer> indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(name)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    public ColumnData data(String name) {
        return data.get(indexOf(name).orElseThrow(() -> mismatch("no column '" + name + "' in block of " + names())));
    }

    /** A block with these columns added at the end. */
    public TableBlock withColumns(List<ColumnDef> extraColumns, List<ColumnData> extraData) {
        List<ColumnDef> c = new ArrayList<>(columns);
        c.addAll(extraColumns);
        List<ColumnData> d = new ArrayList<>(data);
        d.addAll(extraData);
        return new TableBlock(c, d, rowCount);
    }

    /**
     * The same rows with columns reordered (by case-insensitive name) into {@code layout}; fails naming
     * the first missing column or type difference. Lets callers hand blocks in any column order.
     */
    public TableBlock project(List<ColumnDef> layout) {
        List<ColumnData> d = new ArrayList<>(layout.size());
        for (ColumnDef want : layout) {
            int i = indexOf(want.name()).orElseThrow(() -> mismatch("column '" + want.name() + "' missing; block has " + names()));
            if (columns.get(i).type() != want.type()) {
                throw mismatch("column '" + want.name() + "' is " + columns.get(i).type() + ", table declares " + want.type());
            }
            d.add(data.get(i));
        }
        return new TableBlock(layout, d, rowCount);
    }

    /** The given rows, in the given order. */
    public TableBlock select(int[] rows) {
        return gather(columns, List.of(this), List.of(rows));
    }

    /** Selected rows of several blocks with identical columns, concatenated in order. */
    public static TableBlock gather(List<ColumnDef> columns, List<TableBlock> blocks, List<int[]> rows) {
        if (blocks.size() != rows.size()) {
            throw new IllegalArgumentException(blocks.size() + " blocks but " + rows.size() + " row selections");
        }
        int total = 0;
        for (int[] r : rows) {
            total += r.length;
        }
        int[] part = new int[total];
        int[] row = new int[total];
        int o = 0;
        for (int p = 0; p < rows.size(); p++) {
            for (int r : rows.get(p)) {
                part[o] = p;
                row[o++] = r;
            }
        }
        return gather(columns, blocks, part, row);
    }

    /** Rows picked from several blocks with identical columns: row {@code i} is row {@code row[i]} of block {@code part[i]}. */
    public static TableBlock gather(List<ColumnDef> columns, List<TableBlock> blocks, int[] part, int[] row) {
        if (part.length != row.length) {
            throw new IllegalArgumentException(part.length + " block indexes but " + row.length + " row indexes");
        }
        List<ColumnData> out = new ArrayList<>(columns.size());
        for (int c = 0; c < columns.size(); c++) {
            List<ColumnData> parts = new ArrayList<>(blocks.size());
            for (TableBlock b : blocks) {
                if (b.columns.size() != columns.size()) {
                    throw mismatch("cannot concatenate blocks with columns " + b.names() + " into " + columns);
                }
                parts.add(b.data.get(c));
            }
            out.add(ColumnData.gather(ColumnData.kindOf(columns.get(c).type()), parts, part, row));
        }
        return new TableBlock(columns, out, part.length);
    }

    /** All rows of several blocks with identical columns. */
    public static TableBlock concat(List<ColumnDef> columns, List<TableBlock> blocks) {
        List<int[]> rows = new ArrayList<>(blocks.size());
        for (TableBlock b : blocks) {
            int[] all = new int[b.rowCount];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            rows.add(all);
        }
        return gather(columns, blocks, rows);
    }

    /**
     * An order-sensitive 64-bit digest of every value and NULL: equal data gives equal checksums on
     * every run and JVM (used to prove generation is deterministic).
     */
    public long checksum() {
        long h = 0x9E3779B97F4A7C15L ^ rowCount;
        for (int c = 0; c < columns.size(); c++) {
            ColumnData d = data.get(c);
            for (int r = 0; r < rowCount; r++) {
                long v;
                if (d.isNull(r)) {
                    v = 0x5bd1e995L;
                } else {
                    v = switch (d) {
                        case ColumnData.Longs l -> l.values()[r];
                        case ColumnData.Floats f -> Float.floatToIntBits(f.values()[r]);
                        case ColumnData.Doubles x -> Double.doubleToLongBits(x.values()[r]);
                        case ColumnData.Strings s -> s.values()[r].hashCode();
                        case ColumnData.Bytes b -> java.util.Arrays.hashCode(b.values()[r]);
                    };
                }
                h = mix(h * 31 + v + c);
            }
        }
        return h;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private List<String> names() {
        return columns.stream().map(ColumnDef::name).toList();
    }

    private static SkyshardException mismatch(String message) {
        return new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH, message);
    }

    @Override
    public String toString() {
        return "TableBlock" + names() + "[" + rowCount + " rows]";
    }
}
