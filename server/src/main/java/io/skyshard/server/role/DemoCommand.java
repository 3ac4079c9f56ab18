package io.skyshard.server.role;

import io.skyshard.common.catalog.ClusterSnapshot;
import io.skyshard.ingest.load.LoadReport;
import io.skyshard.ingest.sample.SampleCatalog;
import io.skyshard.server.config.CzarSettings;
import io.skyshard.server.console.ProgressBar;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code skyshard demo}: a whole cluster in one process on loopback with a sample catalog, loaded
 * on first start and reused afterwards.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Starts a controller, workers and a czar in one process on 127.0.0.1 and loads the sample",
            "catalog (database 'demo': Object, Source, Filter) on first start. Stop with Ctrl-C."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data/demo",
            description = "Where the cluster keeps its data (default: ${DEFAULT-VALUE}). Delete it to regenerate.")
    Path dataDir;

    @Option(names = "--objects", defaultValue = "1000000",
            description = "Objects in the sample catalog, each with 1-9 sources (default: ${DEFAULT-VALUE}).")
    long objects;

    @Option(names = "--workers", defaultValue = "2", description = "Number of workers (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the sample catalog (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--mysql-port", defaultValue = "4040", description = "MySQL protocol port (default: ${DEFAULT-VALUE}).")
    int mysqlPort;

    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP SQL API port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--ingest-port", defaultValue = "8090",
            description = "Controller REST API port, for skyshard ingest (default: ${DEFAULT-VALUE}).")
    int ingestPort;

    @Override
    public Integer call() {
        if (workers < 1 || workers > 64) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--workers must be in 1..64, got " + workers);
        }
        PrintStream out = System.out;
        RoleLifecycle lifecycle = new RoleLifecycle("demo", out);
        lifecycle.stopOnExit();
        int cores = Runtime.getRuntime().availableProcessors();
        LocalCluster cluster = LocalCluster.start(new LocalCluster.Layout(dataDir, workers, "127.0.0.1", mysqlPort, httpPort,
                CzarSettings.DEFAULT_USERS, Math.max(1, cores / workers), 0, ingestPort), lifecycle);
        try {
            ClusterSnapshot snapshot = cluster.registry().snapshot();
            if (SampleData.isLoaded(snapshot)) {
                out.printf(Locale.ROOT, "Using the sample catalog already in %s (%d chunks); delete that directory to regenerate.%n",
                        dataDir.toAbsolutePath(), snapshot.chunks(SampleCatalog.DATABASE).size());
            } else {
                out.printf(Locale.ROOT, "Generating and loading the sample catalog: %,d objects, seed %d, %d workers ...%n",
                        objects, seed, workers);
                out.flush();
                LoadReport report = SampleData.load(cluster, new SampleCatalog(seed, objects), ProgressBar.stderr());
                out.printf(Locale.ROOT, "Loaded %s into %d chunks in %.1f s.%n", report.rows(), report.chunkCount(),
                        report.elapsed().toMillis() / 1000.0);
            }
        } catch (RuntimeException e) {
            lifecycle.closeAll();
            throw e;
        }
        printHowToConnect(out, cluster);
        lifecycle.awaitShutdown();
        return 0;
    }

    private static void printHowToConnect(PrintStream out, LocalCluster cluster) {
        int mysql = cluster.mysqlPort();
        int http = cluster.httpPort();
        out.println();
        out.printf("skyshard demo ready: %d workers, MySQL protocol on 127.0.0.1:%d, HTTP API on http://127.0.0.1:%d,"
                + " ingest REST API on http://127.0.0.1:%d/ingest%n", cluster.workers().size(), mysql, http, cluster.ingestPort());
        out.println();
        out.println("Connect with:");
        out.printf("  mariadb -h 127.0.0.1 -P %d -u qsmaster demo%n", mysql);
        out.println("and try:");
        out.println("  SELECT COUNT(*) FROM Object;");
        out.println("  SELECT objectId, coord_ra, coord_dec FROM Object WHERE qserv_areaspec_circle(150.1, 2.2, 0.05);");
        out.println("  SELECT objectId, band, psfFlux FROM Source WHERE objectId = " + SampleCatalog.OBJECT_ID_BASE + ";");
        out.printf("TAP service (TOPCAT, pyvo): http://127.0.0.1:%d/tap%n", http);
        out.println("Or over HTTP:");
        out.printf("  curl -s http://127.0.0.1:%d/query -H 'Content-Type: application/json' \\%n"
                + "       -d '{\"query\": \"SELECT COUNT(*) FROM Object\", \"database\": \"demo\"}'%n", http);
        out.println("Load more data with:");
        out.printf("  ./skyshard ingest --url http://127.0.0.1:%d dataset ../shared/datasets/qserv-testdata/case01%n",
                cluster.ingestPort());
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
