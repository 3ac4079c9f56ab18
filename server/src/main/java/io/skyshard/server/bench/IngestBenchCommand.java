package io.skyshard.server.bench;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.ingest.api.ContributionSources;
import io.skyshard.ingest.client.RestIngestClient;
import io.skyshard.ingest.reader.DelimitedWriter;
import io.skyshard.ingest.sample.SampleBlock;
import io.skyshard.ingest.sample.SampleCatalog;
import io.skyshard.replication.transaction.ContributionRecord;
import io.skyshard.server.config.CzarSettings;
import io.skyshard.server.console.ProgressBar;
import io.skyshard.server.role.LocalCluster;
import io.skyshard.server.role.RoleLifecycle;
import io.skyshard.server.role.SampleData;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code skyshard bench ingest}: the sample catalog written as TSV files, then loaded twice in the
 * same run: partitioned and loaded into a fresh cluster through its ingest service (one transaction,
 * the files read by the controller as a pipeline's files would be), and into one DuckDB with
 * {@code read_csv}, the single-node baseline. Prints rows/s and MB/s of both and the ratio.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Benchmarks partition + load of a generated catalog into a cluster against loading the same files",
            "into a single DuckDB (read_csv into a table), in the same run."})
public final class IngestBenchCommand implements Callable<Integer> {
    @Option(names = "--objects", defaultValue = "5000000", description = "Objects (about 5 sources each) (default: ${DEFAULT-VALUE}).")
    long objects;

    @Option(names = "--workers", defaultValue = "2", description = "Workers of the cluster (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--files", defaultValue = "2", description = "Files per table, loaded in parallel (default: ${DEFAULT-VALUE}).")
    int filesPerTable;

    @Option(names = "--threads-per-worker", defaultValue = "0",
            description = "DuckDB threads of each worker (default: the machine's cores divided among the workers).")
    int threadsPerWorker;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the catalog (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--warmup-objects", defaultValue = "-1", paramLabel = "N",
            description = {"Objects of an untimed warm-up load, into a throwaway cluster and DuckDB, before the timed ones",
                "(default: a fifth of --objects, at most 1,000,000; 0: no warm-up)."})
    long warmupObjects;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data/bench-ingest",
            description = "Scratch directory, emptied of earlier bench data first (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    private record Input(String table, List<Path> files, long rows, long bytes) {
    }

    /** One load: its wall time and the CPU time the whole process spent meanwhile (all threads, DuckDB's native ones too). */
    private record Result(String engine, long rows, long bytes, double seconds, double cpuSeconds) {
        double rowsPerSecond() {
            return rows / seconds;
        }

        double megabytesPerSecond() {
            return bytes / 1e6 / seconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (objects < 1 || workers < 1 || filesPerTable < 1 || threadsPerWorker < 0) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--objects, --workers and --files must be positive, --threads-per-worker not negative");
        }
        PrintStream out = System.out;
        BenchCommand.removeEarlierRun(dataDir);
        long warmup = warmupObjects >= 0 ? warmupObjects : Math.min(1_000_000, objects / 5);
        boolean preTouched = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+AlwaysPreTouch");
        // The cluster's costs depend on the JVM's heap setting (see the skyshard script), the reference's do not: say which.
        out.printf(Locale.ROOT, "JVM heap: %.1f GB max, %s%n", Runtime.getRuntime().maxMemory() / 1e9,
                preTouched ? "committed and pre-touched at start, as a long-running server's is"
                        : "grown on demand (a fresh JVM's page faults count as cluster load time)");
        if (warmup > 0) {
            // A controller and workers that have run for a while have compiled their hot code; a
            // fresh JVM spends its first gigabytes doing it, which would be measured as load time
            // (per-batch methods reach the optimising compiler's thresholds only after thousands of
            // batches). Loading a smaller catalog first, untimed, measures the steady state.
            out.printf(Locale.ROOT, "Warm-up (untimed): %,d objects into a throwaway cluster and DuckDB ...%n", warmup);
            Path scratch = dataDir.resolve("warmup");
            deleteTree(scratch);
            Files.createDirectories(scratch);
            try {
                SampleCatalog small = new SampleCatalog(seed + 1, warmup);
                List<Input> inputs = writeFiles(small, scratch.resolve("input"));
                long rows = inputs.stream().mapToLong(Input::rows).sum();
                long bytes = inputs.stream().mapToLong(Input::bytes).sum();
                Result c = loadCluster(small, inputs, rows, bytes, scratch, out);
                Result d = loadDuckDb(small, inputs, rows, bytes, scratch, out);
                out.printf(Locale.ROOT, "  warm-up rates: cluster %,.0f rows/s, single DuckDB %,.0f rows/s%n", c.rowsPerSecond(),
                        d.rowsPerSecond());
            } finally {
                deleteTree(scratch);
            }
        }
        Path input = dataDir.resolve("input");
        deleteTree(input);
        Files.createDirectories(input);
        SampleCatalog catalog = new SampleCatalog(seed, objects);
        out.printf(Locale.ROOT, "Writing the catalog as TSV: %,d objects and their sources, %d file(s) per table ...%n", objects, filesPerTable);
        List<Input> inputs = writeFiles(catalog, input);
        long totalRows = inputs.stream().mapToLong(Input::rows).sum();
        long totalBytes = inputs.stream().mapToLong(Input::bytes).sum();
        for (Input in : inputs) {
            out.printf(Locale.ROOT, "  %-8s %,14d rows %,10.1f MB in %d file(s)%n", in.table(), in.rows(), in.bytes() / 1e6, in.files().size());
        }

        Result cluster = loadCluster(catalog, inputs, totalRows, totalBytes, dataDir, out);
        Result duckdb = loadDuckDb(catalog, inputs, totalRows, totalBytes, dataDir, out);

        out.println();
        out.printf(Locale.ROOT, "%-34s %14s %10s %9s %12s %8s %9s%n", "engine", "rows", "MB", "seconds", "rows/s", "MB/s", "CPU s");
        for (Result r : List.of(cluster, duckdb)) {
            out.printf(Locale.ROOT, "%-34s %,14d %,10.1f %9.1f %,12.0f %8.1f %9.1f%n", r.engine(), r.rows(), r.bytes() / 1e6, r.seconds(),
                    r.rowsPerSecond(), r.megabytesPerSecond(), r.cpuSeconds());
        }
        out.printf(Locale.ROOT, "cluster / single DuckDB load rate: %.0f%% (target >= 50%%); CPU time per row: %.2fx DuckDB's%n",
                100.0 * duckdb.seconds() / cluster.seconds(), cluster.cpuSeconds() / duckdb.cpuSeconds());
        out.println("(one machine for everything: the cluster's workers, controller and the reference share the cores)");
        deleteTree(input);
        return cluster.rows() == duckdb.rows() ? 0 : 1;
    }

    /** Object and Source rows as TSV, {@code filesPerTable} files each, written by blocks generated in parallel. */
    private List<Input> writeFiles(SampleCatalog catalog, Path dir) throws Exception {
        Files.createDirectories(dir);
        int blocks = catalog.blockCount();
        List<Path> objectFiles = new ArrayList<>();
        List<Path> sourceFiles = new ArrayList<>();
        List<OutputStream> objectOut = new ArrayList<>();
        List<OutputStream> sourceOut = new ArrayList<>();
        for (int f = 0; f < filesPerTable; f++) {
            objectFiles.add(dir.resolve("Object-" + f + ".tsv"));
            sourceFiles.add(dir.resolve("Source-" + f + ".tsv"));
            objectOut.add(new BufferedOutputStream(Files.newOutputStream(objectFiles.getLast()), 1 << 20));
            sourceOut.add(new BufferedOutputStream(Files.newOutputStream(sourceFiles.getLast()), 1 << 20));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "bench-generator");
            t.setDaemon(true);
            return t;
        });
        long objectRows = 0;
        long sourceRows = 0;
        ProgressBar bar = ProgressBar.stderr();
        try {
            List<Future<SampleBlock>> ahead = new ArrayList<>();
            int next = 0;
            for (int b = 0; b < blocks; b++) {
                while (next < blocks && next < b + 4) {
                    int index = next++;
                    ahead.add(pool.submit(() -> catalog.block(index)));
                }
                SampleBlock block = ahead.removeFirst().get();
                // Contiguous ranges of blocks per file: a file's sources reference only objects already written.
                int file = (int) ((long) b * filesPerTable / blocks);
                DelimitedWriter.write(block.objects(), objectOut.get(file));
                DelimitedWriter.write(block.sources(), sourceOut.get(file));
                objectRows += block.objects().rowCount();
                sourceRows += block.sources().rowCount();
                // objects are what the user asked for; blocks are an implementation detail
                bar.update("write TSV", objectRows, catalog.objectCount(), "objects");
            }
        } finally {
            bar.finish();
            pool.shutdownNow();
            for (OutputStream o : objectOut) {
                o.close();
            }
            for (OutputStream o : sourceOut) {
                o.close();
            }
        }
        // The files just written are still dirty in the page cache, and the kernel writes them back
        // within its dirty-expiry time (30 s by default): during the next load timed, whichever
        // engine that is. Forcing them to disk here gives both engines the same clean start.
        for (Path f : java.util.stream.Stream.concat(objectFiles.stream(), sourceFiles.stream()).toList()) {
            try (FileChannel channel = FileChannel.open(f, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }
        return List.of(new Input("Object", objectFiles, objectRows, size(objectFiles)),
                new Input("Source", sourceFiles, sourceRows, size(sourceFiles)));
    }

    /** COUNT(*) of a table of a database just published: the czar sees it at its next snapshot refresh. */
    private static long countPublished(Statement st, String table) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return count(st, "SELECT COUNT(*) FROM " + table);
            } catch (java.sql.SQLException e) {
                if (System.nanoTime() > deadline || e.getMessage() == null || !e.getMessage().contains("Unknown database")) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /** CPU time of the whole process so far, in seconds: JVM threads and DuckDB's native threads alike. */
    private static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private Result loadCluster(SampleCatalog catalog, List<Input> inputs, long rows, long bytes, Path dir, PrintStream out)
            throws Exception {
        out.printf(Locale.ROOT, "Partitioning and loading into a %d-worker cluster (one transaction, files loaded in parallel) ...%n", workers);
        RoleLifecycle lifecycle = new RoleLifecycle("bench ingest", new PrintStream(PrintStream.nullOutputStream()));
        try (LocalCluster cluster = LocalCluster.start(new LocalCluster.Layout(dir, workers, "127.0.0.1", 0, 0,
                CzarSettings.DEFAULT_USERS, BenchCommand.workerThreads(threadsPerWorker, workers), 0, 0), lifecycle);
                RestIngestClient client = new RestIngestClient("http://127.0.0.1:" + cluster.ingestPort(), null)) {
            io.skyshard.common.catalog.DatabaseDef db = new io.skyshard.common.catalog.DatabaseDef(catalog.database(),
                    SampleData.SAMPLE_PARTITIONING);
            client.createDatabase(db);
            for (TableDef t : List.of(catalog.objectTable(), catalog.sourceTable())) {
                client.createTable(t);
            }
            ProgressBar bar = ProgressBar.stderr();
            AtomicLong sent = new AtomicLong();
            long start = System.nanoTime();
            double cpuStart = processCpuSeconds();
            long txn = client.begin(db.name(), "bench").id();
            long loaded = 0;
            try {
                for (Input in : inputs) {
                    TableDef t = in.table().equals("Object") ? catalog.objectTable() : catalog.sourceTable();
                    List<CompletableFuture<ContributionRecord>> parts = new ArrayList<>();
                    for (Path f : in.files()) {
                        ContributionSources.Spec spec = new ContributionSources.Spec(t.name(), null, null, "tsv", null, null, null, null,
                                null, null, t.columns().stream().map(ColumnDef::name).toList(), f.getFileName().toString(), null, null,
                                null, false);
                        long[] last = {0};
                        parts.add(CompletableFuture.supplyAsync(() -> client.contribute(txn, spec, f, true, n -> {
                            bar.update("partition + load", sent.addAndGet(n - last[0]), bytes, "bytes");
                            last[0] = n;
                        })));
                    }
                    for (CompletableFuture<ContributionRecord> p : parts) {
                        loaded += p.join().stats().rowsLoaded();
                    }
                }
                client.commit(txn);
            } finally {
                bar.finish();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = processCpuSeconds() - cpuStart;
            if (loaded != rows) {
                throw new IllegalStateException("the cluster loaded " + loaded + " rows of " + rows);
            }
            // Published first: an unpublished database does not exist for queries.
            client.publish(db.name());
            try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + cluster.mysqlPort() + "/?user=qsmaster");
                    Statement st = c.createStatement()) {
                long counted = countPublished(st, db.name() + ".Object") + countPublished(st, db.name() + ".Source");
                if (counted != rows) {
                    throw new IllegalStateException("COUNT(*) through the czar gives " + counted + " rows, " + rows + " were loaded");
                }
            }
            out.printf(Locale.ROOT, "  cluster: %,d rows in %.1f s%n", loaded, seconds);
            return new Result("cluster (" + workers + " workers): partition+load", loaded, bytes, seconds, cpu);
        }
    }

    private Result loadDuckDb(SampleCatalog catalog, List<Input> inputs, long rows, long bytes, Path dir, PrintStream out)
            throws Exception {
        out.println("Loading the same files into one DuckDB with read_csv ...");
        Path file = dir.resolve("reference.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath()); Statement st = c.createStatement()) {
            long start = System.nanoTime();
            double cpuStart = processCpuSeconds();
            long loaded = 0;
            for (Input in : inputs) {
                TableDef t = in.table().equals("Object") ? catalog.objectTable() : catalog.sourceTable();
                StringBuilder columns = new StringBuilder();
                for (ColumnDef col : t.columns()) {
                    columns.append(columns.isEmpty() ? "" : ", ").append('\'').append(col.name()).append("': '").append(col.duckDbType()).append('\'');
                }
                StringBuilder files = new StringBuilder();
                for (Path f : in.files()) {
                    files.append(files.isEmpty() ? "" : ", ").append('\'').append(f.toAbsolutePath().toString().replace("'", "''")).append('\'');
                }
                st.execute("CREATE TABLE \"" + t.name() + "\" AS SELECT * FROM read_csv([" + files + "], delim = '\\t', header = false,"
                        + " quote = '', escape = '', nullstr = '\\N', auto_detect = false, columns = {" + columns + "})");
                loaded += count(st, "SELECT COUNT(*) FROM \"" + t.name() + "\"");
            }
            st.execute("CHECKPOINT");
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = processCpuSeconds() - cpuStart;
            out.printf(Locale.ROOT, "  single DuckDB: %,d rows in %.1f s%n", loaded, seconds);
            return new Result("single DuckDB: read_csv into a table", loaded, bytes, seconds, cpu);
        }
    }

    private static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long size(List<Path> files) throws Exception {
        long n = 0;
        for (Path f : files) {
            n += Files.size(f);
        }
        return n;
    }

    private static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
