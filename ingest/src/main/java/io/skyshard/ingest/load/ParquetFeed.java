package io.skyshard.ingest.load;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import io.skyshard.ingest.data.ColumnData;
import io.skyshard.ingest.data.TableBlock;
import io.skyshard.ingest.partition.RowLocator;
import io.skyshard.rpc.convert.ColumnKinds;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One table's rows from a Parquet file, read by an in-memory DuckDB ({@code read_parquet}). Columns
 * are matched by name (case-insensitively) and cast to the table's types; a column the table needs
 * but the file lacks, a value that does not convert, or a NULL in a NOT NULL column fails the read
 * naming the file, row (1-based) and column.
 */
public final class ParquetFeed implements TableFeed {
    private final TableDef table;
    private final List<ColumnDef> columns;
    private final Path file;
    private final int blockRows;
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final long size;
    private long rowsRead;
    private boolean done;

    public ParquetFeed(TableDef table, List<ColumnDef> columns, Path file, int blockRows) {
        this.table = requireNonNull(table, "table");
        this.columns = List.copyOf(columns);
        this.file = requireNonNull(file, "file");
        this.blockRows = blockRows;
        if (!Files.isRegularFile(file)) {
            throw new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, file + ": file not found");
        }
        long bytes;
        try {
            bytes = Files.size(file);
        } catch (java.io.IOException e) {
            bytes = 0;
        }
        this.size = bytes;
        Connection c = null;
        try {
            c = DriverManager.getConnection("jdbc:duckdb:");
            Set<String> present = new HashSet<>();
            try (PreparedStatement describe = c.prepareStatement("SELECT name FROM parquet_schema(?)")) {
                describe.setString(1, file.toString());
                try (ResultSet rs = describe.executeQuery()) {
                    while (rs.next()) {
                        present.add(rs.getString(1).toLowerCase(Locale.ROOT));
                    }
                }
            }
            StringBuilder select = new StringBuilder("SELECT ");
            for (int i = 0; i < this.columns.size(); i++) {
                ColumnDef col = this.columns.get(i);
                if (!present.contains(col.name().toLowerCase(Locale.ROOT))) {
                    throw new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH, file + ": the Parquet file has no column '"
                            + col.name() + "' of table " + table.name());
                }
                select.append(i == 0 ? "" : ", ").append(expression(col));
            }
            select.append(" FROM read_parquet(?)");
            this.connection = c;
            this.statement = c.prepareStatement(select.toString());
            statement.setString(1, file.toString());
            this.rows = statement.executeQuery();
        } catch (SQLException e) {
            closeQuietly(c);
            throw new SkyshardException(IngestErrorCode.MALFORMED_INPUT, file + ": cannot read as Parquet: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** The column converted to what the block's arrays hold (see {@link ColumnData#kindOf}). */
    private static String expression(ColumnDef c) {
        String q = ColumnKinds.quote(c.name());
        String type = c.duckDbType();
        return switch (c.type()) {
            case DATE -> "date_diff('day', DATE '1970-01-01', CAST(" + q + " AS DATE))";
            case TIME -> "date_diff('microsecond', TIME '00:00:00', CAST(" + q + " AS TIME))";
            case TIMESTAMP -> "epoch_us(CAST(" + q + " AS TIMESTAMP))";
            case DECIMAL -> "CAST(CAST(" + q + " AS " + type + ") AS VARCHAR)";
            default -> "CAST(" + q + " AS " + type + ")";
        };
    }

    @Override
    public Map<String, Batch> next() {
        if (done) {
            return null;
        }
        long first = rowsRead + 1;
        int width = columns.size();
        List<Object[]> buffer = new ArrayList<>(Math.min(blockRows, 65_536));
        int column = 0;
        try {
            while (buffer.size() < blockRows && rows.next()) {
                Object[] row = new Object[width];
                for (column = 0; column < width; column++) {
                    ColumnDef c = columns.get(column);
                    Object v = switch (ColumnData.kindOf(c.type())) {
                        case LONG -> c.type() == io.skyshard.common.catalog.ColumnType.BOOLEAN
                                ? (Object) (rows.getBoolean(column + 1) ? 1L : 0L)
                                : c.type() == io.skyshard.common.catalog.ColumnType.BIT ? unsigned(rows.getObject(column + 1))
                                : (Object) rows.getLong(column + 1);
                        case FLOAT -> rows.getFloat(column + 1);
                        case DOUBLE -> rows.getDouble(column + 1);
                        case STRING -> rows.getString(column + 1);
                        case BYTES -> rows.getBytes(column + 1);
                    };
                    if (rows.wasNull()) {
                        if (!c.nullable()) {
                            throw new SkyshardException(IngestErrorCode.MALFORMED_INPUT, file + " row " + (rowsRead + buffer.size() + 1)
                                    + ", column " + (column + 1) + " (" + c.name() + "): NULL in a NOT NULL column");
                        }
                        v = null;
                    }
                    row[column] = v;
                }
                buffer.add(row);
            }
        } catch (SQLException e) {
            String name = column < width ? columns.get(column).name() : "?";
            throw new SkyshardException(IngestErrorCode.MALFORMED_INPUT, file + " row " + (rowsRead + buffer.size() + 1) + ", column "
                    + (column + 1) + " (" + name + "): " + e.getMessage(), e);
        }
        if (buffer.isEmpty()) {
            done = true;
            close();
            return null;
        }
        rowsRead += buffer.size();
        return Map.of(table.name(), new Batch(block(buffer), RowLocator.rows(file.toString(), first)));
    }

    private static Object unsigned(Object v) {
        if (v == null) {
            return 0L;
        }
        return v instanceof BigInteger b ? b.longValue() : ((Number) v).longValue();
    }

    private TableBlock block(List<Object[]> buffer) {
        int n = buffer.size();
        List<ColumnData> data = new ArrayList<>(columns.size());
        for (int c = 0; c < columns.size(); c++) {
            boolean[] nulls = null;
            for (int r = 0; r < n; r++) {
                if (buffer.get(r)[c] == null) {
                    if (nulls == null) {
                        nulls = new boolean[n];
                    }
                    nulls[r] = true;
                }
            }
            switch (ColumnData.kindOf(columns.get(c).type())) {
                case LONG -> {
                    long[] v = new long[n];
                    for (int r = 0; r < n; r++) {
                        Object o = buffer.get(r)[c];
                        v[r] = o == null ? 0 : (Long) o;
                    }
                    data.add(new ColumnData.Longs(v, nulls));
                }
                case FLOAT -> {
                    float[] v = new float[n];
                    for (int r = 0; r < n; r++) {
                        Object o = buffer.get(r)[c];
                        v[r] = o == null ? 0 : (Float) o;
                    }
                    data.add(new ColumnData.Floats(v, nulls));
                }
                case DOUBLE -> {
                    double[] v = new double[n];
                    for (int r = 0; r < n; r++) {
                        Object o = buffer.get(r)[c];
                        v[r] = o == null ? 0 : (Double) o;
                    }
                    data.add(new ColumnData.Doubles(v, nulls));
                }
                case STRING -> {
                    String[] v = new String[n];
                    for (int r = 0; r < n; r++) {
                        Object o = buffer.get(r)[c];
                        v[r] = o == null ? null : o instanceof BigDecimal d ? d.toPlainString() : o.toString();
                    }
                    data.add(new ColumnData.Strings(v));
                }
                case BYTES -> {
                    byte[][] v = new byte[n][];
                    for (int r = 0; r < n; r++) {
                        v[r] = (byte[]) buffer.get(r)[c];
                    }
                    data.add(new ColumnData.Bytes(v));
                }
            }
        }
        return new TableBlock(columns, data, n);
    }

    @Override
    public long bytesRead() {
        return done ? size : 0;
    }

    @Override
    public void close() {
        try {
            if (rows != null) {
                rows.close();
            }
            if (statement != null) {
                statement.close();
            }
        } catch (SQLException ignored) {
            // closing only
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing left to release
            }
        }
    }
}
