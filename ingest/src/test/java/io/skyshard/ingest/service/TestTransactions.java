package io.skyshard.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.stub.StreamObserver;
import io.skyshard.common.catalog.ClusterSnapshot;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.Partitioning;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.WorkerInfo;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.CzarConfig;
import io.skyshard.czar.CzarServer;
import io.skyshard.czar.query.QueryResult;
import io.skyshard.czar.query.Session;
import io.skyshard.ingest.data.ColumnData;
import io.skyshard.ingest.data.TableBlock;
import io.skyshard.ingest.load.LoadMemory;
import io.skyshard.ingest.load.LoadOptions;
import io.skyshard.ingest.load.ProgressListener;
import io.skyshard.ingest.load.TableFeed;
import io.skyshard.ingest.load.WorkerConnections;
import io.skyshard.ingest.partition.RowLocator;
import io.skyshard.ingest.partition.UnknownKeyPolicy;
import io.skyshard.ingest.sample.SampleBlock;
import io.skyshard.ingest.sample.SampleCatalog;
import io.skyshard.replication.ReplicationErrorCode;
import io.skyshard.replication.registry.MetadataStore;
import io.skyshard.replication.transaction.ContributionRecord;
import io.skyshard.replication.transaction.ContributionState;
import io.skyshard.replication.transaction.TransactionRecord;
import io.skyshard.replication.transaction.TransactionState;
import io.skyshard.rpc.ChunkLoadServiceGrpc;
import io.skyshard.rpc.ChunkQueryServiceGrpc;
import io.skyshard.rpc.ListContributionsRequest;
import io.skyshard.rpc.QueryRequest;
import io.skyshard.rpc.QueryResponse;
import io.skyshard.worker.WorkerConfig;
import io.skyshard.worker.WorkerServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions against real workers (DuckDB behind gRPC), a real metadata store on disk and a real
 * czar: what queries see before and after commit and abort, while loads run, after a contribution
 * failed half-way (some of its rows already on a worker), with two transactions on one table, with
 * a retried contribution, and across a controller restart. Queries run concurrently with the loads
 * and must always see one of the states a commit separates, never a mix.
 */
class TestTransactions {
    private static final Partitioning PARTITIONING = new Partitioning(2, 6, 1.0 / 60);
    /** Small flushes: a contribution writes to the workers several times before it ends. */
    private static final LoadOptions OPTIONS = new LoadOptions(1, 4, 2_000, 2).withFlushBytes(1 << 20);

    @TempDir
    Path dir;
    private MetadataStore store;
    private WorkerServer w1;
    private WorkerServer w2;
    private WorkerConnections connections;
    private IngestService ingest;
    private CzarServer czar;
    private final SampleCatalog catalog = new SampleCatalog(11, 6_000, 2_000);

    @BeforeEach
    void start() throws Exception {
        w1 = new WorkerServer(new WorkerConfig("w1", "127.0.0.1", 0, dir.resolve("w1"), 1, 0)).start();
        w2 = new WorkerServer(new WorkerConfig("w2", "127.0.0.1", 0, dir.resolve("w2"), 1, 0)).start();
        openController();
        store.registerWorker(new WorkerInfo("w1", "127.0.0.1", w1.port()));
        store.registerWorker(new WorkerInfo("w2", "127.0.0.1", w2.port()));
        ingest.createDatabase(new DatabaseDef("demo", PARTITIONING));
        for (TableDef t : catalog.tables()) {
            ingest.createTable(t);
        }
    }

    private void openController() {
        openController(LoadMemory.forHeap(OPTIONS.flushBytes()));
    }

    private void openController(LoadMemory memory) {
        store = MetadataStore.open(dir.resolve("controller"));
        connections = new WorkerConnections();
        ingest = new IngestService(store, connections, OPTIONS, memory, io.skyshard.ingest.partition.ChunkingFunction::healpix, 200);
        czar = new CzarServer(new CzarConfig("127.0.0.1", 0, 0, dir.resolve("czar"), Map.of("qsmaster", "")), store).start();
    }

    private void closeController() {
        czar.close();
        ingest.close();
        connections.close();
        store.close();
    }

    @AfterEach
    void stop() {
        closeController();
        w1.close();
        w2.close();
    }

    /** Runs the loads on threads of their own, all at once, and returns what they threw (within 5 minutes). */
    private static List<Throwable> inParallel(List<Runnable> loads) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(loads.size());
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (Runnable load : loads) {
            Thread.ofPlatform().start(() -> {
                try {
                    load.run();
                } catch (Throwable e) {
                    errors.add(e);
                } finally {
                    done.countDown();
                }
            });
        }
        assertThat(done.await(5, TimeUnit.MINUTES)).as("loads finished").isTrue();
        return errors;
    }

    /** Objects of sample blocks with ids shifted by {@code offset}, so several loads never share a key. */
    private static TableBlock shift(TableBlock block, String idColumn, long offset) {
        List<ColumnData> data = new ArrayList<>();
        for (int c = 0; c < block.columns().size(); c++) {
            ColumnData d = block.data(c);
            String name = block.columns().get(c).name();
            if (name.equals(idColumn) || name.equals("objectId") || name.equals("sourceId")) {
                long[] v = ((ColumnData.Longs) d).values().clone();
                for (int i = 0; i < v.length; i++) {
                    v[i] += offset;
                }
                data.add(new ColumnData.Longs(v, null));
            } else {
                data.add(d);
            }
        }
        return new TableBlock(block.columns(), data, block.rowCount());
    }

    private TableFeed objects(long offset, int fromBlock, int toBlock) {
        return feed(catalog.objectTable(), offset, fromBlock, toBlock, false);
    }

    private TableFeed sources(long offset, int fromBlock, int toBlock) {
        return feed(catalog.sourceTable(), offset, fromBlock, toBlock, true);
    }

    private TableFeed feed(TableDef table, long offset, int fromBlock, int toBlock, boolean sources) {
        Iterator<Integer> blocks = java.util.stream.IntStream.range(fromBlock, toBlock).boxed().iterator();
        return new TableFeed() {
            @Override
            public Map<String, Batch> next() {
                if (!blocks.hasNext()) {
                    return null;
                }
                SampleBlock b = catalog.block(blocks.next());
                TableBlock rows = shift(sources ? b.sources() : b.objects(), "objectId", offset);
                return Map.of(table.name(), new Batch(rows, RowLocator.rows(table.name() + "@" + offset, 1)));
            }
        };
    }

    private ContributionRecord contribute(long txn, String table, String key, TableFeed feed) {
        return ingest.contribute(txn, new ContributionRequest(table, key, "test " + table, UnknownKeyPolicy.REJECT, null),
                t -> feed, ProgressListener.NONE);
    }

    private long count(String sql) {
        try (QueryResult r = czar.queryService().execute(sql, new Session("qsmaster", "demo"))) {
            assertThat(r.next()).isTrue();
            return ((Number) r.value(0)).longValue();
        } catch (Exception e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    private long objectsCount() {
        return count("SELECT COUNT(*) FROM Object");
    }

    private long sourcesCount() {
        return count("SELECT COUNT(*) FROM Source");
    }

    private long rows(int fromBlock, int toBlock, boolean sources) {
        long n = 0;
        for (int b = fromBlock; b < toBlock; b++) {
            n += sources ? catalog.block(b).sources().rowCount() : catalog.block(b).objects().rowCount();
        }
        return n;
    }

    /** The committed base: blocks 0..1 of objects and sources, plus Filter; published. */
    private void loadBase() {
        TransactionRecord t = ingest.begin("demo", "base");
        contribute(t.id(), "Object", "objects", objects(0, 0, 2));
        contribute(t.id(), "Source", "sources", sources(0, 0, 2));
        ingest.contribute(t.id(), new ContributionRequest("Filter", null, "filter", null, null),
                def -> new TableFeed() {
                    boolean done;

                    @Override
                    public Map<String, Batch> next() {
                        if (done) {
                            return null;
                        }
                        done = true;
                        return Map.of("Filter", new Batch(catalog.filterRows(), RowLocator.rows("filter", 1)));
                    }
                }, ProgressListener.NONE);
        ingest.commit(t.id());
        ingest.publish("demo");
    }

    /** Runs COUNT queries in the background, remembering every distinct answer. */
    private final class Watcher implements AutoCloseable {
        final Set<List<Long>> seen = ConcurrentHashMap.newKeySet();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger queries = new AtomicInteger();
        final Thread thread;
        volatile Throwable failure;

        Watcher() {
            thread = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        // One statement, so both counts come from one snapshot.
                        try (QueryResult r = czar.queryService().execute(
                                "SELECT COUNT(*), SUM(objectId % 1000), MIN(objectId), MAX(objectId) FROM Object",
                                new Session("qsmaster", "demo"))) {
                            r.next();
                            seen.add(List.of(((Number) r.value(0)).longValue(), ((Number) r.value(1)).longValue()));
                        }
                        seen.add(List.of(sourcesCount()));
                        queries.incrementAndGet();
                    } catch (Throwable t) {
                        failure = t;
                        return;
                    }
                }
            }, "watcher");
            thread.start();
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            thread.join(60_000);
            if (failure != null) {
                throw new AssertionError("a concurrent query failed", failure);
            }
        }
    }

    private static List<Long> objectState(long count, long idSum) {
        return List.of(count, idSum);
    }

    private long idSum(int fromBlock, int toBlock, long offset) {
        long sum = 0;
        for (int b = fromBlock; b < toBlock; b++) {
            for (long id : ((ColumnData.Longs) catalog.block(b).objects().data("objectId")).values()) {
                sum += (id + offset) % 1000;
            }
        }
        return sum;
    }

    @Test
    void rowsAreVisibleOnlyAfterCommitAndNeverAfterAbort() throws Exception {
        loadBase();
        long baseObjects = rows(0, 2, false);
        long baseSources = rows(0, 2, true);
        assertThat(objectsCount()).isEqualTo(baseObjects);
        List<Long> before = objectState(baseObjects, idSum(0, 2, 0));
        List<Long> after = objectState(baseObjects + rows(2, 3, false), idSum(0, 2, 0) + idSum(2, 3, 0));

        try (Watcher watcher = new Watcher()) {
            // Aborted: loaded fully, never visible.
            TransactionRecord aborted = ingest.begin("demo", "to abort");
            contribute(aborted.id(), "Object", null, objects(1_000_000, 0, 3));
            contribute(aborted.id(), "Source", null, sources(1_000_000, 0, 3));
            assertThat(objectsCount()).isEqualTo(baseObjects);
            ingest.abort(aborted.id(), "test");
            assertThat(objectsCount()).isEqualTo(baseObjects);
            assertThatThrownBy(() -> ingest.commit(aborted.id())).hasMessageContaining("ABORTED");

            // Committed: invisible until the commit, all of it at once after.
            TransactionRecord t = ingest.begin("demo", "more");
            contribute(t.id(), "Object", null, objects(0, 2, 3));
            contribute(t.id(), "Source", null, sources(0, 2, 3));
            assertThat(objectsCount()).isEqualTo(baseObjects);
            assertThat(sourcesCount()).isEqualTo(baseSources);
            while (watcher.queries.get() < 5) {
                Thread.sleep(20);
            }
            ingest.commit(t.id());
            assertThat(objectsCount()).isEqualTo(baseObjects + rows(2, 3, false));
            assertThat(sourcesCount()).isEqualTo(baseSources + rows(2, 3, true));
            int at = watcher.queries.get();
            while (watcher.queries.get() < at + 3) {
                Thread.sleep(20);
            }
            watcher.close();
            assertThat(watcher.seen).as("states queries saw").isSubsetOf(Set.of(before, after, List.of(baseSources),
                    List.of(baseSources + rows(2, 3, true))));
            assertThat(watcher.seen).contains(before, after);
        }

        // The aborted transaction's rows are purged from the workers; queries stop filtering them.
        awaitPurged();
        for (WorkerServer w : List.of(w1, w2)) {
            long[] held = ChunkLoadServiceGrpc.newBlockingStub(connections.channel(store.catalog().worker(w == w1 ? "w1" : "w2").orElseThrow()))
                    .listContributions(ListContributionsRequest.getDefaultInstance()).getContributionIdsList().stream()
                    .mapToLong(Long::longValue).toArray();
            assertThat(Arrays.stream(held).map(io.skyshard.common.catalog.Visibility::transactionOf).distinct().toArray())
                    .as("transactions with rows on a worker").doesNotContain(2);
        }
        assertThat(store.snapshot().visibility().hiddenTransactions()).isEmpty();
        assertThat(objectsCount()).isEqualTo(baseObjects + rows(2, 3, false));
    }

    private void awaitPurged() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!store.deadData().isEmpty() && System.nanoTime() < deadline) {
            ingest.purger().trigger();
            Thread.sleep(50);
        }
        assertThat(store.deadData().isEmpty()).as("dead data purged from every worker").isTrue();
    }

    @Test
    void aContributionFailingHalfWayLeavesNothingVisibleAndTheRestCommits() throws Exception {
        loadBase();
        long base = objectsCount();
        TransactionRecord t = ingest.begin("demo", "partial");
        contribute(t.id(), "Object", "good", objects(2_000_000, 0, 1));
        // Fails after several flushes: rows of it already sit committed on the workers.
        AtomicInteger steps = new AtomicInteger();
        TableFeed failing = new TableFeed() {
            final TableFeed inner = objects(3_000_000, 0, 3);

            @Override
            public Map<String, Batch> next() {
                if (steps.incrementAndGet() == 3) {
                    throw new SkyshardException(io.skyshard.ingest.IngestErrorCode.MALFORMED_INPUT, "broken.csv line 4001, column 2 (ra): 'x' is not a number");
                }
                return inner.next();
            }
        };
        assertThatThrownBy(() -> contribute(t.id(), "Object", "bad", failing))
                .isInstanceOfSatisfying(ContributionFailedException.class, e -> {
                    assertThat(e.contribution().state()).isEqualTo(ContributionState.FAILED);
                    assertThat(e.contribution().error()).contains("broken.csv line 4001, column 2 (ra)");
                })
                .hasMessageContaining("broken.csv line 4001");
        assertThat(store.snapshot().visibility().hiddenContributions()).isNotEmpty().allMatch(c -> c >>> 32 == t.id());
        ingest.commit(t.id());
        assertThat(objectsCount()).isEqualTo(base + rows(0, 1, false));
        awaitPurged();
        assertThat(objectsCount()).isEqualTo(base + rows(0, 1, false));
        // The failed contribution can be retried under its key; the loaded one is not loaded twice.
        TransactionRecord t2 = ingest.begin("demo", "retry");
        ContributionRecord first = contribute(t2.id(), "Object", "file-1", objects(4_000_000, 0, 1));
        ContributionRecord again = contribute(t2.id(), "Object", "file-1", objects(4_000_000, 0, 1));
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(ingest.contributions(t2.id())).hasSize(1);
        ingest.commit(t2.id());
        assertThat(objectsCount()).isEqualTo(base + 2 * rows(0, 1, false));
    }

    @Test
    void loadsBeyondTheMemoryBudgetWriteEarlyAndWaitInsteadOfFailing() throws Exception {
        // A budget of one byte: every step of rows waits until the others' buffered rows are written,
        // and a job that must wait first writes what it holds. Three loads at once all land, whole.
        closeController();
        LoadMemory memory = new LoadMemory(1);
        openController(memory);
        loadBase();
        long base = objectsCount();
        TransactionRecord t = ingest.begin("demo", "tight");
        List<Runnable> loads = new ArrayList<>();
        for (long offset : new long[] {40_000_000L, 50_000_000L, 60_000_000L}) {
            loads.add(() -> contribute(t.id(), "Object", null, objects(offset, 0, 3)));
        }
        assertThat(inParallel(loads)).isEmpty();
        assertThat(memory.used()).isZero();
        ingest.commit(t.id());
        assertThat(objectsCount()).isEqualTo(base + 3 * rows(0, 3, false));
        assertThat(count("SELECT COUNT(*) FROM Object WHERE objectId = " + (SampleCatalog.OBJECT_ID_BASE + 60_000_007L))).isEqualTo(1);
    }

    @Test
    void concurrentTransactionsOnOneTableAndDuplicateKeysAtCommit() throws Exception {
        loadBase();
        long base = objectsCount();
        TransactionRecord a = ingest.begin("demo", "a");
        TransactionRecord b = ingest.begin("demo", "b");
        List<Runnable> loads = new ArrayList<>();
        for (var job : List.of(Map.entry(a, 10_000_000L), Map.entry(b, 20_000_000L))) {
            loads.add(() -> {
                contribute(job.getKey().id(), "Object", null, objects(job.getValue(), 0, 3));
                contribute(job.getKey().id(), "Source", null, sources(job.getValue(), 0, 3));
            });
        }
        assertThat(inParallel(loads)).isEmpty();
        assertThat(objectsCount()).isEqualTo(base);
        ingest.commit(b.id());
        assertThat(objectsCount()).isEqualTo(base + rows(0, 3, false));
        ingest.commit(a.id());
        assertThat(objectsCount()).isEqualTo(base + 2 * rows(0, 3, false));
        assertThat(sourcesCount()).isEqualTo(rows(0, 2, true) + 2 * rows(0, 3, true));
        // Object lookups go through the extended director index.
        assertThat(count("SELECT COUNT(*) FROM Object WHERE objectId = " + (SampleCatalog.OBJECT_ID_BASE + 20_000_005L))).isEqualTo(1);

        // Two open transactions loading the same keys: the second commit names the keys.
        TransactionRecord c = ingest.begin("demo", "c");
        TransactionRecord d = ingest.begin("demo", "d");
        contribute(c.id(), "Object", null, objects(30_000_000, 0, 1));
        contribute(d.id(), "Object", null, objects(30_000_000, 0, 1));
        ingest.commit(c.id());
        assertThatThrownBy(() -> ingest.commit(d.id()))
                .isInstanceOfSatisfying(SkyshardException.class, e -> assertThat(e.code()).isEqualTo(ReplicationErrorCode.DUPLICATE_DIRECTOR_KEY))
                .hasMessageContaining(Long.toString(SampleCatalog.OBJECT_ID_BASE + 30_000_000L));
        assertThat(store.transaction(d.id()).orElseThrow().state()).isEqualTo(TransactionState.STARTED);
        ingest.abort(d.id(), "duplicates");
        assertThat(objectsCount()).isEqualTo(base + 2 * rows(0, 3, false) + rows(0, 1, false));
    }

    @Test
    void aQueryKeepsItsSnapshotAcrossACommit() throws Exception {
        loadBase();
        long base = objectsCount();
        ClusterSnapshot old = store.snapshot();
        TransactionRecord t = ingest.begin("demo", "later");
        contribute(t.id(), "Object", null, objects(5_000_000, 0, 3));
        ingest.commit(t.id());
        assertThat(objectsCount()).isEqualTo(base + rows(0, 3, false));
        // A chunk query dispatched with the snapshot taken before the commit still sees the old rows.
        long total = 0;
        for (WorkerServer w : List.of(w1, w2)) {
            String id = w == w1 ? "w1" : "w2";
            List<Integer> chunks = old.chunks("demo").entrySet().stream().filter(e -> e.getValue().contains(id))
                    .map(Map.Entry::getKey).toList();
            total += workerCount(store.catalog().worker(id).orElseThrow(), chunks, old.visibility());
        }
        assertThat(total).isEqualTo(base);
    }

    private long workerCount(WorkerInfo w, List<Integer> chunks, io.skyshard.common.catalog.Visibility v) throws Exception {
        QueryRequest req = QueryRequest.newBuilder().setQueryId("snap").setSqlTemplate("SELECT COUNT(*) FROM \"demo\".\"Object_%CHUNK%\" AS o")
                .addAllChunkIds(chunks).setVisibility(io.skyshard.rpc.Visibility.newBuilder().setSnapshotVersion(v.version())
                        .setVisibleThrough(v.visibleThrough()).addAllHiddenTransactions(v.hiddenTransactions())
                        .addAllHiddenContributions(v.hiddenContributions())).build();
        AtomicLong sum = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        ChunkQueryServiceGrpc.newStub(connections.channel(w)).execute(req, new StreamObserver<>() {
            @Override
            public void onNext(QueryResponse r) {
                if (r.hasBatch()) {
                    for (long x : r.getBatch().getColumns(0).getLongsList()) {
                        sum.addAndGet(x);
                    }
                }
                if (r.hasError()) {
                    sum.set(Long.MIN_VALUE);
                }
            }

            @Override
            public void onError(Throwable t) {
                sum.set(Long.MIN_VALUE);
                done.countDown();
            }

            @Override
            public void onCompleted() {
                done.countDown();
            }
        });
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        return sum.get();
    }

    @Test
    void controllerRestartKeepsTransactionsAndFailsWhatWasLoading() throws Exception {
        loadBase();
        long base = objectsCount();
        TransactionRecord t = ingest.begin("demo", "across restart");
        contribute(t.id(), "Object", "kept", objects(6_000_000, 0, 1));
        // A contribution the controller was running when it stopped.
        ContributionRecord interrupted = store.beginContribution(t.id(), "Object", "interrupted", "test");
        closeController();
        openController();
        assertThat(store.transaction(t.id()).orElseThrow().state()).isEqualTo(TransactionState.STARTED);
        ContributionRecord after = store.contribution(interrupted.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(ContributionState.FAILED);
        assertThat(after.error()).contains("controller stopped");
        assertThat(objectsCount()).isEqualTo(base);
        // Children of directors loaded before the restart resolve through the pending index.
        contribute(t.id(), "Source", "kept sources", sources(6_000_000, 0, 1));
        ingest.commit(t.id());
        assertThat(objectsCount()).isEqualTo(base + rows(0, 1, false));
        assertThat(sourcesCount()).isEqualTo(rows(0, 2, true) + rows(0, 1, true));
    }
}
