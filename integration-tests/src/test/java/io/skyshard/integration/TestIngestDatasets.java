package io.skyshard.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.ingest.client.RestIngestClient;
import io.skyshard.ingest.dataset.QservDataset;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * All five Qserv integration-test catalogs, loaded with {@code skyshard ingest dataset} through the
 * REST API of a running cluster ({@link QservTestCatalogs}, shared with the dialect suite), each
 * under the database name of its configs: per table, the rows in the file (counted here from the raw
 * bytes), the rows the transaction reports and COUNT(*) through the czar's MySQL port agree, and
 * overlap copies are only in overlap tables. Also {@code skyshard partition} + {@code ingest
 * load-partitioned} on one case, giving the same counts.
 */
class TestIngestDatasets {
    private static final Pattern TRANSACTION = Pattern.compile("committed transaction (\\d+)");

    @TempDir
    Path dir;

    @Test
    void allFiveCasesLoadThroughTheCliWithMatchingRowCounts() throws Exception {
        QservTestCatalogs catalogs = QservTestCatalogs.get();
        int port = catalogs.cluster.czar.mysqlPort();
        try (RestIngestClient rest = new RestIngestClient(catalogs.restUrl, null)) {
            StringBuilder summary = new StringBuilder();
            for (String name : QservCases.CASES) {
                String out = catalogs.loadOutput.get(name);
                Matcher m = TRANSACTION.matcher(out);
                assertThat(m.find()).as(out).isTrue();
                QservDataset dataset = QservDataset.open(QservCases.dataset(name));
                assertThat(catalogs.database(name)).isEqualTo("qservTest_" + name + "_qserv");
                checkCounts(port, rest, dataset, catalogs.database(name), Long.parseLong(m.group(1)), summary);
            }
            System.out.println(summary);

            // The offline partitioner's output loads to the same counts.
            Path part = dir.resolve("part");
            Path case02 = QservCases.dataset("case02");
            TestRolesAsProcesses.cli("partition", case02.toString(), "--out", part.toString(), "--database", "parted_case02");
            String out = TestRolesAsProcesses.cli("ingest", "--url", catalogs.restUrl, "load-partitioned", part.toString());
            assertThat(out).contains("transaction", "committed", "published");
            QservDataset dataset = QservDataset.open(case02, "parted_case02");
            for (QservDataset.TableSource t : dataset.tables()) {
                assertThat(count(port, "parted_case02", t.table().name()))
                        .as("partitioned %s", t.table().name())
                        .isEqualTo(count(port, "qservTest_case02_qserv", t.table().name()));
            }
        }
    }

    private static void checkCounts(int port, RestIngestClient rest, QservDataset dataset, String db, long txn,
            StringBuilder summary) throws Exception {
        JsonNode status = rest.transactionStatus(txn);
        assertThat(status.path("state").asText()).isEqualTo("COMMITTED");
        Map<String, JsonNode> byTable = new HashMap<>();
        status.path("contributions").forEach(c -> byTable.put(c.path("table").asText(), c.path("stats")));
        for (QservDataset.TableSource t : dataset.tables()) {
            String table = t.table().name();
            long inFile = t.dataFile().isPresent() ? records(t.dataFile().get()) : 0;
            JsonNode stats = byTable.get(table);
            long read = stats == null ? 0 : stats.path("rowsRead").asLong();
            long loaded = stats == null ? 0 : stats.path("rowsLoaded").asLong();
            long skipped = stats == null ? 0 : stats.path("skippedRows").asLong();
            assertThat(read).as("%s.%s rows read", db, table).isEqualTo(inFile);
            assertThat(loaded).as("%s.%s rows loaded", db, table).isEqualTo(inFile - skipped);
            // Child rows without a director row are stored by their own position (Qserv's way): none is dropped.
            assertThat(skipped).as("%s.%s skipped", db, table).isZero();
            // COUNT(*) reads the chunk tables only: overlap copies are in the overlap tables.
            assertThat(count(port, db, table)).as("%s.%s COUNT(*)", db, table).isEqualTo(loaded);
            if (t.table().kind() == TableKind.DIRECTOR && loaded > 0) {
                assertThat(stats.path("overlapRows").asLong()).as("%s.%s overlap rows", db, table).isNotNegative();
            }
            summary.append(String.format("%s.%s %s read=%d loaded=%d skipped=%d overlap=%d%n", db, table, t.table().kind(), read, loaded,
                    skipped, stats == null ? 0 : stats.path("overlapRows").asLong()));
        }
    }

    private static long count(int port, String db, String table) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/" + db + "?user=qsmaster");
                Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM `" + table + "`")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Records of a MySQL dump: newlines that are not escaped by a backslash (quotes are not used in these files). */
    private static long records(Path file) throws Exception {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            byte[] buf = new byte[1 << 16];
            long records = 0;
            boolean escaped = false;
            boolean pending = false;
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (escaped) {
                        escaped = false;
                        pending = true;
                    } else if (b == '\\') {
                        escaped = true;
                    } else if (b == '\n') {
                        records++;
                        pending = false;
                    } else {
                        pending = true;
                    }
                }
            }
            return records + (pending ? 1 : 0);
        }
    }
}
