package io.skyshard.tap.execution;

import static java.util.Objects.requireNonNull;

import io.skyshard.czar.query.QueryResult;
import io.skyshard.tap.adql.TranslatedQuery;
import io.skyshard.tap.output.ResponseFormat;
import io.skyshard.tap.output.ResultTable;
import io.skyshard.tap.output.ResultWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A query that has run and whose rows are ready to stream. Closing it releases the result and
 * drops the upload tables it put on the workers.
 */
public final class Execution implements AutoCloseable {
    private final TranslatedQuery query;
    private final QueryResult result;
    private final Runnable cleanup;
    private boolean closed;

    Execution(TranslatedQuery query, QueryResult result, Runnable cleanup) {
        this.query = requireNonNull(query, "query");
        this.result = requireNonNull(result, "result");
        this.cleanup = requireNonNull(cleanup, "cleanup");
    }

    public TranslatedQuery query() {
        return query;
    }

    /** Writes at most MAXREC rows in the format; returns what was written. */
    public Outcome write(ResponseFormat format, OutputStream out) throws IOException {
        ResultTable table = new ResultTable(result, query.columns(), query.maxrec());
        Map<String, String> infos = new LinkedHashMap<>();
        infos.put("QUERY", query.adql());
        infos.put("SQL", query.sql());
        ResultWriter.write(table, format, infos, out);
        return new Outcome(table.rowsWritten(), table.overflowed());
    }

    /** Rows written and whether MAXREC cut the result. */
    public record Outcome(long rows, boolean overflowed) {
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            result.close();
        } finally {
            cleanup.run();
        }
    }
}
