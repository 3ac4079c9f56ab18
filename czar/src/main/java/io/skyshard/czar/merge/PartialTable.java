package io.skyshard.czar.merge;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.CzarErrorCode;
import io.skyshard.czar.dispatch.PartialSink;
import io.skyshard.rpc.ColumnarBatch;
import io.skyshard.rpc.ResultSchema;
import io.skyshard.rpc.convert.BatchAppender;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.IntConsumer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The connection-local table {@code partials} of one query, filled from the workers' batches.
 * Worker streams call in concurrently; the DuckDB appender is not thread-safe, so appends are
 * serialised here (they are cheap next to the network).
 */
public final class PartialTable implements PartialSink {
    private final DuckDBAppender appender;
    private final int columnCount;
    private final IntConsumer progress;
    private final Object lock = new Object();
    private volatile BatchAppender converter;
    private boolean finished;

    private PartialTable(DuckDBAppender appender, int columnCount, IntConsumer progress) {
        this.appender = appender;
        this.columnCount = columnCount;
        this.progress = progress;
    }

    /**
     * Creates {@code partials} with the schema the chunk template yields on the prototype tables; a
     * template the binder rejects (unknown column, bad types) fails here, before any worker is asked.
     */
    public static PartialTable create(Connection c, String chunkTemplate, IntConsumer progress) {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE partials AS SELECT * FROM (" + chunkTemplate + ") AS chunk_result LIMIT 0");
            int columns;
            try (ResultSet rs = st.executeQuery("SELECT * FROM partials")) {
                columns = rs.getMetaData().getColumnCount();
            }
            DuckDBAppender app = c.unwrap(DuckDBConnection.class).createAppender("temp", "main", "partials");
            return new PartialTable(app, columns, progress);
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
        if (schema.getColumnsCount() != columnCount) {
            throw new SkyshardException(CzarErrorCode.MERGE_FAILED, "worker " + workerId + " returned "
                    + schema.getColumnsCount() + " columns where " + columnCount + " were expected");
        }
        synchronized (lock) {
            if (converter == null) {
                converter = new BatchAppender(schema.getColumnsList());
            }
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

    /** Flushes and closes the appender: after this the merge query sees every appended row. */
    public void finish() {
        synchronized (lock) {
            if (finished) {
                return;
            }
            finished = true;
            try {
                appender.close();
            } catch (SQLException e) {
                throw new SkyshardException(CzarErrorCode.MERGE_FAILED, "cannot flush partial results: " + e.getMessage(), e);
            }
        }
    }
}
