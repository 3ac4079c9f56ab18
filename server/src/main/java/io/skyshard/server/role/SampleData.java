package io.skyshard.server.role;

import io.skyshard.common.catalog.ClusterSnapshot;
import io.skyshard.common.catalog.Partitioning;
import io.skyshard.ingest.load.CatalogLoader;
import io.skyshard.ingest.load.LoadReport;
import io.skyshard.ingest.load.ProgressListener;
import io.skyshard.ingest.load.WorkerConnections;
import io.skyshard.ingest.sample.SampleCatalog;
import io.skyshard.server.console.ProgressBar;

/** Loading the synthetic sample catalog into a {@link LocalCluster}, shared by the demo and the benchmark. */
public final class SampleData {
    /**
     * Chunk order 4 (3,072 chunks of ~3.7 deg), sub-chunk order 8, overlap 1 arcmin. The demo and
     * benchmark catalogs hold 1-5 M objects: at the production default (order 5, 12,288 chunks)
     * most chunks would hold a few dozen rows and a full scan would pay DuckDB's per-statement
     * floor twelve thousand times for almost no data; order 4 keeps chunks at hundreds to a few
     * thousand objects while cone searches still touch one or two chunks.
     */
    public static final Partitioning SAMPLE_PARTITIONING = new Partitioning(4, 8, 1.0 / 60.0);

    private SampleData() {}

    /** True when the registry already holds the sample database with chunk placement (a finished load). */
    public static boolean isLoaded(ClusterSnapshot snapshot) {
        return snapshot.database(SampleCatalog.DATABASE).isPresent()
                && !snapshot.chunks(SampleCatalog.DATABASE).isEmpty();
    }

    /** Generates and loads {@code catalog}, drawing progress on {@code progress}. */
    public static LoadReport load(LocalCluster cluster, SampleCatalog catalog, ProgressBar progress) {
        // A database without placement is what an interrupted load leaves behind: start it over.
        if (cluster.registry().snapshot().database(catalog.database()).isPresent()) {
            cluster.registry().dropDatabase(catalog.database());
        }
        try (WorkerConnections connections = new WorkerConnections()) {
            CatalogLoader loader = new CatalogLoader(cluster.registry(), connections);
            LoadReport report = loader.loadSample(catalog, SAMPLE_PARTITIONING, listener(catalog, progress));
            progress.finish();
            return report;
        }
    }

    /**
     * Translates the loader's phases into display units: partitioning counts generated blocks, which
     * are turned back into objects so the user sees rows per second.
     */
    public static ProgressListener listener(SampleCatalog catalog, ProgressBar progress) {
        return (phase, done, total) -> {
            switch (phase) {
                case "partition" -> progress.update("generate + partition",
                        Math.min(catalog.objectCount(), done * catalog.blockObjects()), catalog.objectCount(), "objects");
                case "load" -> progress.update("load chunk tables", done, total, "chunks");
                case "index" -> progress.update("director index", done, total, "keys");
                default -> progress.update(phase, done, total, "steps");
            }
        };
    }
}
