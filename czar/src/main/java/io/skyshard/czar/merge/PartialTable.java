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
    private final Connection connection;
    private final IntConsumer progress;
    private final Object lock = new Object();
    private List<ColumnSpec> columns;
    private DuckDBAppender appender;
    private BatchAppender converter;
    private boolean finished;

    private PartialTable(Connection connection, IntConsumer progress) {
        this.connection = connection;
        this.progress = progress;
    }

    /** A table to be created from the first worker schema. */
    public static PartialTable fromWorkers(Connection c, IntConsumer progress) {
        return new PartialTable(c, progress);
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
            try (Statement st = connection.createStatement()) {
                st.execute("CREATE TEMP TABLE partials (" + ColumnKinds.duckDbColumnList(columns) + ")");
                appender = connection.unwrap(DuckDBConnection.class).createAppender("temp", "main", "partials");
            } catch (SQLException e) {
                throw new SkyshardException(CzarErrorCode.MERGE_FAILED, "cannot create the partial result table: " + e.getMessage(), e);
            }
            converter = new BatchAppender(columns);
        }
    }

    @Override
    public void append(ColumnarBatch batch) {
        synchronized (lock) {
            if (finished) {
                return;
            }
            if (converter == null) {
                throw new SkyshardException(CzarErrorCode.MERGE_FAILED, "a worker sent rows before their schema");
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
            if (appender == null) {
                createEmpty(connection, chunkTemplate);
                return;
            }
            try {
                appender.close();
            } catch (SQLException e) {
                throw new SkyshardException(CzarErrorCode.MERGE_FAILED, "cannot flush partial results: " + e.getMessage(), e);
            }
        }
    }
}
