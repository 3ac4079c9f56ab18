package io.skyshard.ingest.load;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ChunkTables;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.Partitioning;
import io.skyshard.common.catalog.Registry;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.common.catalog.WorkerInfo;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import io.skyshard.ingest.data.BatchEncoder;
import io.skyshard.ingest.data.TableBlock;
import io.skyshard.ingest.partition.ChunkedRows;
import io.skyshard.ingest.partition.ChunkingFunction;
import io.skyshard.ingest.partition.DirectorKeyMap;
import io.skyshard.ingest.partition.RowPartitioner;
import io.skyshard.ingest.sample.SampleBlock;
import io.skyshard.ingest.sample.SampleCatalog;
import io.skyshard.rpc.ChunkLoadServiceGrpc;
import io.skyshard.rpc.DropDatabaseRequest;
import io.skyshard.rpc.LoadHeader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Loads a whole catalog onto the cluster: registers the database and tables, partitions the rows
 * into chunks (with overlap), places each chunk on {@code replicas} workers, writes every chunk
 * table sorted by the spatial sort key, copies replicated tables to every worker, and only then
 * publishes the director index and the chunk placement. Until placement is published the czar
 * routes no query to the new chunks, so a failed load is never half visible; on failure the loader
 * also drops what it wrote (best effort) so the database name can be reused.
 *
 * <p>Every chunk that has director rows gets a table for every partitioned table of the database
 * (empty when it has no rows of that table) and an overlap table per director table, so chunk
 * queries and near-neighbour joins never find a table missing.
 *
 * <p>Partitioned rows are held in memory until written (a chunk table must be complete to be sorted):
 * right for the sample catalog and test data; file ingest of billions of rows will spill instead.
 *
 * <p>Chunk tables travel to each worker in Load streams of up to {@link LoadOptions#tablesPerStream()}
 * tables (whole chunks, about {@link LoadOptions#STREAM_BYTES} at most), each stream one worker
 * transaction: per-table streams paid a commit per table and made large loads take minutes.
 *
 * <p>Placement is deterministic and balanced: chunk {@code c} goes to the workers at positions
 * {@code (c + r) mod N}, r = 0..replicas-1, of the workers sorted by id.
 */
public final class CatalogLoader {
    private final Registry registry;
    private final WorkerConnections connections;
    private final LoadOptions options;
    private final Function<Partitioning, ChunkingFunction> chunkingFactory;

    public CatalogLoader(Registry registry, WorkerConnections connections) {
        this(registry, connections, LoadOptions.DEFAULT, ChunkingFunction::healpix);
    }

    public CatalogLoader(Registry registry, WorkerConnections connections, LoadOptions options,
            Function<Partitioning, ChunkingFunction> chunkingFactory) {
        this.registry = requireNonNull(registry, "registry");
        this.connections = requireNonNull(connections, "connections");
        this.options = requireNonNull(options, "options");
        this.chunkingFactory = requireNonNull(chunkingFactory, "chunkingFactory");
    }

    /** Loads the sample catalog into database {@link SampleCatalog#DATABASE}, generating blocks in parallel. */
    public LoadReport loadSample(SampleCatalog catalog, Partitioning partitioning, ProgressListener progress) {
        DatabaseDef database = new DatabaseDef(catalog.database(), partitioning);
        TableDef object = catalog.objectTable();
        TableDef source = catalog.sourceTable();
        return run(database, catalog.tables(), progress, (partitioner, rows, pool) -> {
            List<Future<?>> futures = new ArrayList<>();
            AtomicLong done = new AtomicLong();
            int blocks = catalog.blockCount();
            progress.progress("partition", 0, blocks);
            for (int b = 0; b < blocks; b++) {
                int index = b;
                futures.add(pool.submit(() -> {
                    // Sources of a block reference only that block's objects, so one task can do both.
                    SampleBlock block = catalog.block(index);
                    rows.get(object.name()).add(index, partitioner.partitionDirector(object, block.objects()));
                    rows.get(source.name()).add(index, partitioner.partitionChild(source, block.sources()));
                    progress.progress("partition", done.incrementAndGet(), blocks);
                    return null;
                }));
            }
            awaitAll(futures);
            return Map.of(catalog.filterTable().name(), catalog.filterRows());
        });
    }

    /**
     * Loads any catalog: {@code rows} gives each table's rows as blocks (columns in any order, named
     * as declared). Director tables are partitioned before their children.
     */
    public LoadReport load(DatabaseDef database, List<TableDef> tables, Function<TableDef, Iterator<TableBlock>> rows,
            ProgressListener progress) {
        requireNonNull(rows, "rows");
        List<TableDef> ordered = registrationOrder(tables);
        return run(database, ordered, progress, (partitioner, chunked, pool) -> {
            Map<String, TableBlock> replicated = new LinkedHashMap<>();
            AtomicLong done = new AtomicLong();
            for (TableKind phase : List.of(TableKind.DIRECTOR, TableKind.CHILD)) {
                List<Future<?>> futures = new ArrayList<>();
                for (TableDef t : ordered) {
                    if (t.kind() != phase) {
                        continue;
                    }
                    Iterator<TableBlock> it = rows.apply(t);
                    long sequence = 0;
                    while (it.hasNext()) {
                        TableBlock block = it.next();
                        long seq = sequence++;
                        futures.add(pool.submit(() -> {
                            chunked.get(t.name()).add(seq, partitioner.partition(t, block));
                            progress.progress("partition", done.incrementAndGet(), -1);
                            return null;
                        }));
                    }
                }
                // Children look up director keys: every director block must be in the map first.
                awaitAll(futures);
            }
            for (TableDef t : ordered) {
                if (t.kind() == TableKind.REPLICATED) {
                    List<TableBlock> blocks = new ArrayList<>();
                    rows.apply(t).forEachRemaining(b -> blocks.add(b.project(t.columns())));
                    replicated.put(t.name(), TableBlock.concat(t.columns(), blocks));
                }
            }
            return replicated;
        });
    }

    @FunctionalInterface
    private interface Partitioner {
        /** Partitions all partitioned tables into {@code chunked}; returns the replicated tables' rows. */
        Map<String, TableBlock> partition(RowPartitioner partitioner, Map<String, ChunkedRows> chunked, ExecutorService pool)
                throws Exception;
    }

    private LoadReport run(DatabaseDef database, List<TableDef> tables, ProgressListener progress, Partitioner partitionStep) {
        requireNonNull(database, "database");
        requireNonNull(progress, "progress");
        long start = System.nanoTime();
        List<TableDef> ordered = registrationOrder(tables);
        for (TableDef t : ordered) {
            if (!t.database().equals(database.name())) {
                throw new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH,
                        "table " + t.database() + "." + t.name() + " does not belong to database " + database.name());
            }
            if (t.kind() == TableKind.MATCH) {
                throw new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH,
                        "table " + t.database() + "." + t.name() + ": match tables are not supported by the loader yet");
            }
        }
        List<WorkerInfo> workers = registry.snapshot().workers().stream()
                .sorted(Comparator.comparing(WorkerInfo::id)).toList();
        if (workers.size() < options.replicas()) {
            throw new SkyshardException(IngestErrorCode.NOT_ENOUGH_WORKERS, "loading " + database.name() + " needs "
                    + options.replicas() + " worker(s) for its replicas, " + workers.size() + " registered");
        }

        registry.createDatabase(database);
        ExecutorService pool = Executors.newFixedThreadPool(options.partitionThreads(), daemon("ingest-partition"));
        ExecutorService writers = Executors.newFixedThreadPool(options.parallelChunks(), daemon("ingest-writer"));
        try {
            for (TableDef t : ordered) {
                registry.createTable(t);
            }
            RowPartitioner partitioner = new RowPartitioner(chunkingFactory.apply(database.partitioning()));
            Map<String, ChunkedRows> chunked = new LinkedHashMap<>();
            for (TableDef t : ordered) {
                if (t.kind().isPartitioned()) {
                    chunked.put(t.name(), new ChunkedRows(t));
                }
            }
            Map<String, TableBlock> replicated = partitionStep.partition(partitioner, chunked, pool);

            SortedSet<Integer> chunks = new TreeSet<>();
            for (ChunkedRows rows : chunked.values()) {
                if (rows.table().kind() == TableKind.DIRECTOR) {
                    chunks.addAll(rows.chunkIds());
                }
            }
            Map<Integer, List<String>> placement = new TreeMap<>();
            for (int chunk : chunks) {
                List<String> replicas = new ArrayList<>();
                for (int r = 0; r < options.replicas(); r++) {
                    replicas.add(workers.get(Math.floorMod(chunk + r, workers.size())).id());
                }
                placement.put(chunk, List.copyOf(replicas));
            }
            Map<String, WorkerInfo> byId = new LinkedHashMap<>();
            workers.forEach(w -> byId.put(w.id(), w));

            long streams = write(database.name(), chunked, replicated, placement, byId, writers, progress);

            publishIndex(database.name(), chunked, partitioner, progress);
            registry.setPlacement(database.name(), placement);
            progress.progress("publish", 1, 1);

            Map<String, Long> rowCounts = new LinkedHashMap<>();
            Map<String, Long> overlapCounts = new LinkedHashMap<>();
            for (ChunkedRows rows : chunked.values()) {
                rowCounts.put(rows.table().name(), rows.rowCount());
                if (rows.table().kind() == TableKind.DIRECTOR) {
                    overlapCounts.put(rows.table().name(), placedOverlapRows(rows, chunks));
                }
            }
            replicated.forEach((name, block) -> rowCounts.put(name, (long) block.rowCount()));
            return new LoadReport(database.name(), rowCounts, overlapCounts, placement, streams,
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (Exception e) {
            cleanUp(database.name(), workers);
            if (e instanceof ExecutionException ee && ee.getCause() != null) {
                throw SkyshardException.wrap(ee.getCause());
            }
            throw SkyshardException.wrap(e);
        } finally {
            pool.shutdownNow();
            writers.shutdownNow();
        }
    }

    private long write(String database, Map<String, ChunkedRows> chunked, Map<String, TableBlock> replicated,
            Map<Integer, List<String>> placement, Map<String, WorkerInfo> workers, ExecutorService writers,
            ProgressListener progress) throws Exception {
        AtomicLong streams = new AtomicLong();
        AtomicLong done = new AtomicLong();
        long total = placement.size() + (long) replicated.size() * workers.size();
        progress.progress("load", 0, total);
        // Replicated tables first, one stream per worker at a time: a worker's first load creates the
        // database schema, and concurrent first loads could race on that creation.
        List<Future<?>> first = new ArrayList<>();
        for (WorkerInfo w : workers.values()) {
            first.add(writers.submit(() -> {
                for (var entry : replicated.entrySet()) {
                    send(database, w, entry.getKey(), ChunkTables.REPLICATED_CHUNK, false, entry.getValue());
                    streams.incrementAndGet();
                    progress.progress("load", done.incrementAndGet(), total);
                }
                return null;
            }));
        }
        awaitAll(first);
        // Chunk tables go in streams of many tables per worker: one worker transaction (and one
        // commit, the dominant cost of a small table) per stream instead of per table.
        Map<Integer, AtomicInteger> pendingStreams = new ConcurrentHashMap<>();
        List<Stream> streamList = new ArrayList<>();
        for (WorkerInfo w : workers.values()) {
            Stream current = new Stream(w);
            for (var entry : placement.entrySet()) {
                int chunk = entry.getKey();
                if (!entry.getValue().contains(w.id())) {
                    continue;
                }
                int chunkTables = 0;
                for (ChunkedRows rows : chunked.values()) {
                    chunkTables += rows.table().kind() == TableKind.DIRECTOR ? 2 : 1;
                }
                // A chunk's tables stay in one stream so a chunk is loaded whole or not at all.
                if (!current.tables.isEmpty() && (current.tables.size() + chunkTables > options.tablesPerStream()
                        || current.bytes >= LoadOptions.STREAM_BYTES)) {
                    streamList.add(current);
                    current = new Stream(w);
                }
                for (ChunkedRows rows : chunked.values()) {
                    TableDef t = rows.table();
                    int width = t.storedColumns().size();
                    current.add(header(database, t.name(), chunk, false, t), () -> rows.chunk(chunk),
                            (long) rows.chunkRowCount(chunk) * width * 8, chunk);
                    if (t.kind() == TableKind.DIRECTOR) {
                        current.add(header(database, t.name(), chunk, true, t), () -> rows.overlap(chunk),
                                (long) rows.overlapRowCount(chunk) * width * 8, chunk);
                    }
                }
            }
            if (!current.tables.isEmpty()) {
                streamList.add(current);
            }
        }
        // Round robin over workers, so that every worker has streams in flight from the start.
        Map<String, Integer> ordinal = new java.util.HashMap<>();
        List<Map.Entry<Integer, Stream>> numbered = new ArrayList<>();
        for (Stream st : streamList) {
            numbered.add(Map.entry(ordinal.merge(st.worker.id(), 1, Integer::sum), st));
        }
        numbered.sort(Map.Entry.comparingByKey());
        streamList = numbered.stream().map(Map.Entry::getValue).toList();
        for (Stream st : streamList) {
            for (int chunk : st.chunks) {
                pendingStreams.computeIfAbsent(chunk, c -> new AtomicInteger()).incrementAndGet();
            }
        }
        List<Future<?>> futures = new ArrayList<>();
        for (Stream st : streamList) {
            futures.add(writers.submit(() -> {
                LoadStream.send(connections.channel(st.worker), st.worker.id(), st.tables, options.batchRows());
                streams.incrementAndGet();
                for (int chunk : st.chunks) {
                    if (pendingStreams.get(chunk).decrementAndGet() == 0) {
                        progress.progress("load", done.incrementAndGet(), total);
                    }
                }
                return null;
            }));
        }
        awaitAll(futures);
        return streams.get();
    }

    /** Tables bound for one worker in one Load stream. */
    private static final class Stream {
        final WorkerInfo worker;
        final List<LoadStream.Table> tables = new ArrayList<>();
        final java.util.Set<Integer> chunks = new java.util.LinkedHashSet<>();
        long bytes;

        Stream(WorkerInfo worker) {
            this.worker = worker;
        }

        void add(LoadHeader header, java.util.function.Supplier<TableBlock> rows, long size, int chunk) {
            tables.add(new LoadStream.Table(header, rows));
            chunks.add(chunk);
            bytes += size;
        }
    }

    private static LoadHeader header(String database, String table, int chunk, boolean overlap, TableDef def) {
        return LoadHeader.newBuilder()
                .setDatabase(database)
                .setTable(table)
                .setChunkId(chunk)
                .setOverlap(overlap)
                .addAllColumns(BatchEncoder.columnSpecs(def.storedColumns()))
                .setReplace(true)
                .build();
    }

    private void send(String database, WorkerInfo worker, String table, int chunk, boolean overlap, TableBlock rows) {
        LoadHeader header = LoadHeader.newBuilder()
                .setDatabase(database)
                .setTable(table)
                .setChunkId(chunk)
                .setOverlap(overlap)
                .addAllColumns(BatchEncoder.columnSpecs(rows.columns()))
                .setReplace(true)
                .build();
        LoadStream.send(connections.channel(worker), worker.id(), header, rows, options.batchRows());
    }

    private void publishIndex(String database, Map<String, ChunkedRows> chunked, RowPartitioner partitioner,
            ProgressListener progress) {
        final int batch = 500_000;
        for (ChunkedRows rows : chunked.values()) {
            if (rows.table().kind() != TableKind.DIRECTOR) {
                continue;
            }
            DirectorKeyMap.Entries e = partitioner.directorKeys(rows.table().name()).entries();
            int n = e.keys().length;
            for (int from = 0; from < n; from += batch) {
                int to = Math.min(n, from + batch);
                registry.addDirectorIndex(database, rows.table().name(), Arrays.copyOfRange(e.keys(), from, to),
                        Arrays.copyOfRange(e.chunkIds(), from, to), Arrays.copyOfRange(e.subChunkIds(), from, to));
                progress.progress("index", to, n);
            }
        }
    }

    private static long placedOverlapRows(ChunkedRows rows, SortedSet<Integer> chunks) {
        long n = 0;
        for (int c : rows.overlapChunkIds()) {
            if (chunks.contains(c)) {
                n += rows.overlap(c).rowCount();
            }
        }
        return n;
    }

    /** Best effort: a failed load must not leave a registered database or orphan chunk tables behind. */
    private void cleanUp(String database, List<WorkerInfo> workers) {
        try {
            if (registry.snapshot().database(database).isPresent()) {
                registry.dropDatabase(database);
            }
        } catch (RuntimeException ignored) {
            // The original failure is what the caller needs to see.
        }
        for (WorkerInfo w : workers) {
            try {
                ChunkLoadServiceGrpc.newBlockingStub(connections.channel(w))
                        .withDeadlineAfter(30, TimeUnit.SECONDS)
                        .dropDatabase(DropDatabaseRequest.newBuilder().setDatabase(database).build());
            } catch (RuntimeException ignored) {
                // Same: an unreachable worker is cleaned when it is next drained or purged.
            }
        }
    }

    /** Directors, then children (their director must be registered first), then the rest. */
    private static List<TableDef> registrationOrder(List<TableDef> tables) {
        List<TableDef> out = new ArrayList<>();
        for (TableKind k : List.of(TableKind.DIRECTOR, TableKind.CHILD, TableKind.MATCH, TableKind.REPLICATED)) {
            for (TableDef t : tables) {
                if (t.kind() == k) {
                    out.add(t);
                }
            }
        }
        return out;
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

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
