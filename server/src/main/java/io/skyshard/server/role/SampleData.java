package io.skyshard.server.role;

import io.skyshard.common.catalog.ClusterSnapshot;
import io.skyshard.common.catalog.Partitioning;
import io.skyshard.ingest.load.CatalogLoader;
import io.skyshard.ingest.load.LoadReport;
import io.skyshard.ingest.load.ProgressListener;
import io.skyshard.ingest.sample.SampleCatalog;
import io.skyshard.server.console.ProgressBar;

/** Loading the synthetic sample catalog into a {@link LocalCluster}, shared by the demo and the benchmark. */
public final class SampleData {
    /**
     * Chunk order 2 (192 chunks of ~15 deg), sub-chunk order 8, overlap 1 arcmin. Chunk size should
     * follow data density: DuckDB pays roughly 0.1 ms per chunk table a statement touches, whatever
     * its size, so chunks must hold tens of thousands of rows for a full scan to cost about what one
     * big table costs. The demo and benchmark catalogs hold 1-5 M objects (5-26 k objects and 5x as
     * many sources per chunk at order 2); the production default, order 5, is meant for catalogs
     * of billions of rows. A cone search still touches one or two chunks, and each chunk table is
     * written sorted by a fine HEALPix index.
     */
    public static final Partitioning SAMPLE_PARTITIONING = new Partitioning(2, 8, 1.0 / 60.0);

    private SampleData() {}

    /** True when the registry already holds the sample database published with chunk placement (a finished load). */
    public static boolean isLoaded(ClusterSnapshot snapshot) {
        return snapshot.database(SampleCatalog.DATABASE).isPresent()
                && !snapshot.chunks(SampleCatalog.DATABASE).isEmpty();
    }

    /** Generates and loads {@code catalog}, drawing progress on {@code progress}. */
    public static LoadReport load(LocalCluster cluster, SampleCatalog catalog, ProgressBar progress) {
        // A database that is not published is what an interrupted load leaves behind: start it over.
        if (cluster.ingest().store().catalog().database(catalog.database()).isPresent()) {
            cluster.ingest().dropDatabase(catalog.database());
        }
        try (CatalogLoader loader = new CatalogLoader(cluster.ingest())) {
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
                case "load" -> progress.update("write to workers", done, total, "rows");
                case "commit" -> progress.update("commit + index", done, total, "steps");
                case "read", "write" -> progress.update(phase, done, total, "rows");
                default -> progress.update(phase, done, total, "steps");
            }
        };
    }
}
