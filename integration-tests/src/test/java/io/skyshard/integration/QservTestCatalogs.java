package io.skyshard.integration;

import io.skyshard.ingest.api.ControllerRestApi;
import io.skyshard.ingest.dataset.QservDataset;
import io.skyshard.ingest.load.LoadOptions;
import io.skyshard.ingest.load.WorkerConnections;
import io.skyshard.ingest.service.IngestService;
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
 * ({@code qservTest_case01_qserv} ...) with {@code skyshard ingest dataset} through the controller's
 * REST API (started here on the shared cluster's controller), and unpartitioned into MariaDB as the
 * reference ({@link MariaDbReference}). Test classes share this: loading is the slow part.
 */
final class QservTestCatalogs {
    static final List<String> CASES = List.of("case01", "case02", "case03", "case04", "case05");

    private static QservTestCatalogs instance;

    final LocalCluster cluster;
    final MariaDbReference reference;
    /** case name -> database name in the cluster. */
    final Map<String, String> databases;
    /** case name -> what {@code skyshard ingest dataset} printed. */
    final Map<String, String> loadOutput;
    /** The controller's REST API of the shared cluster. */
    final String restUrl;
    private final Map<String, Connection> clients = new LinkedHashMap<>();

    private QservTestCatalogs(LocalCluster cluster, MariaDbReference reference, Map<String, String> databases,
            Map<String, String> loadOutput, String restUrl) {
        this.cluster = cluster;
        this.reference = reference;
        this.databases = databases;
        this.loadOutput = loadOutput;
        this.restUrl = restUrl;
    }

    static synchronized QservTestCatalogs get() throws Exception {
        if (instance == null) {
            LocalCluster cluster = SharedCluster.get();
            // The controller's ingest service and REST API, for the JVM's lifetime (as the shared cluster).
            WorkerConnections connections = new WorkerConnections();
            IngestService ingest = new IngestService(cluster.controller.store(), connections, LoadOptions.DEFAULT);
            ControllerRestApi api = ControllerRestApi.start(ingest, "127.0.0.1", 0, null,
                    Files.createTempDirectory("skyshard-it-spool"));
            String url = "http://127.0.0.1:" + api.port();
            Map<String, String> databases = new LinkedHashMap<>();
            Map<String, String> outputs = new LinkedHashMap<>();
            for (String name : CASES) {
                outputs.put(name, TestRolesAsProcesses.cli("ingest", "--url", url, "dataset", root().resolve(name).toString()));
                databases.put(name, QservDataset.open(root().resolve(name)).database().name());
            }
            MariaDbReference reference = MariaDbReference.load(CASES.stream().map(c -> root().resolve(c)).toList());
            instance = new QservTestCatalogs(cluster, reference, databases, outputs, url);
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
