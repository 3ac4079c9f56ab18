package io.skyshard.ingest.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.common.catalog.WorkerInfo;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.CzarConfig;
import io.skyshard.czar.CzarServer;
import io.skyshard.czar.query.QueryResult;
import io.skyshard.czar.query.Session;
import io.skyshard.ingest.IngestErrorCode;
import io.skyshard.ingest.api.ControllerRestApi;
import io.skyshard.ingest.client.RestIngestClient;
import io.skyshard.ingest.load.LoadOptions;
import io.skyshard.ingest.load.ProgressListener;
import io.skyshard.ingest.load.WorkerConnections;
import io.skyshard.ingest.partition.UnknownKeyPolicy;
import io.skyshard.ingest.service.IngestService;
import io.skyshard.replication.registry.MetadataStore;
import io.skyshard.worker.WorkerConfig;
import io.skyshard.worker.WorkerServer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads Qserv test catalogs into a cluster in this JVM (registry, two real workers on DuckDB, a real
 * czar) through the controller's REST API (files uploaded by the REST client, as {@code skyshard
 * ingest dataset} does) and checks every table's row count three ways: rows in the file (counted by
 * a splitter independent of the reader), the contribution's report, and COUNT(*) through the czar.
 * The integration tests load all five through the CLI; here one, and the bad-input cases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestQservDatasetLoad {
    @TempDir
    static Path tmp;
    private MetadataStore registry;
    private WorkerServer w1;
    private WorkerServer w2;
    private WorkerConnections connections;
    private CzarServer czar;
    private IngestService ingest;
    private ControllerRestApi api;
    private RestIngestClient client;

    @BeforeAll
    void start() throws Exception {
        registry = MetadataStore.inMemory();
        w1 = new WorkerServer(new WorkerConfig("w1", "127.0.0.1", 0, tmp.resolve("w1"), 1, 0)).start();
        w2 = new WorkerServer(new WorkerConfig("w2", "127.0.0.1", 0, tmp.resolve("w2"), 1, 0)).start();
        registry.registerWorker(new WorkerInfo("w1", "127.0.0.1", w1.port()));
        registry.registerWorker(new WorkerInfo("w2", "127.0.0.1", w2.port()));
        connections = new WorkerConnections();
        czar = new CzarServer(new CzarConfig("127.0.0.1", 0, 0, tmp.resolve("czar"), Map.of("qsmaster", "")), registry).start();
        ingest = new IngestService(registry, connections, LoadOptions.DEFAULT);
        api = ControllerRestApi.start(ingest, "127.0.0.1", 0, "", tmp.resolve("spool"));
        client = new RestIngestClient("http://127.0.0.1:" + api.port(), null);
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        if (api != null) {
            api.close();
        }
        if (ingest != null) {
            ingest.close();
        }
        if (czar != null) {
            czar.close();
        }
        if (connections != null) {
            connections.close();
        }
        if (w1 != null) {
            w1.close();
        }
        if (w2 != null) {
            w2.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void loadsACatalogThroughTheRestApiWithMatchingRowCounts() throws Exception {
        String name = "case01";
        QservDataset dataset = QservDataset.open(QservTestData.dataset(name), "rest_case01");
        QservDataset.Report report = dataset.load(client, UnknownKeyPolicy.SKIP, false, ProgressListener.NONE);
        assertThat(report.tables()).hasSameSizeAs(dataset.tables());
        for (QservDataset.TableSource source : dataset.tables()) {
            String table = source.table().name();
            QservDataset.TableResult result = report.table(table).orElseThrow();
            long inFile = 0;
            long unknown = 0;
            if (source.dataFile().isPresent()) {
                List<List<String>> records = records(source);
                inFile = records.size();
                for (List<String> r : records) {
                    assertThat(r).as("%s %s record field count", name, table).hasSize(source.fileColumns().size());
                }
                if (source.table().kind() == TableKind.CHILD) {
                    unknown = unknownKeys(dataset, source, records);
                }
            }
            assertThat(result.rowsRead()).as("%s.%s rows read", name, table).isEqualTo(inFile);
            assertThat(result.skipped()).as("%s.%s unknown or NULL director keys", name, table).isGreaterThanOrEqualTo(unknown);
            assertThat(result.rowsLoaded()).as("%s.%s rows loaded", name, table).isEqualTo(inFile - result.skipped());
            assertThat(count(report.database(), table)).as("%s.%s COUNT(*) through the czar", name, table)
                    .isEqualTo(result.rowsLoaded());
        }
        assertThat(registry.isPublished("rest_case01")).isTrue();
    }

    @Test
    void rejectModeFailsOnTheFirstOrphanChildRowNamingFileAndLine() {
        QservDataset dataset = QservDataset.open(QservTestData.dataset("case01"), "reject_case01");
        assertThatThrownBy(() -> dataset.load(client, UnknownKeyPolicy.REJECT, false, ProgressListener.NONE))
                .isInstanceOfSatisfying(SkyshardException.class, e -> assertThat(e.code()).isEqualTo(IngestErrorCode.UNKNOWN_DIRECTOR_KEY))
                .hasMessageContaining("Source.tsv.gz line ")
                .hasMessageContaining("has no row in director table reject_case01.Object");
        // Nothing of the failed load stays registered.
        assertThat(registry.catalog().database("reject_case01")).isEmpty();
    }

    @Test
    void duplicateOrNullDirectorKeysFailNamingFileAndLines() throws Exception {
        Path dup = tinyDataset("dup", "1,10.0,5.0\n2,11.0,5.0\n1,12.0,5.0\n");
        assertThatThrownBy(() -> QservDataset.open(dup).load(client, UnknownKeyPolicy.SKIP, false, ProgressListener.NONE))
                .isInstanceOfSatisfying(SkyshardException.class, e -> assertThat(e.code()).isEqualTo(IngestErrorCode.DUPLICATE_DIRECTOR_KEY))
                .hasMessage(dup.resolve("Obj.csv") + " line 3: director table Obj: key 1 repeats the row at " + dup.resolve("Obj.csv") + " line 1");
        Path nullKey = tinyDataset("nullkey", "1,10.0,5.0\n\\N,11.0,5.0\n");
        assertThatThrownBy(() -> QservDataset.open(nullKey).load(client, UnknownKeyPolicy.SKIP, false, ProgressListener.NONE))
                .hasMessage(nullKey.resolve("Obj.csv") + " line 2: table tiny_nullkey.Obj: director key id is NULL");
        assertThat(registry.catalog().database("tiny_dup")).isEmpty();
        Path bad = tinyDataset("bad", "1,10.0,5.0\n2,north,5.0\n");
        assertThatThrownBy(() -> QservDataset.open(bad).load(client, UnknownKeyPolicy.SKIP, false, ProgressListener.NONE))
                .hasMessage(bad.resolve("Obj.csv") + " line 2, column 2 (ra): 'north' is not a number");
    }

    /** A one-table director dataset with id NOT NULL (so NULL keys reach the director check via a nullable key). */
    private static Path tinyDataset(String name, String rows) throws Exception {
        Path dir = tmp.resolve("tiny-" + name);
        java.nio.file.Files.createDirectories(dir.resolve("ingest"));
        java.nio.file.Files.writeString(dir.resolve("ingest/database.json"),
                "{\"database\":\"tiny_" + name + "\",\"num_stripes\":85,\"num_sub_stripes\":12,\"overlap\":0.01667}");
        java.nio.file.Files.writeString(dir.resolve("ingest/Obj.json"), """
                {"database":"tiny_%s","table":"Obj","is_partitioned":1,"director_table":"","director_key":"id",
                 "latitude_key":"decl","longitude_key":"ra",
                 "schema":[{"name":"id","type":"bigint(20) DEFAULT NULL"},{"name":"ra","type":"double NOT NULL"},
                           {"name":"decl","type":"double NOT NULL"},{"name":"chunkId","type":"int(11) NOT NULL"},
                           {"name":"subChunkId","type":"int(11) NOT NULL"}]}""".formatted(name));
        java.nio.file.Files.writeString(dir.resolve("Obj.csv"), rows);
        return dir;
    }

    private long count(String database, String table) throws Exception {
        try (QueryResult r = czar.queryService().execute("SELECT COUNT(*) FROM `" + table + "`", new Session("qsmaster", database))) {
            assertThat(r.next()).isTrue();
            return ((Number) r.value(0)).longValue();
        }
    }

    private static List<List<String>> records(QservDataset.TableSource source) throws Exception {
        char quote = source.format().quote() < 0 ? 0 : (char) source.format().quote();
        return QservTestData.records(source.dataFile().orElseThrow(), (char) source.format().delimiter(), quote);
    }

    private static long unknownKeys(QservDataset dataset, QservDataset.TableSource child, List<List<String>> childRecords) throws Exception {
        QservDataset.TableSource director = dataset.table(child.table().directorTable()).orElseThrow();
        Set<String> keys = new HashSet<>();
        if (director.dataFile().isPresent()) {
            int k = index(director.fileColumns(), director.table().directorKey());
            for (List<String> r : records(director)) {
                keys.add(r.get(k));
            }
        }
        int c = index(child.fileColumns(), child.table().directorKey());
        return childRecords.stream().filter(r -> !r.get(c).equals("\\N") && !keys.contains(r.get(c))).count();
    }

    private static int index(List<ColumnDef> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new AssertionError("no column " + name);
    }
}
