package io.skyshard.worker.service;

import io.skyshard.rpc.ChunksDone;
import io.skyshard.rpc.ColumnarBatch;
import io.skyshard.rpc.WorkerError;
import io.skyshard.rpc.convert.ResultSetEncoder;
import io.skyshard.worker.WorkerErrorCode;
import io.skyshard.worker.storage.StorageBackend;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import static java.util.Objects.requireNonNull;

/**
 * One Execute call: runs its chunk statements on a lane with bounded parallelism and streams the
 * results. Stopping (Cancel, client gone, deadline, first error) cancels the running statements
 * and drops the queued ones, so no work outlives the call.
 */
final class QueryExecution {
    private static final Logger LOG = Logger.getLogger(QueryExecution.class.getName());
    private static final long PROGRESS_INTERVAL_NANOS = 250_000_000L;
    /** Re-plans of one statement after loads committed under it, before giving up. */
    private static final int MAX_REPLANS = 20;
    private static final long CANCEL_RETRY_MILLIS = 50;
    private static final long CANCEL_RETRY_NANOS = 60_000_000_000L;

    private final String queryId;
    private final StorageBackend backend;
    private final Executor executor;
    private final int parallelism;
    private final ResponseSender sender;
    private final int batchRows;
    private final Supplier<Optional<String>> schemaProbe;
    private final Runnable onFinish;

    private final Deque<ChunkPlanner.ChunkTask> pending;
    private final ChunkPlanner.Plan plan;
    private final Set<Statement> running = ConcurrentHashMap.newKeySet();
    private final List<Integer> doneChunks = new ArrayList<>();
    private long doneRows;
    private long lastProgressNanos = System.nanoTime();
    private int active;
    private boolean finished;
    private volatile boolean stopped;

    QueryExecution(String queryId, StorageBackend backend, Executor executor, int parallelism, ResponseSender sender,
                   ChunkPlanner.Plan plan, int batchRows, Supplier<Optional<String>> schemaProbe, Runnable onFinish) {
        this.queryId = requireNonNull(queryId, "queryId");
        this.backend = requireNonNull(backend, "backend");
        this.executor = requireNonNull(executor, "executor");
        this.parallelism = Math.max(1, parallelism);
        this.sender = requireNonNull(sender, "sender");
        this.batchRows = batchRows;
        this.schemaProbe = requireNonNull(schemaProbe, "schemaProbe");
        this.onFinish = requireNonNull(onFinish, "onFinish");
        this.pending = new ArrayDeque<>(plan.tasks());
        this.plan = plan;
        this.doneChunks.addAll(plan.skippedChunks());
    }

    /** When the execution was created (the request planned), for the FINE diagnostics. */
    private final long createdNanos = System.nanoTime();

    String queryId() {
        return queryId;
    }

    synchronized int queuedTasks() {
        return pending.size();
    }

    void start() {
        synchronized (this) {
            for (int i = 0; i < parallelism && !pending.isEmpty(); i++) {
                submitNextLocked();
            }
            if (active > 0) {
                return;
            }
        }
        // Nothing to run: answer with the schema probe, on a query thread (the caller may be the
        // server's network thread, which must not wait for DuckDB).
        try {
            executor.execute(() -> executeSafely(this::finishSuccessfully));
        } catch (RejectedExecutionException e) {
            stop(WorkerErrorCode.INTERNAL, "worker is shutting down", -1);
        }
    }

    private void submitNextLocked() {
        ChunkPlanner.ChunkTask task = pending.poll();
        if (task == null) {
            return;
        }
        active++;
        try {
            executor.execute(() -> runTask(task));
        } catch (RejectedExecutionException e) {
            active--;
            stop(WorkerErrorCode.INTERNAL, "worker is shutting down", task.reportedChunk());
        }
    }

    private void runTask(ChunkPlanner.ChunkTask task) {
        boolean last;
        try {
            if (!stopped) {
                long rows = execute(task);
                if (!stopped) {
                    chunkDone(task.chunkIds(), rows);
                }
            }
        } catch (SQLException e) {
            stop(stopped ? WorkerErrorCode.CANCELLED : WorkerErrorCode.SQL_ERROR, e.getMessage(), task.reportedChunk());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "chunk statement of query " + queryId + " failed", e);
            stop(WorkerErrorCode.INTERNAL, String.valueOf(e.getMessage()), task.reportedChunk());
        } finally {
            synchronized (this) {
                active--;
                if (!stopped) {
                    submitNextLocked();
                }
                last = active == 0 && (pending.isEmpty() || stopped);
            }
        }
        if (last) {
            executeSafely(this::finishSuccessfully);
        }
    }

    private long execute(ChunkPlanner.ChunkTask planned) throws SQLException {
        Connection conn = backend.borrowQueryConnection();
        boolean reusable = false;
        try (Statement st = conn.createStatement()) {
            running.add(st);
            try {
                ChunkPlanner.ChunkTask task = planned;
                for (int attempt = 1; ; attempt++) {
                    if (stopped) {
                        return 0;
                    }
                    long prepared = System.nanoTime();
                    String sql = statementFor(conn, st, task);
                    long started = System.nanoTime();
                    ResultSet rs = st.executeQuery(sql);
                    if (LOG.isLoggable(Level.FINE)) {
                        // Diagnostics: which statement answered which chunks, how long it waited since the
                        // request was planned, its preparation (snapshot, inventory) and DuckDB's time to first result.
                        LOG.fine(String.format("query %s chunks %s: waited %.2f ms, prepared %.2f ms, %.2f ms to first result: %s",
                                queryId, task.chunkIds().size() > 8 ? task.chunkIds().size() + " chunks" : task.chunkIds(),
                                (prepared - createdNanos) / 1e6, (started - prepared) / 1e6, (System.nanoTime() - started) / 1e6, sql));
                    }
                    // A load committed between planning and the statement's start: its rows may be in
                    // the statement's view without the filter they need. Nothing was sent yet: plan again.
                    if (task.ledgerEpoch() < 0 || backend.ledger().epoch() == task.ledgerEpoch()) {
                        long rows = stream(rs);
                        reusable = !stopped;
                        return rows;
                    }
                    rs.close();
                    if (!conn.getAutoCommit()) {
                        // statementFor pinned a snapshot: the next attempt takes a fresh one
                        conn.rollback();
                        conn.setAutoCommit(true);
                    }
                    if (attempt == MAX_REPLANS) {
                        throw new SQLException("chunk tables kept changing under the query (" + attempt + " attempts); retry it");
                    }
                    java.util.Optional<ChunkPlanner.ChunkTask> again = plan.replan(task);
                    if (again.isEmpty()) {
                        return 0;
                    }
                    task = again.get();
                }
            } finally {
                running.remove(st);
            }
        } finally {
            // Reused only after a normal end; a failed or cancelled statement's connection is closed.
            backend.releaseQueryConnection(conn, reusable);
        }
    }

    private long stream(ResultSet result) throws SQLException {
        try (ResultSet rs = result) {
            ResultSetEncoder encoder = new ResultSetEncoder(rs, batchRows, ResultSetEncoder.DEFAULT_BATCH_BYTES);
            if (!sender.schema(encoder.schema())) {
                return 0;
            }
            for (ColumnarBatch b = encoder.next(); b != null && !stopped; b = encoder.next()) {
                if (!sender.batch(b, () -> stopped)) {
                    break;
                }
            }
            return encoder.rowsRead();
        }
    }

    /**
     * The task's SQL, or its unfiltered form when the worker holds no other chunk of the store. The
     * inventory is read again after the statement's transaction took its snapshot, so a chunk
     * committed meanwhile (a replica arriving) is either listed, and the filter kept, or invisible.
     */
    private String statementFor(Connection conn, Statement st, ChunkPlanner.ChunkTask task) throws SQLException {
        ChunkPlanner.Coverage c = task.coverage();
        if (c == null || !backend.holdsOnly(c.database(), c.store(), c.chunks())) {
            return task.sql();
        }
        conn.setAutoCommit(false);
        st.execute("SELECT 1");
        return backend.holdsOnly(c.database(), c.store(), c.chunks()) ? c.unfilteredSql() : task.sql();
    }

    private void chunkDone(List<Integer> chunks, long rows) {
        ChunksDone progress = null;
        synchronized (this) {
            doneChunks.addAll(chunks);
            doneRows += rows;
            long now = System.nanoTime();
            if (now - lastProgressNanos >= PROGRESS_INTERVAL_NANOS) {
                progress = drainProgressLocked();
                lastProgressNanos = now;
            }
        }
        if (progress != null) {
            sender.progress(progress);
        }
    }

    private ChunksDone drainProgressLocked() {
        ChunksDone d = ChunksDone.newBuilder().addAllChunkIds(doneChunks).setRows(doneRows).build();
        doneChunks.clear();
        doneRows = 0;
        return d;
    }

    private void finishSuccessfully() {
        ChunksDone progress;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            if (stopped) {
                onFinish.run();
                return;
            }
            progress = doneChunks.isEmpty() ? null : drainProgressLocked();
        }
        try {
            if (!sender.schemaSent() && !sendProbedSchema()) {
                return;
            }
            if (progress != null) {
                sender.progress(progress);
            }
            sender.complete();
            if (LOG.isLoggable(Level.FINE)) {
                LOG.fine(String.format("query %s completed %.2f ms after it was planned", queryId, (System.nanoTime() - createdNanos) / 1e6));
            }
        } finally {
            onFinish.run();
        }
    }

    private boolean sendProbedSchema() {
        Optional<String> probe = schemaProbe.get();
        if (probe.isEmpty()) {
            sender.fail(error(WorkerErrorCode.NO_SCHEMA, "no chunk table of the query exists on this worker", -1));
            return false;
        }
        try (Connection conn = backend.openConnection(); Statement st = conn.createStatement()) {
            running.add(st);
            try (ResultSet rs = st.executeQuery(probe.get())) {
                return sender.schema(new ResultSetEncoder(rs).schema());
            } finally {
                running.remove(st);
            }
        } catch (SQLException e) {
            sender.fail(error(WorkerErrorCode.SQL_ERROR, e.getMessage(), -1));
            return false;
        }
    }

    /** Stops the execution with an error sent to the czar (if still listening). */
    void stop(WorkerErrorCode code, String message, int chunkId) {
        boolean first;
        synchronized (this) {
            first = !stopped;
            stopped = true;
            pending.clear();
        }
        if (first) {
            sender.fail(error(code, message, chunkId));
            cancelRunning();
        }
        finishIfIdle();
    }

    /** The czar went away: stop without trying to answer. */
    void abandon() {
        synchronized (this) {
            stopped = true;
            pending.clear();
        }
        sender.abandon();
        cancelRunning();
        finishIfIdle();
    }

    private void finishIfIdle() {
        boolean idle;
        synchronized (this) {
            idle = active == 0;
        }
        if (idle) {
            finishSuccessfully();
        }
    }

    /**
     * Cancels the running statements, and keeps doing so until none is left. Once is not enough:
     * DuckDB forgets an interrupt when a statement starts, so a cancel landing between a task's
     * last look at {@code stopped} and its statement's start would be lost and leave the statement
     * running to its end.
     */
    private void cancelRunning() {
        if (!cancelAllOnce()) {
            return;
        }
        Thread.ofVirtual().name("cancel-" + queryId).start(() -> {
            long end = System.nanoTime() + CANCEL_RETRY_NANOS;
            try {
                while (System.nanoTime() < end) {
                    Thread.sleep(CANCEL_RETRY_MILLIS);
                    if (!cancelAllOnce()) {
                        return;
                    }
                }
                LOG.warning("statements of query " + queryId + " still run " + CANCEL_RETRY_NANOS / 1_000_000_000 + " s after their cancel");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Cancels every running statement; false when there was none. */
    private boolean cancelAllOnce() {
        boolean any = false;
        for (Statement st : running) {
            any = true;
            try {
                st.cancel();
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.FINE, "cancel of a statement of query " + queryId + " failed", e);
            }
        }
        return any;
    }

    private void executeSafely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "query " + queryId + " failed while finishing", e);
            sender.fail(error(WorkerErrorCode.INTERNAL, String.valueOf(e.getMessage()), -1));
            onFinish.run();
        }
    }

    private static WorkerError error(WorkerErrorCode code, String message, int chunkId) {
        return WorkerError.newBuilder().setCode(code.name()).setMessage(message == null ? code.name() : message)
                .setChunkId(chunkId).build();
    }
}
