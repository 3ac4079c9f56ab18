package io.skyshard.ingest.load;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ChunkTables;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.Partitioning;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.common.catalog.WorkerInfo;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import io.skyshard.ingest.data.BatchEncoder;
import io.skyshard.ingest.data.ColumnData;
import io.skyshard.ingest.data.TableBlock;
import io.skyshard.ingest.partition.ChunkGroups;
import io.skyshard.ingest.partition.ChunkedRows;
import io.skyshard.ingest.partition.ChunkingFunction;
import io.skyshard.ingest.partition.DirectorKeyMap;
import io.skyshard.ingest.partition.DirectorLookup;
import io.skyshard.ingest.partition.PartitionedBlock;
import io.skyshard.ingest.partition.RowLocator;
import io.skyshard.ingest.partition.RowPartitioner;
import io.skyshard.ingest.partition.UnknownKeyPolicy;
import io.skyshard.replication.registry.MetadataStore;
import io.skyshard.replication.transaction.ContributionStats;
import io.skyshard.replication.transaction.DirectorEntries;
import io.skyshard.rpc.LoadHeader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Loads the rows of one {@link TableFeed} into the cluster for the contributions of one open
 * transaction: reads steps of blocks, partitions them on a pool (directors by position with overlap
 * copies, children and match rows through the director keys of this job or of the cluster's
 * director index, pending entries of the transaction included), and every {@link LoadOptions#flushBytes()}
 * of rows writes what it gathered to the workers: each chunk's rows sorted by the fine spatial sort
 * key (so DuckDB's zone maps prune cone searches inside a chunk), to every replica the controller
 * assigns to the chunk, in Load streams of many chunk tables, each stream one worker transaction.
 * Every row carries its contribution id, so nothing of it is visible before the transaction commits.
 *
 * <p>The first error stops the job: reading, partitioning and every stream in flight are stopped
 * before {@link #run} rethrows, so the caller can fail the contributions knowing nothing more of
 * them is being written.
 */
public final class LoadJob {
    /** One table the feed fills, and the contribution its rows belong to. */
    public record Target(TableDef table, long contributionId) {
        public Target {
            requireNonNull(table, "table");
        }
    }

    /** Rows already partitioned (by {@code skyshard partition}): they all go to one chunk, or to its overlap table. */
    public record Prepartitioned(int chunkId, boolean overlap) {
    }

    /**
     * What a job did for one table.
     *
     * @param chunks          chunks it wrote rows to (their placement is published at commit)
     * @param directorEntries director tables: the director index rows of its rows; else null
     */
    public record Result(Target target, ContributionStats stats, SortedSet<Integer> chunks, DirectorEntries directorEntries) {
    }

    private final MetadataStore store;
    private final WorkerConnections connections;
    private final LoadOptions options;
    private final LoadMemory memory;
    private final ExecutorService partitionPool;
    private final ExecutorService writers;
    private final DatabaseDef database;
    private final long transactionId;
    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final UnknownKeyPolicy policy;
    private final Prepartitioned prepartitioned;
    private final RowPartitioner partitioner;
    private final Map<String, Counters> counters = new ConcurrentHashMap<>();
    private final Map<String, SortedSet<Integer>> chunksWritten = new ConcurrentHashMap<>();

    private static final class Counters {
        final AtomicLong read = new AtomicLong();
        final AtomicLong loaded = new AtomicLong();
        final AtomicLong overlap = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
    }

    public LoadJob(MetadataStore store, WorkerConnections connections, LoadOptions options, LoadMemory memory,
            ExecutorService partitionPool, ExecutorService writers, long transactionId, List<Target> targets, UnknownKeyPolicy policy,
            Prepartitioned prepartitioned, Function<Partitioning, ChunkingFunction> chunking) {
        this.store = requireNonNull(store, "store");
        this.connections = requireNonNull(connections, "connections");
        this.options = requireNonNull(options, "options");
        this.memory = requireNonNull(memory, "memory");
        this.partitionPool = requireNonNull(partitionPool, "partitionPool");
        this.writers = requireNonNull(writers, "writers");
        this.transactionId = transactionId;
        this.policy = requireNonNull(policy, "policy");
        this.prepartitioned = prepartitioned;
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a load job needs at least one table");
        }
        String db = targets.getFirst().table().database();
        this.database = store.catalog().database(db).orElseThrow(() -> new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH,
                "unknown database '" + db + "'"));
        for (Target t : targets) {
            if (!t.table().database().equals(db)) {
                throw new IllegalArgumentException("the tables of a load job must belong to one database");
            }
            this.targets.put(key(t.table().name()), t);
            counters.put(key(t.table().name()), new Counters());
            chunksWritten.put(key(t.table().name()), new java.util.concurrent.ConcurrentSkipListSet<>());
        }
        this.partitioner = new RowPartitioner(chunking.apply(database.partitioning()));
    }

    private static String key(String table) {
        return table.toLowerCase(Locale.ROOT);
    }

    /** Rows read so far, all tables (for live status). */
    public long rowsRead() {
        return counters.values().stream().mapToLong(c -> c.read.get()).sum();
    }

    /** Runs the job to the end of the feed; on failure everything in flight is stopped before the error is thrown. */
    public List<Result> run(TableFeed feed, ProgressListener progress) {
        requireNonNull(feed, "feed");
        requireNonNull(progress, "progress");
        ExecutorService flusher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ingest-flush-" + transactionId);
            t.setDaemon(true);
            return t;
        });
        Semaphore inFlight = new Semaphore(Math.max(2, options.partitionThreads() * 2));
        Buffer current = new Buffer();
        // The buffer of the newest flush: the only one besides current that may not have given its memory back.
        Buffer written = null;
        Future<?> flushing = null;
        List<Future<?>> pending = new ArrayList<>();
        try {
            long seq = 0;
            for (Map<String, TableFeed.Batch> step = feed.next(); step != null; step = feed.next()) {
                for (String table : step.keySet()) {
                    if (!targets.containsKey(key(table))) {
                        throw new SkyshardException(IngestErrorCode.INTERNAL, "load job got rows of table " + table + ", not one of its tables");
                    }
                }
                long stepBytes = 0;
                for (TableFeed.Batch batch : step.values()) {
                    stepBytes += (long) batch.block().rowCount() * batch.block().columns().size() * 8;
                }
                if (!memory.tryReserve(stepBytes)) {
                    // Other loads hold the budget: write what this one holds, whose memory then comes back, and wait.
                    if (current.bytes > 0) {
                        flushing = startFlush(current, flushing, flusher, progress);
                        written = current;
                        current = new Buffer();
                        pending.removeIf(Future::isDone);
                    }
                    progress.progress("wait for load memory", rowsRead(), -1);
                    memory.reserve(stepBytes);
                }
                Buffer b = current;
                b.bytes += stepBytes;
                inFlight.acquire();
                long s = seq++;
                Map<String, TableFeed.Batch> rows = step;
                Future<?> f;
                try {
                    f = partitionPool.submit(() -> {
                        try {
                            partitionStep(b, s, rows);
                        } finally {
                            inFlight.release();
                        }
                        return null;
                    });
                } catch (RuntimeException e) {
                    inFlight.release();
                    throw e;
                }
                b.futures.add(f);
                pending.add(f);
                progress.progress("read", rowsRead(), -1);
                if (b.bytes >= options.flushBytes()) {
                    flushing = startFlush(b, flushing, flusher, progress);
                    written = b;
                    current = new Buffer();
                    pending.removeIf(Future::isDone);
                }
            }
            awaitAll(current.futures);
            if (flushing != null) {
                flushing.get();
                flushing = null;
            }
            flush(current, progress);
            return results(feed);
        } catch (Exception e) {
            for (Future<?> f : pending) {
                f.cancel(true);
            }
            if (flushing != null) {
                flushing.cancel(true);
            }
            throw failure(e);
        } finally {
            flusher.shutdownNow();
            try {
                // Streams still running (cancelled above) must end before the caller fails the contribution.
                flusher.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (Future<?> f : pending) {
                try {
                    f.get();
                } catch (Exception ignored) {
                    // already failing or cancelled: waiting only
                }
            }
            // A flush cancelled before it ran never gave its buffer back (earlier ones ended before it started).
            release(current);
            if (written != null) {
                release(written);
            }
        }
    }

    /** Writes a full buffer on the flusher once its rows are partitioned and the previous flush is done. */
    private Future<?> startFlush(Buffer b, Future<?> previous, ExecutorService flusher, ProgressListener progress) throws Exception {
        awaitAll(b.futures);
        if (previous != null) {
            previous.get();
        }
        return flusher.submit(() -> {
            try {
                flush(b, progress);
            } finally {
                release(b);
            }
            return null;
        });
    }

    /** Gives a buffer's reserved bytes back to the load memory, once. */
    private void release(Buffer b) {
        long bytes;
        synchronized (b) {
            bytes = b.released ? 0 : b.bytes;
            b.released = true;
        }
        memory.release(bytes);
    }

    private static SkyshardException failure(Exception e) {
        Throwable t = e;
        while (t instanceof ExecutionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new SkyshardException(IngestErrorCode.WORKER_LOAD_FAILED, "load interrupted", t);
        }
        return SkyshardException.wrap(t);
    }

    private List<Result> results(TableFeed feed) {
        List<Result> out = new ArrayList<>();
        boolean first = true;
        for (Target t : targets.values()) {
            Counters c = counters.get(key(t.table().name()));
            long bytes = first ? feed.bytesRead() : 0;
            first = false;
            ContributionStats stats = new ContributionStats(c.read.get(), c.loaded.get(), c.overlap.get(), bytes, c.skipped.get());
            DirectorEntries entries = null;
            if (t.table().kind() == TableKind.DIRECTOR && (prepartitioned == null || !prepartitioned.overlap())) {
                DirectorKeyMap.Entries e = partitioner.directorKeys(t.table().name()).entries();
                entries = new DirectorEntries(t.table().name(), e.keys(), e.chunkIds(), e.subChunkIds());
            }
            out.add(new Result(t, stats, new TreeSet<>(chunksWritten.get(key(t.table().name()))), entries));
        }
        return out;
    }

    /** Rows gathered between two flushes. */
    private static final class Buffer {
        final Map<String, ChunkedRows> partitioned = new ConcurrentHashMap<>();
        final Map<String, TreeMap<Long, TableBlock>> replicated = new ConcurrentHashMap<>();
        final List<Future<?>> futures = new ArrayList<>();
        /** Row data reserved from the load memory for the steps added (8 bytes a value). */
        long bytes;
        volatile boolean released;

        ChunkedRows rows(TableDef t) {
            return partitioned.computeIfAbsent(key(t.name()), k -> new ChunkedRows(t));
        }

        synchronized void addReplicated(TableDef t, long seq, TableBlock block) {
            replicated.computeIfAbsent(key(t.name()), k -> new TreeMap<>()).put(seq, block);
        }
    }

    private void partitionStep(Buffer buffer, long seq, Map<String, TableFeed.Batch> step) {
        List<Target> ordered = new ArrayList<>();
        for (TableKind kind : List.of(TableKind.DIRECTOR, TableKind.CHILD, TableKind.MATCH, TableKind.REPLICATED)) {
            for (String name : step.keySet()) {
                Target t = targets.get(key(name));
                if (t.table().kind() == kind) {
                    ordered.add(t);
                }
            }
        }
        for (Target target : ordered) {
            TableDef t = target.table();
            TableFeed.Batch batch = step.get(step.keySet().stream().filter(n -> key(n).equals(key(t.name()))).findFirst().orElseThrow());
            Counters c = counters.get(key(t.name()));
            c.read.addAndGet(batch.block().rowCount());
            if (t.kind() == TableKind.REPLICATED) {
                TableBlock rows = batch.block().project(t.columns());
                buffer.addReplicated(t, seq, rows);
                c.loaded.addAndGet(rows.rowCount());
                continue;
            }
            if (prepartitioned != null) {
                PartitionedBlock p = prepartitionedBlock(t, batch.block(), batch.at());
                buffer.rows(t).add(seq, p);
                c.loaded.addAndGet(p.rowCount());
                c.overlap.addAndGet(p.overlapRows().rowCount());
                continue;
            }
            switch (t.kind()) {
                case DIRECTOR -> {
                    PartitionedBlock p = partitioner.partitionDirector(t, batch.block(), true, batch.at());
                    buffer.rows(t).add(seq, p);
                    c.loaded.addAndGet(p.rowCount());
                    c.overlap.addAndGet(p.overlapRows().rowCount());
                }
                case CHILD -> {
                    RowPartitioner.Placed p = partitioner.partitionChild(t, batch.block(), lookup(t.directorTable()), policy, batch.at());
                    buffer.rows(t).add(seq, p.block());
                    c.loaded.addAndGet(p.block().rowCount());
                    c.skipped.addAndGet(p.skipped());
                }
                case MATCH -> {
                    RowPartitioner.Placed p = partitioner.partitionMatch(t, batch.block(), lookup(t.directorTable()),
                            lookup(t.directorTable2()), policy, batch.at());
                    buffer.rows(t).add(seq, p.block());
                    c.loaded.addAndGet(batch.block().rowCount() - p.skipped());
                    c.skipped.addAndGet(p.skipped());
                }
                default -> throw new IllegalStateException("unreachable: " + t.kind());
            }
        }
    }

    /** Keys of directors loaded by this job first, then the cluster's director index (with this transaction's pending entries). */
    private DirectorLookup lookup(String directorTable) {
        return partitioner.directorKeys(directorTable).lookup().then(partitioner.indexLookup(
                (keys, chunkOut, subOut) -> store.resolveDirectorKeys(database.name(), directorTable, transactionId, keys, chunkOut, subOut)));
    }

    /**
     * Rows of {@code skyshard partition} output: stored layout ({@code chunkId}, {@code subChunkId}
     * filled), all of one chunk (or, for an overlap file, all destined to its overlap table).
     */
    private PartitionedBlock prepartitionedBlock(TableDef t, TableBlock block, RowLocator at) {
        TableBlock rows = block.project(t.storedColumns());
        int n = rows.rowCount();
        long[] chunkCol = ((ColumnData.Longs) rows.data(TableDef.CHUNK_ID)).values();
        long[] subCol = ((ColumnData.Longs) rows.data(TableDef.SUB_CHUNK_ID)).values();
        int[] chunk = new int[n];
        int[] sub = new int[n];
        long[] sort = new long[n];
        ChunkingFunction chunking = partitioner.chunking();
        for (int i = 0; i < n; i++) {
            chunk[i] = (int) chunkCol[i];
            sub[i] = (int) subCol[i];
            if (!prepartitioned.overlap() && chunk[i] != prepartitioned.chunkId()) {
                throw new SkyshardException(IngestErrorCode.INVALID_ROW, at.describeRow(i) + ": table " + t.name() + ": chunkId "
                        + chunk[i] + " in a file of chunk " + prepartitioned.chunkId());
            }
        }
        if (t.kind() == TableKind.DIRECTOR) {
            // Re-partitioning checks the positions and gives the exact sort key and home chunk.
            PartitionedBlock p = partitioner.partitionDirector(t, rows, false, at);
            for (int i = 0; i < n; i++) {
                if (p.chunkIds()[i] != chunk[i] || p.rows().data(TableDef.SUB_CHUNK_ID) instanceof ColumnData.Longs s
                        && s.values()[i] != sub[i]) {
                    throw new SkyshardException(IngestErrorCode.INVALID_ROW, at.describeRow(i) + ": table " + t.name()
                            + ": the row's position lies in chunk " + p.chunkIds()[i] + " sub-chunk " + ((ColumnData.Longs) p.rows()
                            .data(TableDef.SUB_CHUNK_ID)).values()[i] + ", not in chunk " + chunk[i] + " sub-chunk " + sub[i]
                            + " as the file says: was it partitioned with other parameters than database " + database.name() + "'s?");
                }
            }
            if (!prepartitioned.overlap()) {
                return p;
            }
            // partitionDirector recorded the keys: an overlap file's rows are not this chunk's directors.
            for (int i = 0; i < n; i++) {
                sort[i] = p.sortKeys()[i];
            }
            int[] target = new int[n];
            Arrays.fill(target, prepartitioned.chunkId());
            return new PartitionedBlock(t, p.rows().select(new int[0]), new int[0], new long[0], ChunkGroups.of(new int[0]),
                    p.rows(), target, sort, ChunkGroups.of(target));
        }
        for (int i = 0; i < n; i++) {
            sort[i] = chunking.subChunkSortKey(chunk[i], sub[i]);
        }
        return new PartitionedBlock(t, rows, chunk, sort, ChunkGroups.of(chunk), rows.select(new int[0]), new int[0], new long[0],
                ChunkGroups.of(new int[0]));
    }

    // ------------------------------------------------------------------ writing

    private void flush(Buffer buffer, ProgressListener progress) throws Exception {
        SortedSet<Integer> chunks = new TreeSet<>();
        for (ChunkedRows rows : buffer.partitioned.values()) {
            chunks.addAll(rows.chunkIds());
            chunks.addAll(rows.overlapChunkIds());
        }
        Map<String, TableBlock> replicated = new LinkedHashMap<>();
        buffer.replicated.forEach((name, blocks) -> {
            TableDef t = targets.get(name).table();
            replicated.put(name, TableBlock.concat(t.columns(), List.copyOf(blocks.values())));
        });
        if (chunks.isEmpty() && replicated.isEmpty()) {
            return;
        }
        Map<Integer, List<String>> assignment = chunks.isEmpty() ? Map.of()
                : store.assignChunks(database.name(), chunks, options.replicas());
        Map<String, WorkerInfo> workers = new TreeMap<>();
        store.catalog().workers().forEach(w -> workers.put(w.id(), w));

        List<Stream> streams = new ArrayList<>();
        for (WorkerInfo w : workers.values()) {
            Stream current = new Stream(w);
            for (int chunk : chunks) {
                List<String> replicas = assignment.get(chunk);
                if (replicas == null || !replicas.contains(w.id())) {
                    continue;
                }
                List<LoadStream.Table> tables = new ArrayList<>();
                long bytes = 0;
                for (Target target : targets.values()) {
                    TableDef t = target.table();
                    ChunkedRows rows = buffer.partitioned.get(key(t.name()));
                    if (rows == null) {
                        continue;
                    }
                    long width = t.storedColumns().size() * 8L;
                    if (rows.chunkRowCount(chunk) > 0) {
                        tables.add(new LoadStream.Table(header(t, chunk, false, target.contributionId()), () -> rows.chunkRows(chunk)));
                        bytes += rows.chunkRowCount(chunk) * width;
                    }
                    if (rows.overlapRowCount(chunk) > 0) {
                        tables.add(new LoadStream.Table(header(t, chunk, true, target.contributionId()), () -> rows.overlapRows(chunk)));
                        bytes += rows.overlapRowCount(chunk) * width;
                    }
                }
                // A chunk's tables stay in one stream: a chunk is written whole or not at all.
                if (!current.tables.isEmpty() && (current.tables.size() + tables.size() > options.tablesPerStream()
                        || current.bytes + bytes > LoadOptions.STREAM_BYTES)) {
                    streams.add(current);
                    current = new Stream(w);
                }
                current.tables.addAll(tables);
                current.bytes += bytes;
            }
            for (var e : replicated.entrySet()) {
                Target target = targets.get(e.getKey());
                TableBlock rows = e.getValue();
                current.tables.add(new LoadStream.Table(header(target.table(), ChunkTables.REPLICATED_CHUNK, false,
                        target.contributionId()), () -> rows));
            }
            if (!current.tables.isEmpty()) {
                streams.add(current);
            }
        }
        if (!replicated.isEmpty() && workers.isEmpty()) {
            throw new SkyshardException(IngestErrorCode.NOT_ENOUGH_WORKERS, "no worker is registered to hold replicated table rows");
        }
        // Round robin over workers, so that every worker has streams in flight from the start.
        Map<String, Integer> ordinal = new java.util.HashMap<>();
        List<Map.Entry<Integer, Stream>> numbered = new ArrayList<>();
        for (Stream st : streams) {
            numbered.add(Map.entry(ordinal.merge(st.worker.id(), 1, Integer::sum), st));
        }
        numbered.sort(Map.Entry.comparingByKey());
        List<Future<?>> sends = new ArrayList<>();
        try {
            for (var e : numbered) {
                Stream st = e.getValue();
                sends.add(writers.submit(() -> LoadStream.send(connections.channel(st.worker), st.worker.id(), st.tables,
                        options.batchRows())));
            }
            awaitAll(sends);
        } catch (Exception e) {
            for (Future<?> f : sends) {
                f.cancel(true);
            }
            for (Future<?> f : sends) {
                try {
                    f.get();
                } catch (Exception ignored) {
                    // waiting for the cancelled streams to end
                }
            }
            throw e;
        }
        for (Target t : targets.values()) {
            ChunkedRows rows = buffer.partitioned.get(key(t.table().name()));
            if (rows != null) {
                chunksWritten.get(key(t.table().name())).addAll(chunks);
            }
        }
        progress.progress("write", rowsRead(), -1);
    }

    /** Chunk tables bound for one worker in one Load stream. */
    private static final class Stream {
        final WorkerInfo worker;
        final List<LoadStream.Table> tables = new ArrayList<>();
        long bytes;

        Stream(WorkerInfo worker) {
            this.worker = worker;
        }
    }

    /**
     * Creates a table, empty, on a worker (its chunk stores for a partitioned table, with the overlap
     * store of a director): a row-less load, so there is nothing to hide.
     */
    public static void createEmpty(WorkerConnections connections, WorkerInfo worker, TableDef table) {
        List<LoadStream.Table> tables = new ArrayList<>();
        boolean replicated = table.kind() == TableKind.REPLICATED;
        for (boolean overlap : table.kind() == TableKind.DIRECTOR ? List.of(false, true) : List.of(false)) {
            // A chunked table is declared through chunk 0, which gains no row and so is not listed as held.
            LoadHeader h = LoadHeader.newBuilder().setDatabase(table.database()).setTable(table.name())
                    .setChunkId(replicated ? ChunkTables.REPLICATED_CHUNK : 0).setOverlap(overlap)
                    .addAllColumns(BatchEncoder.columnSpecs(replicated ? table.columns() : table.storedColumns()))
                    .setReplace(false).setContributionId(io.skyshard.common.catalog.Visibility.DECLARATION).build();
            TableBlock empty = TableBlock.empty(replicated ? table.columns() : table.storedColumns());
            tables.add(new LoadStream.Table(h, () -> empty));
        }
        LoadStream.send(connections.channel(worker), worker.id(), tables, 1);
    }

    private LoadHeader header(TableDef t, int chunk, boolean overlap, long contribution) {
        return LoadHeader.newBuilder()
                .setDatabase(database.name())
                .setTable(t.name())
                .setChunkId(chunk)
                .setOverlap(overlap)
                .addAllColumns(BatchEncoder.columnSpecs(chunk == ChunkTables.REPLICATED_CHUNK ? t.columns() : t.storedColumns()))
                .setReplace(false)
                .setContributionId(contribution)
                .build();
    }

    private static void awaitAll(List<Future<?>> futures) throws Exception {
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            for (Future<?> f : futures) {
                f.cancel(true);
            }
            throw e;
        }
    }
}
