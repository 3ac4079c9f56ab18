package io.skyshard.ingest.load;

import io.skyshard.common.catalog.Partitioning;
import io.skyshard.common.catalog.WorkerInfo;
import io.skyshard.ingest.sample.SampleCatalog;
import io.skyshard.replication.registry.MetadataStore;
import io.skyshard.worker.WorkerConfig;
import io.skyshard.worker.WorkerServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Load-speed benchmark (not a test: surefire skips it): generates the sample catalog and loads it
 * onto two real workers over loopback gRPC, printing the wall time per phase.
 *
 * <pre>java -cp ... io.skyshard.ingest.load.LoadBenchmark [objects=1000000] [chunkOrder=4]</pre>
 */
public final class LoadBenchmark {
    private LoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long objects = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int chunkOrder = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Partitioning partitioning = new Partitioning(chunkOrder, chunkOrder + 4, 1.0 / 60.0);
        SampleCatalog catalog = new SampleCatalog(2024, objects);
        Path dir = Files.createTempDirectory("skyshard-load-bench");
        long start = System.nanoTime();
        Map<String, Long> phaseEnd = new ConcurrentHashMap<>();
        try (WorkerServer a = new WorkerServer(WorkerConfig.local("w1", dir.resolve("w1"))).start();
                WorkerServer b = new WorkerServer(WorkerConfig.local("w2", dir.resolve("w2"))).start();
                MetadataStore registry = MetadataStore.inMemory();
                WorkerConnections connections = new WorkerConnections()) {
            registry.registerWorker(new WorkerInfo("w1", "127.0.0.1", a.port()));
            registry.registerWorker(new WorkerInfo("w2", "127.0.0.1", b.port()));
            long loadStart = System.nanoTime();
            LoadReport report;
            try (CatalogLoader loader = new CatalogLoader(registry, connections)) {
                report = loader.loadSample(catalog, partitioning, (phase, done, total) -> phaseEnd.put(phase, System.nanoTime()));
            }
            long end = System.nanoTime();
            System.out.printf("loaded %s in %d ms (workers started in %d ms): %d chunks, %d streams%n", report.rows(),
                    (end - loadStart) / 1_000_000, (loadStart - start) / 1_000_000, report.chunkCount(), report.streams());
            long prev = loadStart;
            for (String phase : new String[] {"partition", "load", "commit", "publish"}) {
                Long t = phaseEnd.get(phase);
                if (t != null) {
                    System.out.printf("  %-10s ends at %6d ms (+%d ms)%n", phase, (t - loadStart) / 1_000_000, (t - prev) / 1_000_000);
                    prev = t;
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
