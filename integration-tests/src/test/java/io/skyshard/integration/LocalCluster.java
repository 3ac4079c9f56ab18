package io.skyshard.integration;

import io.skyshard.common.catalog.Partitioning;
import io.skyshard.common.catalog.WorkerInfo;
import io.skyshard.common.sql.DuckDbFunctions;
import io.skyshard.czar.CzarConfig;
import io.skyshard.czar.CzarServer;
import io.skyshard.ingest.load.CatalogLoader;
import io.skyshard.ingest.load.SingleDuckDbLoader;
import io.skyshard.ingest.load.WorkerConnections;
import io.skyshard.ingest.partition.ChunkingFunction;
import io.skyshard.ingest.sample.SampleCatalog;
import io.skyshard.replication.ControllerConfig;
import io.skyshard.replication.ControllerServer;
import io.skyshard.worker.WorkerConfig;
import io.skyshard.worker.WorkerServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A whole cluster in one JVM over loopback gRPC: a controller, N workers (each with its own DuckDB
 * file) and a czar on ephemeral ports, loaded with the sample catalog; plus a single DuckDB holding
 * the same rows unpartitioned, the reference for differential tests.
 */
final class LocalCluster implements AutoCloseable {
    /** Worker count, overridable with -Dskyshard.test.workers=N. */
    static final int WORKERS = Integer.getInteger("skyshard.test.workers", 2);
    static final long OBJECTS = Long.getLong("skyshard.test.objects", 60_000);
    static final long SEED = 20261121L;
    /** Coarse chunks keep the test fast while still spreading the sky over hundreds of chunks. */
    static final Partitioning PARTITIONING = new Partitioning(3, 7, 1.0 / 60.0);

    final ControllerServer controller;
    final List<WorkerServer> workers = new ArrayList<>();
    final CzarServer czar;
    final Connection reference;

    LocalCluster(Path dir) throws Exception {
        this(dir, true);
    }

    /**
     * @param load true: load the sample catalog and build the reference DuckDB; false: reopen a
     *     cluster whose data directories already hold it (restart), with no reference
     */
    LocalCluster(Path dir, boolean load) throws Exception {
        controller = new ControllerServer(new ControllerConfig("127.0.0.1", 0, dir.resolve("controller"))).start();
        for (int i = 1; i <= WORKERS; i++) {
            WorkerServer w = new WorkerServer(new WorkerConfig("w" + i, "127.0.0.1", 0, dir.resolve("worker-" + i), 2, 0));
            w.start();
            workers.add(w);
            controller.registry().registerWorker(new WorkerInfo("w" + i, "127.0.0.1", w.port()));
        }
        SampleCatalog catalog = new SampleCatalog(SEED, OBJECTS, 10_000);
        SkyDataset sky = new SkyDataset(PARTITIONING, SEED);
        if (load) {
            try (WorkerConnections connections = new WorkerConnections();
                    CatalogLoader loader = new CatalogLoader(controller.store(), connections)) {
                loader.loadSample(catalog, PARTITIONING, (p, d, t) -> { });
                loader.load(sky.database(PARTITIONING), sky.tables(), sky::rows, (p, d, t) -> { });
            }
        }
        czar = new CzarServer(new CzarConfig("127.0.0.1", 0, 0, dir.resolve("czar"), Map.of("qsmaster", "")),
                controller.registry()).start();
        if (!load) {
            reference = null;
            return;
        }
        reference = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement st = reference.createStatement()) {
            for (String ddl : DuckDbFunctions.statements()) {
                st.execute(ddl);
            }
        }
        new SingleDuckDbLoader(reference).loadSample(catalog, PARTITIONING, false);
        new SingleDuckDbLoader(reference).load(sky.database(PARTITIONING), sky.tables(), sky::rows,
                ChunkingFunction.healpix(PARTITIONING), false);
        try (Statement st = reference.createStatement()) {
            // Reference queries name tables without a database, as cluster queries do with USE demo.
            st.execute("USE " + SampleCatalog.DATABASE);
        }
    }

    String jdbcUrl() {
        return jdbcUrl(SampleCatalog.DATABASE);
    }

    String jdbcUrl(String database) {
        return "jdbc:mariadb://127.0.0.1:" + czar.mysqlPort() + "/" + database + "?user=qsmaster";
    }

    /** A session of the reference DuckDB whose default schema is {@code database}. */
    Connection reference(String database) throws SQLException {
        Connection c = ((org.duckdb.DuckDBConnection) reference).duplicate();
        try (Statement st = c.createStatement()) {
            st.execute("USE " + database);
            st.execute("SET SESSION default_null_order = 'nulls_first_on_asc_last_on_desc'");
        }
        return c;
    }

    @Override
    public void close() throws Exception {
        if (reference != null) {
            reference.close();
        }
        czar.close();
        for (WorkerServer w : workers) {
            w.close();
        }
        controller.close();
    }
}
