package io.skyshard.czar.query;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ColumnDef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Registry of the czar's queries: ids, states and progress (chunks done / total) of running queries,
 * and the finished asynchronous ({@code SUBMIT}) queries whose results are kept for retrieval.
 *
 * <p>Query ids and connection ids come from one counter ({@link #nextId()}), as a MySQL server's
 * thread ids do: {@code KILL n} can then mean the query n or the query running on connection n
 * without ever confusing the two.
 *
 * <p>Results of asynchronous queries are kept until deleted, for at most {@link Limits#resultTtl()}
 * after completion, and at most {@link Limits#maxResults()} of them (the oldest finished go first);
 * {@link #setResultDropper} is told which results to drop.
 */
public final class QueryManager {
    /**
     * How asynchronous queries are bounded.
     *
     * @param resultTtl  how long a finished query's result is kept
     * @param maxResults how many finished asynchronous queries are kept at most
     * @param maxRows    largest result an asynchronous query may store (larger ones fail)
     * @param threads    asynchronous queries running at the same time (others wait, QUEUED)
     */
    public record Limits(Duration resultTtl, int maxResults, long maxRows, int threads) {
        public static final Limits DEFAULT = new Limits(Duration.ofHours(24), 1000, 100_000_000L, 4);

        public Limits {
            requireNonNull(resultTtl, "resultTtl");
            if (resultTtl.isNegative() || maxResults < 1 || maxRows < 0 || threads < 1) {
                throw new IllegalArgumentException("invalid async query limits: " + resultTtl + ", " + maxResults + ", "
                        + maxRows + ", " + threads);
            }
        }
    }

    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, Running> queries = new ConcurrentHashMap<>();
    private final Limits limits;
    private final Clock clock;
    private volatile LongConsumer resultDropper = id -> { };

    public QueryManager() {
        this(Limits.DEFAULT, Clock.systemUTC());
    }

    public QueryManager(Limits limits, Clock clock) {
        this.limits = requireNonNull(limits, "limits");
        this.clock = requireNonNull(clock, "clock");
    }

    public Limits limits() {
        return limits;
    }

    /** A fresh id, shared by queries and client connections. */
    public long nextId() {
        return nextId.getAndIncrement();
    }

    /** Who is told to drop the stored result of an asynchronous query (the merge engine's table). */
    public void setResultDropper(LongConsumer dropper) {
        this.resultDropper = requireNonNull(dropper, "dropper");
    }

    /** One query; progress counters are updated by the dispatcher's callbacks. */
    public final class Running implements AutoCloseable {
        private final long id;
        private final Session session;
        private final String sql;
        private final boolean async;
        private final Instant started = clock.instant();
        private final AtomicInteger chunksDone = new AtomicInteger();
        private volatile int chunksTotal;
        private volatile QueryState state = QueryState.QUEUED;
        private volatile Instant updated = started;
        private volatile Instant completed;
        private volatile String error;
        private volatile long rows = -1;
        private volatile Runnable canceller = () -> { };
        private volatile List<String> columnNames = List.of();
        private volatile List<ColumnDef> declaredColumns = List.of();

        private Running(long id, Session session, String sql, boolean async) {
            this.id = id;
            this.session = session;
            this.sql = sql;
            this.async = async;
        }

        public long id() {
            return id;
        }

        public boolean async() {
            return async;
        }

        public Session session() {
            return session;
        }

        /** Dispatch begins; {@code cancel} stops it on every worker. */
        public synchronized void executing(int totalChunks, Runnable cancel) {
            chunksTotal = totalChunks;
            canceller = requireNonNull(cancel, "cancel");
            if (state == QueryState.QUEUED) {
                state = QueryState.EXECUTING;
            }
            updated = clock.instant();
            if (state == QueryState.CANCELLED) {
                cancel.run(); // cancelled while queued: stop what just started
            }
        }

        public void chunksDone(int n) {
            chunksDone.addAndGet(n);
            updated = clock.instant();
        }

        public QueryState state() {
            return state;
        }

        /** True once the query was cancelled (KILL, CANCEL, client gone). */
        public boolean cancelled() {
            return state == QueryState.CANCELLED;
        }

        /** An asynchronous query's result is stored: its columns and row count. */
        public synchronized void completed(long resultRows, List<String> names, List<ColumnDef> declared) {
            if (state == QueryState.CANCELLED) {
                return;
            }
            rows = resultRows;
            columnNames = List.copyOf(names);
            declaredColumns = java.util.Collections.unmodifiableList(new ArrayList<>(declared));
            finish(QueryState.COMPLETED, null);
        }

        public synchronized void failed(String message) {
            if (state == QueryState.CANCELLED) {
                return;
            }
            finish(QueryState.FAILED, message);
        }

        private void finish(QueryState end, String message) {
            state = end;
            error = message;
            completed = clock.instant();
            updated = completed;
        }

        public List<String> columnNames() {
            return columnNames;
        }

        public List<ColumnDef> declaredColumns() {
            return declaredColumns;
        }

        public QueryInfo info() {
            return new QueryInfo(id, session.user(), session.database(), sql, state, started, chunksDone.get(), chunksTotal,
                    updated, completed, error, async, rows, session.connectionId());
        }

        /** Stops the query on every worker; false when it had already finished. */
        public boolean cancel() {
            Runnable stop;
            synchronized (this) {
                if (state == QueryState.COMPLETED || state == QueryState.FAILED || state == QueryState.CANCELLED) {
                    return false;
                }
                finish(QueryState.CANCELLED, "Query " + id + " was cancelled");
                stop = canceller;
            }
            stop.run();
            return true;
        }

        /**
         * The client is done with a synchronous query (result read or abandoned): it leaves the
         * registry. Asynchronous queries stay until their result is deleted or expires.
         */
        @Override
        public void close() {
            if (!async) {
                queries.remove(id);
            } else if (state == QueryState.QUEUED || state == QueryState.EXECUTING) {
                failed("Query " + id + " ended without a result");
            }
        }
    }

    public Running register(Session session, String sql, boolean async) {
        purge();
        Running r = new Running(nextId(), requireNonNull(session, "session"), requireNonNull(sql, "sql"), async);
        queries.put(r.id, r);
        return r;
    }

    /** Every known query (running ones and kept asynchronous ones), by id. */
    public List<QueryInfo> list() {
        purge();
        return queries.values().stream().map(Running::info).sorted(Comparator.comparingLong(QueryInfo::id)).toList();
    }

    /** The queries still running, by id. */
    public List<QueryInfo> running() {
        return list().stream().filter(i -> i.state() == QueryState.QUEUED || i.state() == QueryState.EXECUTING).toList();
    }

    public Optional<Running> get(long id) {
        purge();
        return Optional.ofNullable(queries.get(id));
    }

    /** Cancels query {@code id}; false when no such query is running. */
    public boolean cancel(long id) {
        Running r = queries.get(id);
        return r != null && r.cancel();
    }

    /** Cancels the synchronous queries running for a client connection (KILL of a connection id, client gone). */
    public boolean cancelSession(Session session) {
        boolean any = false;
        for (Running r : queries.values()) {
            if (r.session == session && !r.async && r.cancel()) {
                any = true;
            }
        }
        return any;
    }

    /** Cancels what runs on connection {@code connectionId}; false when nothing runs there. */
    public boolean cancelConnection(long connectionId) {
        boolean any = false;
        for (Running r : queries.values()) {
            if (!r.async && r.session.connectionId() == connectionId && r.cancel()) {
                any = true;
            }
        }
        return any;
    }

    /** Forgets an asynchronous query and drops its result; false when unknown. */
    public boolean delete(long id) {
        Running r = queries.get(id);
        if (r == null || !r.async) {
            return false;
        }
        r.cancel();
        queries.remove(id);
        resultDropper.accept(id);
        return true;
    }

    /** Drops expired results, then the oldest finished ones beyond the count limit. */
    private void purge() {
        Instant now = clock.instant();
        List<Running> finished = new ArrayList<>();
        for (Running r : queries.values()) {
            if (r.async && r.completed != null) {
                if (Duration.between(r.completed, now).compareTo(limits.resultTtl()) > 0) {
                    drop(r);
                } else {
                    finished.add(r);
                }
            }
        }
        if (finished.size() > limits.maxResults()) {
            finished.sort(Comparator.comparing(r -> r.completed));
            for (Running r : finished.subList(0, finished.size() - limits.maxResults())) {
                drop(r);
            }
        }
    }

    private void drop(Running r) {
        if (queries.remove(r.id, r)) {
            resultDropper.accept(r.id);
        }
    }
}
