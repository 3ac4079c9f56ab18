package io.skyshard.server.bench;

import io.skyshard.common.sql.DuckDbFunctions;
import io.skyshard.ingest.load.LoadReport;
import io.skyshard.ingest.load.SingleDuckDbLoader;
import io.skyshard.ingest.sample.SampleCatalog;
import io.skyshard.server.config.CzarSettings;
import io.skyshard.server.console.ProgressBar;
import io.skyshard.server.role.LocalCluster;
import io.skyshard.server.role.RoleLifecycle;
import io.skyshard.server.role.SampleData;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code skyshard bench}: the same sample catalog in an in-process cluster and in one DuckDB file
 * (sorted spatially, its best case), the same workloads against both, answers compared.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks a fresh in-process cluster against a single DuckDB holding the same data:",
            "full scan, cone searches, objectId lookups, GROUP BY, and concurrent cone-search throughput.",
            "'bench ingest' benchmarks loading instead."},
        subcommands = IngestBenchCommand.class)
public final class BenchCommand implements Callable<Integer> {
    static final double CONE_RADIUS_DEG = 0.05;

    @Option(names = "--objects", defaultValue = "5000000", description = "Objects in the catalog (default: ${DEFAULT-VALUE}).")
    long objects;

    @Option(names = "--workers", defaultValue = "2", description = "Number of workers (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data/bench",
            description = "Scratch directory, emptied of earlier bench data first (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the catalog and the query positions (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--duration", defaultValue = "30", description = "Seconds per engine of the concurrent workload (default: ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--clients", defaultValue = "8", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--mysql-port", defaultValue = "0", description = "Cluster MySQL port (default: any free port).")
    int mysqlPort;

    @Option(names = "--threads-per-worker", defaultValue = "0",
            description = "DuckDB threads of each worker (default: the machine's cores divided among the workers).")
    int threadsPerWorker;

    @Option(names = "--reuse", description = {"Keep the catalog an earlier run loaded into --data-dir with the same",
        "--objects, --seed and --workers instead of loading it again (to compare query-path changes quickly)."})
    boolean reuse;

    /** What a finished load was made from: a run with other parameters must not reuse it. */
    private static final String LOADED_MARKER = "bench-loaded.properties";

    @Override
    public Integer call() throws Exception {
        if (objects < 1 || workers < 1 || duration < 1 || clients < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--objects, --workers, --duration and --clients must be positive");
        }
        PrintStream out = System.out;
        java.util.Properties loadedWith = new java.util.Properties();
        loadedWith.setProperty("objects", Long.toString(objects));
        loadedWith.setProperty("seed", Long.toString(seed));
        loadedWith.setProperty("workers", Integer.toString(workers));
        loadedWith.setProperty("partitioning", SampleData.SAMPLE_PARTITIONING.toString());
        boolean reusing = reuse && loadedWith.equals(readMarker(dataDir));
        if (!reusing) {
            if (reuse) {
                out.println("No earlier load with these parameters in " + dataDir + ": loading.");
            }
            removeEarlierRun(dataDir);
        }
        SampleCatalog catalog = new SampleCatalog(seed, objects);
        Path referenceFile = dataDir.resolve("reference.duckdb");

        RoleLifecycle lifecycle = new RoleLifecycle("bench", out);
        lifecycle.stopOnExit();
        try (LocalCluster cluster = LocalCluster.start(new LocalCluster.Layout(dataDir, workers, "127.0.0.1", mysqlPort, 0,
                CzarSettings.DEFAULT_USERS, workerThreads(threadsPerWorker, workers), 0), lifecycle)) {
            LoadReport report = null;
            if (reusing) {
                out.printf(Locale.ROOT, "Reusing the %,d objects loaded earlier into %s%n", objects, dataDir);
            } else {
                out.printf(Locale.ROOT, "Loading %,d objects into the cluster (%d workers) ...%n", objects, workers);
                ProgressBar progress = ProgressBar.stderr();
                report = SampleData.load(cluster, catalog, progress);
                out.printf(Locale.ROOT, "  cluster: %s rows in %d chunks, %.1f s%n", report.rows(), report.chunkCount(),
                        report.elapsed().toMillis() / 1000.0);
                out.printf(Locale.ROOT, "Loading the same catalog into one DuckDB (%s, sorted spatially) ...%n", referenceFile);
            }
            String clusterUrl = "jdbc:mariadb://127.0.0.1:" + cluster.mysqlPort() + "/" + SampleCatalog.DATABASE
                    + "?user=qsmaster&password=";
            try (DuckDBConnection reference = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + referenceFile)) {
                if (report != null) {
                    long t0 = System.nanoTime();
                    Map<String, Long> referenceRows = new SingleDuckDbLoader(reference)
                            .loadSample(catalog, SampleData.SAMPLE_PARTITIONING, true);
                    out.printf(Locale.ROOT, "  reference: %s rows, %.1f s%n", referenceRows, (System.nanoTime() - t0) / 1e9);
                    if (!referenceRows.equals(report.rows())) {
                        out.println("MISMATCH: the cluster loaded " + report.rows() + " rows, the reference " + referenceRows);
                        return 1;
                    }
                    writeMarker(dataDir, loadedWith);
                }
                try (Statement st = reference.createStatement()) {
                    for (String sql : DuckDbFunctions.statements()) {
                        st.execute(sql);
                    }
                }
                BenchRunner runner = new BenchRunner(() -> DriverManager.getConnection(clusterUrl),
                        () -> referenceSession(reference));
                List<WorkloadResult> results = run(runner, out);
                printTable(out, results);
                long mismatches = results.stream().mapToLong(WorkloadResult::mismatches).sum();
                if (mismatches > 0) {
                    out.println("MISMATCH: the cluster and the reference disagreed on " + mismatches + " queries:");
                    results.stream().filter(r -> r.mismatches() > 0)
                            .forEach(r -> out.println("  " + r.name() + ": " + r.firstMismatch()));
                    return 1;
                }
                out.println("All answers agreed between the cluster and the reference DuckDB.");
                return 0;
            }
        }
    }

    /**
     * A connection of its own for one reference client (DuckDB runs concurrent queries only on
     * separate connections), resolving unqualified table names in the catalog's schema.
     */
    private static Connection referenceSession(DuckDBConnection reference) throws SQLException {
        Connection c = reference.duplicate();
        try (Statement st = c.createStatement()) {
            st.execute("SET search_path = '" + SampleCatalog.DATABASE + ",main'");
        }
        return c;
    }

    private List<WorkloadResult> run(BenchRunner runner, PrintStream out) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5EEDL);
        List<WorkloadResult> results = new ArrayList<>();

        String scan = "SELECT COUNT(*), AVG(r_psfFlux) FROM Object WHERE g_psfFlux > 20000 AND refExtendedness < 0.5";
        String histogram = "SELECT FLOOR(coord_dec / 10) AS b, COUNT(*) AS n FROM Object GROUP BY FLOOR(coord_dec / 10)";

        // Steady state is what a long-running server shows: every kind of query runs first, on both
        // engines and uncounted, until the JIT has compiled the paths it takes and the caches are warm
        // (other positions and keys than those measured).
        out.println("Warming up both engines with every kind of query ...");
        runner.sequential("warm-up", repeat(BenchQuery.same(scan), 10));
        runner.sequential("warm-up", repeat(BenchQuery.same(histogram), 10));
        runner.sequential("warm-up", cones(random, 300));
        runner.sequential("warm-up", lookups(random, 300));

        out.println("Running (a) full-scan filter + aggregate ...");
        results.add(runner.sequential("(a) full scan filter+aggregate", repeat(BenchQuery.same(scan), 20)));

        out.println("Running (b) 200 cone searches r=0.05 deg ...");
        results.add(runner.sequential("(b) cone search r=0.05", cones(random, 200)));

        out.println("Running (c) 500 objectId lookups ...");
        results.add(runner.sequential("(c) objectId lookup", lookups(random, 500)));

        out.println("Running (d) GROUP BY histogram ...");
        results.add(runner.sequential("(d) GROUP BY histogram", repeat(BenchQuery.same(histogram), 20)));

        out.printf(Locale.ROOT, "Running (e) %d concurrent clients sending cone searches, %d s per engine ...%n", clients, duration);
        List<BenchQuery> pool = cones(random, 10_000);
        results.add(runner.concurrent("(e) " + clients + " clients cone search", clients, Duration.ofSeconds(duration),
                i -> pool.get(i % pool.size())));
        return results;
    }

    /** Lookups of random existing objectIds. */
    private List<BenchQuery> lookups(SplittableRandom random, int count) {
        List<BenchQuery> queries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long id = SampleCatalog.OBJECT_ID_BASE + random.nextLong(objects);
            queries.add(BenchQuery.same("SELECT objectId, coord_ra, coord_dec, r_psfFlux FROM Object WHERE objectId = " + id));
        }
        return queries;
    }

    private static List<BenchQuery> repeat(BenchQuery q, int times) {
        return java.util.Collections.nCopies(times, q);
    }

    /** Cone centres uniform on the sphere (uniform in ra and in sin(dec)). */
    static List<BenchQuery> cones(SplittableRandom random, int count) {
        List<BenchQuery> queries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double ra = random.nextDouble() * 360.0;
            double dec = Math.toDegrees(Math.asin(2.0 * random.nextDouble() - 1.0));
            queries.add(new BenchQuery(
                    String.format(Locale.ROOT, "SELECT objectId, coord_ra, coord_dec FROM Object "
                            + "WHERE qserv_areaspec_circle(%.6f, %.6f, %s)", ra, dec, CONE_RADIUS_DEG),
                    // The declination window lets DuckDB's zone maps skip row groups of the spatially
                    // sorted table: what a user tuning the single-node baseline would write.
                    String.format(Locale.ROOT, "SELECT objectId, coord_ra, coord_dec FROM Object "
                            + "WHERE coord_dec BETWEEN %.6f AND %.6f "
                            + "AND scisql_s2PtInCircle(coord_ra, coord_dec, %.6f, %.6f, %s) = 1",
                            dec - CONE_RADIUS_DEG, dec + CONE_RADIUS_DEG, ra, dec, CONE_RADIUS_DEG)));
        }
        return queries;
    }

    static void printTable(PrintStream out, List<WorkloadResult> results) {
        out.println();
        out.printf(Locale.ROOT, "%-34s %6s %11s %9s %11s %9s %8s %11s %11s %10s %10s %8s%n", "workload", "n", "cluster med",
                "p95", "duckdb med", "p95", "ratio", "cluster q/s", "duckdb q/s", "cl cpu/q", "db cpu/q", "cpu ratio");
        for (WorkloadResult r : results) {
            out.printf(Locale.ROOT, "%-34s %6d %11s %9s %11s %9s %8s %11s %11s %10s %10s %8s%n", r.name(), r.cluster().count(),
                    ms(r.cluster().medianMs()), ms(r.cluster().p95Ms()), ms(r.reference().medianMs()), ms(r.reference().p95Ms()),
                    ratio(r.cluster().medianMs(), r.reference().medianMs()),
                    qps(r.cluster().queriesPerSecond()), qps(r.reference().queriesPerSecond()),
                    ms(r.cluster().cpuMsPerQuery()), ms(r.reference().cpuMsPerQuery()),
                    ratio(r.cluster().cpuMsPerQuery(), r.reference().cpuMsPerQuery()));
        }
        out.println("(times in ms; ratio = cluster median / DuckDB median, lower is better for the cluster;");
        out.println(" cpu/q = CPU time of the whole process per query (client, czar and workers, or DuckDB), which other");
        out.println(" work on the machine does not inflate: compare the cpu ratio when the machine is not idle)");
        out.println();
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "-" : String.format(Locale.ROOT, "%.2fx", a / b);
    }

    private static String qps(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static java.util.Properties readMarker(Path dir) {
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newInputStream(dir.resolve(LOADED_MARKER))) {
            p.load(in);
        } catch (IOException e) {
            // no finished earlier load: nothing to reuse
        }
        return p;
    }

    private static void writeMarker(Path dir, java.util.Properties p) throws IOException {
        try (var out = Files.newOutputStream(dir.resolve(LOADED_MARKER))) {
            p.store(out, "parameters of the catalog loaded by skyshard bench");
        }
    }

    /**
     * Removes what an earlier bench run left in {@code dir}: only the entries the benchmark itself
     * creates, so pointing --data-dir at the wrong directory cannot delete unrelated files.
     */
    /**
     * DuckDB threads of each worker of a bench cluster: as asked, else the machine's cores shared
     * among the workers, so that the cluster has as many threads as the single-DuckDB reference.
     */
    static int workerThreads(int requested, int workers) {
        return requested > 0 ? requested : Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
    }

    static void removeEarlierRun(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (name.equals("controller") || name.equals("czar") || name.matches("worker-\\d+")
                        || name.startsWith("reference.duckdb") || name.equals(LOADED_MARKER)) {
                    deleteRecursively(p);
                }
            }
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        try (Stream<Path> walk = Files.walk(p)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
