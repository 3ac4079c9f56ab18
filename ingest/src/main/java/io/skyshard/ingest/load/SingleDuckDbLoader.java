package io.skyshard.ingest.load;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.Partitioning;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import io.skyshard.ingest.data.ColumnData;
import io.skyshard.ingest.data.TableBlock;
import io.skyshard.ingest.partition.ChunkingFunction;
import io.skyshard.ingest.partition.PartitionedBlock;
import io.skyshard.ingest.partition.RowPartitioner;
import io.skyshard.ingest.sample.SampleCatalog;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Loads a catalog unpartitioned into one DuckDB connection: schema = database name, one table per
 * catalog table with the same stored columns as the cluster's chunk tables (including
 * {@code chunkId}/{@code subChunkId}, so {@code SELECT *} results compare one to one). The reference
 * engine of the differential tests and the single-node baseline of the benchmark; with
 * {@code spatiallySorted} the rows are written in spatial sort-key order, the baseline's best case.
 */
public final class SingleDuckDbLoader {
    private static final String SORT_COLUMN = "__skyshard_sort_key";
    private static final String SEQ_COLUMN = "__skyshard_seq";

    private final DuckDBConnection connection;

    public SingleDuckDbLoader(Connection connection) {
        requireNonNull(connection, "connection");
        try {
            this.connection = connection.unwrap(DuckDBConnection.class);
        } catch (SQLException e) {
            throw new SkyshardException(IngestErrorCode.LOCAL_LOAD_FAILED, "not a DuckDB connection: " + e.getMessage(), e);
        }
    }

    /** Loads the sample catalog; returns rows per table. */
    public Map<String, Long> loadSample(SampleCatalog catalog, Partitioning partitioning, boolean spatiallySorted) {
        return load(new DatabaseDef(catalog.database(), partitioning), catalog.tables(), t -> catalog.rows(t.name()),
                ChunkingFunction.healpix(partitioning), spatiallySorted);
    }

    /** Loads any catalog whose directors come before their children in {@code tables}; returns rows per table. */
    public Map<String, Long> load(DatabaseDef database, List<TableDef> tables, Function<TableDef, Iterator<TableBlock>> rows,
            ChunkingFunction chunking, boolean spatiallySorted) {
        RowPartitioner partitioner = new RowPartitioner(chunking);
        Map<String, Long> counts = new LinkedHashMap<>();
        String schema = quote(database.name());
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            for (TableKind kind : List.of(TableKind.DIRECTOR, TableKind.CHILD, TableKind.REPLICATED)) {
                for (TableDef t : tables) {
                    if (t.kind() == kind) {
                        counts.put(t.name(), loadTable(st, database.name(), t, rows.apply(t), partitioner,
                                spatiallySorted && kind != TableKind.REPLICATED));
                    }
                }
            }
        } catch (SQLException e) {
            throw new SkyshardException(IngestErrorCode.LOCAL_LOAD_FAILED,
                    "loading database " + database.name() + " into DuckDB: " + e.getMessage(), e);
        }
        return counts;
    }

    private long loadTable(Statement st, String schemaName, TableDef t, Iterator<TableBlock> blocks, RowPartitioner partitioner,
            boolean sorted) throws SQLException {
        List<ColumnDef> layout = t.storedColumns();
        String target = quote(schemaName) + "." + quote(t.name());
        String staging = quote(schemaName) + "." + quote(t.name() + "__staging");
        st.execute("DROP TABLE IF EXISTS " + target);
        st.execute("CREATE TABLE " + target + " (" + columnsDdl(layout, true) + ")");
        if (sorted) {
            st.execute("DROP TABLE IF EXISTS " + staging);
            st.execute("CREATE TABLE " + staging + " (" + columnsDdl(layout, false) + ", " + SORT_COLUMN + " BIGINT, "
                    + SEQ_COLUMN + " BIGINT)");
        }
        long n = 0;
        try (DuckDBAppender app = connection.createAppender(schemaName, sorted ? t.name() + "__staging" : t.name())) {
            while (blocks.hasNext()) {
                TableBlock block = blocks.next();
                TableBlock stored;
                long[] sortKeys = null;
                if (t.kind() == TableKind.REPLICATED) {
                    stored = block.project(t.columns());
                } else {
                    PartitionedBlock p = t.kind() == TableKind.DIRECTOR
                            ? partitioner.partitionDirector(t, block, false)
                            : partitioner.partition(t, block);
                    stored = p.rows();
                    sortKeys = p.sortKeys();
                }
                for (int r = 0; r < stored.rowCount(); r++) {
                    app.beginRow();
                    for (int c = 0; c < layout.size(); c++) {
                        appendValue(app, layout.get(c), stored.data(c), r);
                    }
                    if (sorted) {
                        app.append(sortKeys[r]);
                        app.append(n);
                    }
                    app.endRow();
                    n++;
                }
            }
        }
        if (sorted) {
            StringBuilder cols = new StringBuilder();
            for (ColumnDef c : layout) {
                cols.append(cols.isEmpty() ? "" : ", ").append(quote(c.name()));
            }
            // DuckDB keeps insertion order for INSERT ... SELECT ... ORDER BY, so the table is stored sorted.
            st.execute("INSERT INTO " + target + " SELECT " + cols + " FROM " + staging + " ORDER BY " + SORT_COLUMN + ", "
                    + SEQ_COLUMN);
            st.execute("DROP TABLE " + staging);
        }
        return n;
    }

    private static void appendValue(DuckDBAppender app, ColumnDef column, ColumnData data, int r) throws SQLException {
        if (data.isNull(r)) {
            app.appendNull();
            return;
        }
        switch (data) {
            case ColumnData.Longs l -> {
                long v = l.values()[r];
                switch (column.type()) {
                    case BOOLEAN -> app.append(v != 0);
                    case TINYINT -> app.append((byte) v);
                    case SMALLINT -> app.append((short) v);
                    case INTEGER -> app.append((int) v);
                    case DATE -> app.appendEpochDays((int) v);
                    case TIME -> app.appendDayMicros(v);
                    case TIMESTAMP -> app.appendEpochMicros(v);
                    default -> app.append(v);
                }
            }
            case ColumnData.Floats f -> app.append(f.values()[r]);
            case ColumnData.Doubles d -> app.append(d.values()[r]);
            case ColumnData.Strings s -> {
                if (column.type() == io.skyshard.common.catalog.ColumnType.DECIMAL) {
                    app.append(new BigDecimal(s.values()[r]));
                } else {
                    app.append(s.values()[r]);
                }
            }
            case ColumnData.Bytes b -> app.append(b.values()[r]);
        }
    }

    private static String columnsDdl(List<ColumnDef> columns, boolean constraints) {
        List<String> parts = new ArrayList<>();
        for (ColumnDef c : columns) {
            parts.add(quote(c.name()) + " " + c.duckDbType() + (constraints && !c.nullable() ? " NOT NULL" : ""));
        }
        return String.join(", ", parts);
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
