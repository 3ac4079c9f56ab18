package io.skyshard.integration;

import io.skyshard.ingest.dataset.QservDataset;
import io.skyshard.ingest.load.CatalogLoader;
import io.skyshard.ingest.load.ProgressListener;
import io.skyshard.ingest.load.WorkerConnections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The five Qserv integration-test catalogs ({@code ../shared/datasets/qserv-testdata/caseNN}) loaded
 * once per JVM into the shared cluster under their configured database names
 * ({@code qservTest_case01_qserv} ...) through the dataset loader, and unpartitioned into MariaDB as
 * the reference ({@link MariaDbReference}). Test classes share this: loading is the slow part.
 */
final class QservTestCatalogs {
    static final List<String> CASES = List.of("case01", "case02", "case03", "case04", "case05");

    private static QservTestCatalogs instance;

    final LocalCluster cluster;
    final MariaDbReference reference;
    /** case name -> database name in the cluster. */
    final Map<String, String> databases;
    private final Map<String, Connection> clients = new LinkedHashMap<>();

    private QservTestCatalogs(LocalCluster cluster, MariaDbReference reference, Map<String, String> databases) {
        this.cluster = cluster;
        this.reference = reference;
        this.databases = databases;
    }

    static synchronized QservTestCatalogs get() throws Exception {
        if (instance == null) {
            LocalCluster cluster = SharedCluster.get();
            Map<String, String> databases = new LinkedHashMap<>();
            try (WorkerConnections connections = new WorkerConnections()) {
                CatalogLoader loader = new CatalogLoader(cluster.controller.registry(), connections);
                for (String name : CASES) {
                    QservDataset dataset = QservDataset.open(root().resolve(name));
                    QservDataset.Report report = dataset.load(loader, QservDataset.UnknownKeyPolicy.SKIP, 4096,
                            ProgressListener.NONE);
                    databases.put(name, report.database());
                }
            }
            MariaDbReference reference = MariaDbReference.load(CASES.stream().map(c -> root().resolve(c)).toList());
            instance = new QservTestCatalogs(cluster, reference, databases);
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close));
        }
        return instance;
    }

    static Path root() {
        Path p = Path.of("../../shared/datasets/qserv-testdata").toAbsolutePath().normalize();
        if (!Files.isDirectory(p.resolve("case01"))) {
            throw new IllegalStateException("Qserv test catalogs not found at " + p + " (../shared must be beside the checkout)");
        }
        return p;
    }

    /** A MariaDB Connector/J connection to the cluster's MySQL port with the case's database as default. */
    synchronized Connection client(String caseName) throws Exception {
        Connection c = clients.get(caseName);
        if (c == null || c.isClosed()) {
            c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + cluster.czar.mysqlPort() + "/"
                    + database(caseName) + "?user=qsmaster");
            clients.put(caseName, c);
        }
        return c;
    }

    String database(String caseName) {
        String db = databases.get(caseName);
        if (db == null) {
            throw new IllegalArgumentException("unknown case " + caseName);
        }
        return db;
    }

    private synchronized void close() {
        for (Connection c : clients.values()) {
            try {
                c.close();
            } catch (Exception ignored) {
                // JVM exit
            }
        }
        reference.close();
    }
}
