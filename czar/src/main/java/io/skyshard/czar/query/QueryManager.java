package io.skyshard.czar.query;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Registry of running queries: ids, states and progress (chunks done / total). */
public final class QueryManager {
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, Running> running = new ConcurrentHashMap<>();

    /** A query being executed; its progress counters are updated by the dispatcher's callbacks. */
    public final class Running implements AutoCloseable {
        private final long id;
        private final String user;
        private final String database;
        private final String sql;
        private final Instant started = Instant.now();
        private final AtomicInteger chunksDone = new AtomicInteger();
        private volatile int chunksTotal;
        private volatile QueryState state = QueryState.QUEUED;
        private volatile Runnable canceller = () -> { };

        private Running(long id, String user, String database, String sql) {
            this.id = id;
            this.user = user;
            this.database = database;
            this.sql = sql;
        }

        public long id() {
            return id;
        }

        public synchronized void executing(int totalChunks, Runnable cancel) {
            chunksTotal = totalChunks;
            canceller = cancel;
            if (state == QueryState.CANCELLED) {
                // cancelled between registration and dispatch: stop what was just started
                cancel.run();
                return;
            }
            state = QueryState.EXECUTING;
        }

        public void chunksDone(int n) {
            chunksDone.addAndGet(n);
        }

        public QueryInfo info() {
            return new QueryInfo(id, user, database, sql, state, started, chunksDone.get(), chunksTotal);
        }

        public void cancel() {
            Runnable c;
            synchronized (this) {
                state = QueryState.CANCELLED;
                c = canceller;
            }
            c.run();
        }

        @Override
        public void close() {
            running.remove(id);
        }
    }

    public Running register(String user, String database, String sql) {
        Running r = new Running(nextId.getAndIncrement(), user, database, sql);
        running.put(r.id, r);
        return r;
    }

    public List<QueryInfo> running() {
        return running.values().stream().map(Running::info).sorted(Comparator.comparingLong(QueryInfo::id)).toList();
    }

    /** Cancels a running query; false when no such query is running. */
    public boolean cancel(long id) {
        Running r = running.get(id);
        if (r == null) {
            return false;
        }
        r.cancel();
        return true;
    }
}
