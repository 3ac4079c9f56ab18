package io.skyshard.czar.merge;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.CzarErrorCode;
import io.skyshard.czar.dispatch.PartialSink;
import io.skyshard.rpc.ColumnSpec;
import io.skyshard.rpc.ColumnarBatch;
import io.skyshard.rpc.ResultSchema;
import io.skyshard.rpc.convert.BatchAppender;
import io.skyshard.rpc.convert.ColumnKinds;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.IntConsumer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The connection-local table {@code partials} of one query, filled from the workers' batches.
 *
 * <p>When workers are asked, the table is created from the schema the first worker sends (its
 * exact DuckDB types), which costs one small DDL statement. When no worker needs to be asked (every
 * chunk pruned away), the schema comes from running the template against the empty prototype
 * tables instead (see {@link MergeEngine}).
 *
 * <p>Worker streams call in concurrently; the DuckDB appender is not thread-safe, so appends are
 * serialised here (they are cheap next to the network).
 */
public final class PartialTable implements PartialSink {
    /** The merge connection, opened when the table is first needed (a buffered result may never need it). */
    private final java.util.function.Supplier<Connection> connection;
    private final IntConsumer progress;
    private final Object lock = new Object();
    private List<ColumnSpec> columns;
    private DuckDBAppender appender;
    private BatchAppender converter;
    private boolean finished;
    /** Batches kept in memory instead of the table while {@code buffering} (see {@link #buffering}). */
    private final List<ColumnarBatch> buffered = new java.util.ArrayList<>();
    private final long bufferLimitBytes;
    private boolean buffering;
    private long bufferedBytes;

    private PartialTable(java.util.function.Supplier<Connection> connection, IntConsumer progress, long bufferLimitBytes) {
        this.connection = connection;
        this.progress = progress;
        this.bufferLimitBytes = bufferLimitBytes;
        this.buffering = bufferLimitBytes > 0;
    }

    /** A table to be created from the first worker schema. */
    public static PartialTable fromWorkers(Connection c, IntConsumer progress) {
        return new PartialTable(() -> c, progress, 0);
    }

    /**
     * Partial results kept in memory, up to {@code limitBytes}, without creating the table: a result
     * that stays that small may go to the client as it is ({@link #buffered()}); a larger one is moved
     * into the table when it passes the limit, and {@link #materialize()} moves a small one when the
     * merge query is needed after all.
     */
    public static PartialTable buffering(java.util.function.Supplier<Connection> c, IntConsumer progress, long limitBytes) {
        return new PartialTable(c, progress, Math.max(1, limitBytes));
    }

    /** An empty table with the schema the template yields on the prototype tables (no worker asked). */
    public static void createEmpty(Connection c, String chunkTemplate) {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE partials AS SELECT * FROM (" + chunkTemplate + ") AS chunk_result LIMIT 0");
        } catch (SQLException e) {
            throw new SkyshardException(CzarErrorCode.INVALID_QUERY, cleanBinderMessage(e.getMessage()), e);
        }
    }

    /** DuckDB prefixes messages with its error class and mentions our internal table names; keep the useful part. */
    static String cleanBinderMessage(String m) {
        if (m == null) {
            return "query rejected";
        }
        return m.replace("_%CHUNK%", "").replaceFirst("^[A-Za-z ]*Error: ", "").trim();
    }

    @Override
    public void schema(String workerId, ResultSchema schema) {
        synchronized (lock) {
            if (columns != null) {
                if (!columns.equals(schema.getColumnsList())) {
                    throw new SkyshardException(CzarErrorCode.MERGE_FAILED, "worker " + workerId
                            + " returned a different partial schema: " + schema.getColumnsList() + " vs " + columns);
                }
                return;
            }
            columns = List.copyOf(schema.getColumnsList());
            if (buffering) {
                return;
            }
            createTable();
        }
    }

    /** Creates the table of {@code columns} and its appender. */
    private void createTable() {
        Connection c = connection.get();
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE partials (" + ColumnKinds.duckDbColumnList(columns) + ")");
            appender = c.unwrap(DuckDBConnection.class).createAppender("temp", "main", "partials");
        } catch (SQLException e) {
            throw new SkyshardException(CzarErrorCode.MERGE_FAILED, "cannot create the partial result table: " + e.getMessage(), e);
        }
        converter = new BatchAppender(columns);
    }

    @Override
    public void append(ColumnarBatch batch) {
        synchronized (lock) {
            if (finished) {
                return;
            }
            if (columns == null) {
                throw new SkyshardException(CzarErrorCode.MERGE_FAILED, "a worker sent rows before their schema");
            }
            if (buffering) {
                buffered.add(batch);
                bufferedBytes += batch.getSerializedSize();
                if (bufferedBytes > bufferLimitBytes) {
                    moveBufferToTable();
                }
                return;
            }
            converter.append(appender, batch);
        }
    }

    @Override
    public void chunksDone(int count, long rows) {
        progress.accept(count);
    }

    /**
     * Flushes and closes the appender: after this the merge query sees every appended row. When no
     * worker sent a schema, the table is created from the prototypes so the merge query still runs.
     */
    public void finish(String chunkTemplate) {
        synchronized (lock) {
            if (finished) {
                return;
            }
            finished = true;
            if (columns == null) {
                buffering = false;
                createEmpty(connection.get(), chunkTemplate);
                return;
            }
            if (buffering) {
                return; // kept in memory: see buffered() and materialize()
            }
            closeAppender();
        }
    }

    /** After {@link #finish}: the partial rows when they are still in memory (the table was not created). */
    public java.util.Optional<Rows> buffered() {
        synchronized (lock) {
            return finished && buffering ? java.util.Optional.of(new Rows(columns, List.copyOf(buffered))) : java.util.Optional.empty();
        }
    }

    /** Partial rows kept in memory: their schema and batches. */
    public record Rows(List<ColumnSpec> columns, List<ColumnarBatch> batches) {
    }

    /** After {@link #finish}: makes sure the table holds every partial row, for the merge query. */
    public void materialize() {
        synchronized (lock) {
            if (finished && buffering) {
                moveBufferToTable();
                closeAppender();
            }
        }
    }

    private void moveBufferToTable() {
        buffering = false;
        createTable();
        for (ColumnarBatch b : buffered) {
            converter.append(appender, b);
        }
        buffered.clear();
        bufferedBytes = 0;
    }

    private void closeAppender() {
        try {
            appender.close();
        } catch (SQLException e) {
            throw new SkyshardException(CzarErrorCode.MERGE_FAILED, "cannot flush partial results: " + e.getMessage(), e);
        }
    }
}
