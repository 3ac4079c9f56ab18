package io.skyshard.ingest.service;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.Partitioning;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.ViewDef;
import io.skyshard.common.catalog.WorkerInfo;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import io.skyshard.ingest.load.LoadJob;
import io.skyshard.ingest.load.LoadMemory;
import io.skyshard.ingest.load.LoadOptions;
import io.skyshard.ingest.load.ProgressListener;
import io.skyshard.ingest.load.TableFeed;
import io.skyshard.ingest.load.WorkerConnections;
import io.skyshard.ingest.partition.ChunkingFunction;
import io.skyshard.ingest.partition.UnknownKeyPolicy;
import io.skyshard.replication.registry.MetadataStore;
import io.skyshard.replication.transaction.ContributionRecord;
import io.skyshard.replication.transaction.ContributionState;
import io.skyshard.replication.transaction.ContributionStats;
import io.skyshard.replication.transaction.TransactionRecord;
import io.skyshard.rpc.ChunkLoadServiceGrpc;
import io.skyshard.rpc.DropDatabaseRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The ingest system as it runs inside the controller: catalog definitions, transactions and
 * contributions on top of the controller's {@link MetadataStore}, with the loads themselves done by
 * {@link LoadJob}s writing to the workers. The REST API and the in-process loaders (demo, benchmark,
 * tests) both drive it; there is one load path.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>A contribution is recorded (IN_PROGRESS) before any of its rows reaches a worker, and its rows
 *       carry its id; it ends LOADED only when every worker of every chunk it touched committed.</li>
 *   <li>Any failure (bad row, unreachable worker, a worker killed mid-stream, the client going away)
 *       marks it FAILED after everything in flight stopped; its rows are never visible and are purged.</li>
 *   <li>Queries see a transaction's rows only once it is committed, and only queries that started
 *       after the commit (see {@link MetadataStore}).</li>
 * </ul>
 */
public final class IngestService implements AutoCloseable {
    private final MetadataStore store;
    private final WorkerConnections connections;
    private final LoadOptions options;
    private final Function<Partitioning, ChunkingFunction> chunking;
    private final ExecutorService partitionPool;
    private final ExecutorService writers;
    private final Purger purger;
    /** Contributions loading now, for live status. */
    private final Map<Long, LoadJob> running = new ConcurrentHashMap<>();
    /** Shared by every contribution's load job: bounds the rows buffered at once, whatever the number of contributions. */
    private final LoadMemory memory;

    public IngestService(MetadataStore store, WorkerConnections connections, LoadOptions options) {
        this(store, connections, options, ChunkingFunction::healpix, 3_000);
    }

    public IngestService(MetadataStore store, WorkerConnections connections, LoadOptions options,
            Function<Partitioning, ChunkingFunction> chunking, long purgeIntervalMillis) {
        this(store, connections, options, LoadMemory.forHeap(options.flushBytes()), chunking, purgeIntervalMillis);
    }

    public IngestService(MetadataStore store, WorkerConnections connections, LoadOptions options, LoadMemory memory,
            Function<Partitioning, ChunkingFunction> chunking, long purgeIntervalMillis) {
        this.store = requireNonNull(store, "store");
        this.connections = requireNonNull(connections, "connections");
        this.options = requireNonNull(options, "options");
        this.memory = requireNonNull(memory, "memory");
        this.chunking = requireNonNull(chunking, "chunking");
        this.partitionPool = Executors.newFixedThreadPool(options.partitionThreads(), daemon("ingest-partition"));
        this.writers = Executors.newFixedThreadPool(options.parallelChunks(), daemon("ingest-writer"));
        this.purger = new Purger(store, connections, purgeIntervalMillis).start();
        purger.trigger();
    }

    public MetadataStore store() {
        return store;
    }

    public LoadOptions options() {
        return options;
    }

    public Purger purger() {
        return purger;
    }

    // ------------------------------------------------------------------ catalog

    /** Creates a database for ingest: unpublished (invisible to queries) until {@link #publish}. */
    public DatabaseDef createDatabase(DatabaseDef database) {
        store.createDatabase(database, false);
        return database;
    }

    /**
     * Registers a table and creates it, empty, on every worker: a query of it must find it on
     * every worker it is sent to, even one that no contribution ever gives a row of it (a chunk
     * query reads the table's store, and a worker lacking it has no columns to answer with).
     */
    /** Adds a view over one of the database's tables (nothing is stored on workers: queries read the table). */
    public void createView(String database, ViewDef view) {
        store.createView(database, view);
    }

    public void createTable(TableDef table) {
        store.createTable(table);
        for (WorkerInfo w : store.catalog().workers()) {
            try {
                io.skyshard.ingest.load.LoadJob.createEmpty(connections, w, table);
            } catch (RuntimeException e) {
                // A worker down now gets the table with the first contribution it receives.
                java.util.logging.Logger.getLogger(IngestService.class.getName()).fine("worker " + w.id()
                        + ": empty table " + table.name() + " not created yet: " + e.getMessage());
            }
        }
    }

    public void publish(String database) {
        store.publishDatabase(database);
    }

    /** Drops a database from the registry, then from every worker (best effort there: a worker down keeps its copy). */
    public List<String> dropDatabase(String database) {
        store.dropDatabase(database);
        List<String> failed = new ArrayList<>();
        for (WorkerInfo w : store.catalog().workers()) {
            try {
                ChunkLoadServiceGrpc.newBlockingStub(connections.channel(w)).withDeadlineAfter(60, TimeUnit.SECONDS)
                        .dropDatabase(DropDatabaseRequest.newBuilder().setDatabase(database).build());
            } catch (RuntimeException e) {
                failed.add(w.id());
            }
        }
        return failed;
    }

    // ------------------------------------------------------------------ transactions

    public TransactionRecord begin(String database, String note) {
        return store.beginTransaction(database, note);
    }

    public TransactionRecord commit(long transactionId) {
        return store.commitTransaction(transactionId);
    }

    public TransactionRecord abort(long transactionId, String reason) {
        TransactionRecord t = store.abortTransaction(transactionId, reason);
        purger.trigger();
        return t;
    }

    // ------------------------------------------------------------------ contributions

    /**
     * Loads one contribution synchronously: records it, opens its rows with {@code open} (a failure to
     * open fails the contribution too), loads them and records the outcome. A request whose key names
     * a contribution already LOADED returns that one without loading anything.
     *
     * @throws ContributionFailedException when it failed, with its record and the reason
     */
    public ContributionRecord contribute(long transactionId, ContributionRequest request, Function<TableDef, TableFeed> open,
            ProgressListener progress) {
        ContributionRecord c = store.beginContribution(transactionId, request.table(), request.key(), request.source());
        if (c.state() == ContributionState.LOADED) {
            return c;
        }
        TableDef table = store.catalog().table(c.database(), c.table()).orElseThrow();
        LoadJob job = new LoadJob(store, connections, options, memory, partitionPool, writers, transactionId,
                List.of(new LoadJob.Target(table, c.id())), request.policy(), request.prepartitioned(), chunking);
        running.put(c.id(), job);
        TableFeed feed = null;
        try {
            feed = open.apply(table);
            LoadJob.Result r = job.run(feed, progress).getFirst();
            return store.finishContribution(c.id(), r.stats(), r.chunks(), r.directorEntries());
        } catch (RuntimeException e) {
            throw fail(c, e, job, feed);
        } finally {
            running.remove(c.id());
            if (feed != null) {
                feed.close();
            }
        }
    }

    /**
     * Loads several tables from one feed in one pass (the sample catalog's Object and Source rows come
     * from one generator), each table as its own contribution of the transaction. All of them fail
     * together.
     */
    public List<ContributionRecord> contributeTables(long transactionId, List<String> tables, String source, TableFeed feed,
            UnknownKeyPolicy policy, ProgressListener progress) {
        List<ContributionRecord> records = new ArrayList<>();
        List<LoadJob.Target> targets = new ArrayList<>();
        try {
            for (String name : tables) {
                ContributionRecord c = store.beginContribution(transactionId, name, null, source);
                records.add(c);
                targets.add(new LoadJob.Target(store.catalog().table(c.database(), c.table()).orElseThrow(), c.id()));
            }
        } catch (RuntimeException e) {
            for (ContributionRecord c : records) {
                store.failContribution(c.id(), "not started: " + e.getMessage(), ContributionStats.NONE);
            }
            throw e;
        }
        LoadJob job = new LoadJob(store, connections, options, memory, partitionPool, writers, transactionId, targets, policy, null, chunking);
        records.forEach(c -> running.put(c.id(), job));
        try {
            List<LoadJob.Result> results = job.run(feed, progress);
            List<ContributionRecord> out = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                LoadJob.Result r = results.get(i);
                out.add(store.finishContribution(records.get(i).id(), r.stats(), r.chunks(), r.directorEntries()));
            }
            return out;
        } catch (RuntimeException e) {
            SkyshardException failure = SkyshardException.wrap(e);
            for (ContributionRecord c : records) {
                failQuietly(c, failure.getMessage(), job);
            }
            purger.trigger();
            throw failure;
        } finally {
            records.forEach(c -> running.remove(c.id()));
            feed.close();
        }
    }

    private ContributionFailedException fail(ContributionRecord c, RuntimeException e, LoadJob job, TableFeed feed) {
        SkyshardException cause = SkyshardException.wrap(e);
        if (cause instanceof ContributionFailedException already) {
            return already;
        }
        long bytes = 0;
        try {
            bytes = feed == null ? 0 : feed.bytesRead();
        } catch (RuntimeException ignored) {
            // the feed is broken already
        }
        ContributionRecord failed = failQuietly(c, cause.getMessage(), job, bytes);
        purger.trigger();
        return new ContributionFailedException(cause, failed);
    }

    private ContributionRecord failQuietly(ContributionRecord c, String error, LoadJob job) {
        return failQuietly(c, error, job, 0);
    }

    private ContributionRecord failQuietly(ContributionRecord c, String error, LoadJob job, long bytes) {
        try {
            return store.failContribution(c.id(), error, new ContributionStats(job.rowsRead(), 0, 0, bytes, 0));
        } catch (RuntimeException e) {
            // e.g. already failed by an abort of its transaction: report what the store has
            return store.contribution(c.id()).orElse(c);
        }
    }

    /** The contribution with live counters while it loads. */
    public Optional<ContributionRecord> contribution(long id) {
        return store.contribution(id).map(this::live);
    }

    public List<ContributionRecord> contributions(long transactionId) {
        return store.contributions(transactionId).stream().map(this::live).toList();
    }

    private ContributionRecord live(ContributionRecord c) {
        LoadJob job = running.get(c.id());
        if (job == null || c.state() != ContributionState.IN_PROGRESS) {
            return c;
        }
        ContributionStats s = new ContributionStats(job.rowsRead(), 0, 0, 0, 0);
        return new ContributionRecord(c.id(), c.transactionId(), c.database(), c.table(), c.key(), c.source(), c.state(), s,
                c.error(), c.createdMillis(), c.endedMillis(), c.retryOf(), c.chunks(), c.purged());
    }

    @Override
    public void close() {
        purger.close();
        partitionPool.shutdownNow();
        writers.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A short error for an input that could not be opened. */
    public static SkyshardException unreadable(String source, Exception e) {
        return new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, source + ": " + e.getMessage(), e);
    }
}
