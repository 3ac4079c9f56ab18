package io.skyshard.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skyshard.common.catalog.WorkerInfo;
import io.skyshard.czar.CzarConfig;
import io.skyshard.czar.CzarServer;
import io.skyshard.czar.query.QueryResult;
import io.skyshard.czar.query.Session;
import io.skyshard.ingest.load.LoadOptions;
import io.skyshard.ingest.load.WorkerConnections;
import io.skyshard.ingest.service.IngestService;
import io.skyshard.replication.registry.MetadataStore;
import io.skyshard.worker.WorkerConfig;
import io.skyshard.worker.WorkerServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller's ingest REST API over real HTTP, with real workers and a real czar: catalog
 * definitions in every accepted form, loads of CSV (uploaded, with a header), gzip TSV (a path on the
 * ingest host) and Parquet, match and replicated tables, the type mapping as stored by the workers,
 * and every kind of bad input, each failing its contribution whole (rows read before the bad line
 * already sat on the workers: small flushes) with an error naming file, line, column and reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestIngestRestApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private MetadataStore store;
    private WorkerServer w1;
    private WorkerServer w2;
    private WorkerConnections connections;
    private IngestService ingest;
    private ControllerRestApi api;
    private ControllerRestApi secured;
    private CzarServer czar;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        w1 = new WorkerServer(new WorkerConfig("w1", "127.0.0.1", 0, dir.resolve("w1"), 1, 0)).start();
        w2 = new WorkerServer(new WorkerConfig("w2", "127.0.0.1", 0, dir.resolve("w2"), 1, 0)).start();
        store = MetadataStore.open(dir.resolve("controller"));
        store.registerWorker(new WorkerInfo("w1", "127.0.0.1", w1.port()));
        store.registerWorker(new WorkerInfo("w2", "127.0.0.1", w2.port()));
        connections = new WorkerConnections();
        // Tiny flushes: a file is written to the workers in several rounds before it ends.
        ingest = new IngestService(store, connections, new LoadOptions(1, 2, 100, 2).withFlushBytes(2_000));
        api = ControllerRestApi.start(ingest, "127.0.0.1", 0, null, dir.resolve("spool"));
        secured = ControllerRestApi.start(ingest, "127.0.0.1", 0, "s3cret", dir.resolve("spool"));
        czar = new CzarServer(new CzarConfig("127.0.0.1", 0, 0, dir.resolve("czar"), Map.of("qsmaster", "")), store).start();
    }

    @AfterAll
    void stop() {
        czar.close();
        secured.close();
        api.close();
        ingest.close();
        connections.close();
        store.close();
        w1.close();
        w2.close();
    }

    private record Answer(int status, JsonNode body) {
        String error() {
            return body.path("error").path("message").asText();
        }

        String code() {
            return body.path("error").path("code").asText();
        }
    }

    private Answer call(String method, String path, String contentType, byte[] body) throws Exception {
        return call(api, method, path, contentType, body, Map.of());
    }

    private Answer call(ControllerRestApi target, String method, String path, String contentType, byte[] body,
            Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body()));
    }

    private Answer json(String method, String path, String json) throws Exception {
        return call(method, path, "application/json", json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    private Answer upload(long txn, String query, byte[] data) throws Exception {
        return call("POST", "/ingest/transactions/" + txn + "/contributions?" + query, "text/csv", data);
    }

    private long count(String database, String sql) throws Exception {
        try (QueryResult r = czar.queryService().execute(sql, new Session("qsmaster", database))) {
            assertThat(r.next()).isTrue();
            return ((Number) r.value(0)).longValue();
        }
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** Objects 1..n spread over the sky, as CSV lines {@code id,ra,decl,mag,flags,img,name}. */
    private static String objects(int first, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = first; i < first + n; i++) {
            sb.append(i).append(',').append((i * 37.3) % 360).append(',').append(((i * 13.7) % 170) - 85).append(',')
                    .append(i + 0.1).append(',').append(i % 256).append(",ab\\\\c").append(i).append(",o").append(i).append('\n');
        }
        return sb.toString();
    }

    private void defineCatalog(String db) throws Exception {
        assertThat(json("POST", "/ingest/databases", "{\"database\":\"" + db + "\",\"chunkOrder\":2,\"overlap\":0.5}").status()).isEqualTo(201);
        Answer obj = json("POST", "/ingest/databases/" + db + "/tables", """
                {"table":"Obj","is_partitioned":1,"director_key":"id","longitude_key":"ra","latitude_key":"decl",
                 "schema":[{"name":"id","type":"bigint(20) NOT NULL"},{"name":"ra","type":"double NOT NULL"},
                           {"name":"decl","type":"double NOT NULL"},{"name":"mag","type":"float DEFAULT NULL"},
                           {"name":"flags","type":"bit(8)"},{"name":"img","type":"blob"},{"name":"name","type":"char(20)"}]}""");
        assertThat(obj.status()).as(obj.body().toString()).isEqualTo(201);
        assertThat(obj.body().path("kind").asText()).isEqualTo("DIRECTOR");
        Answer det = json("POST", "/ingest/databases/" + db + "/tables", """
                {"ddl":"CREATE TABLE `Det` (`detId` bigint NOT NULL, `id` bigint DEFAULT NULL, `flux` double) ENGINE=MyISAM",
                 "is_partitioned":1,"director_table":"Obj","director_key":"id"}""");
        assertThat(det.status()).as(det.body().toString()).isEqualTo(201);
        assertThat(det.body().path("kind").asText()).isEqualTo("CHILD");
        Answer ref = json("POST", "/ingest/databases/" + db + "/tables", """
                {"name":"Ref","kind":"DIRECTOR","columns":[{"name":"refId","type":"BIGINT","nullable":false},
                 {"name":"rra","type":"DOUBLE","nullable":false},{"name":"rdec","type":"DOUBLE","nullable":false}],
                 "directorKey":"refId","raColumn":"rra","decColumn":"rdec"}""");
        assertThat(ref.status()).as(ref.body().toString()).isEqualTo(201);
        Answer match = json("POST", "/ingest/databases/" + db + "/tables", """
                {"table":"RefMatch","is_partitioned":1,"director_table":"Obj","director_key":"id",
                 "director_table2":"Ref","director_key2":"refId","flag":"flags",
                 "schema":[{"name":"id","type":"bigint"},{"name":"refId","type":"bigint"},{"name":"flags","type":"int"},
                           {"name":"sep","type":"double"}]}""");
        assertThat(match.status()).as(match.body().toString()).isEqualTo(201);
        assertThat(match.body().path("kind").asText()).isEqualTo("MATCH");
        assertThat(json("POST", "/ingest/databases/" + db + "/tables",
                "{\"ddl\":\"CREATE TABLE Band (band char(1) NOT NULL, wl double)\",\"is_partitioned\":0}").status()).isEqualTo(201);
    }

    @Test
    void definitionsInEveryFormAndTheirErrors() throws Exception {
        defineCatalog("rest_defs");
        // Qserv's database.json: stripes mapped to HEALPix orders.
        Answer q = json("POST", "/ingest/databases", "{\"database\":\"rest_qserv\",\"num_stripes\":85,\"num_sub_stripes\":12,\"overlap\":0.01667}");
        assertThat(q.status()).isEqualTo(201);
        assertThat(q.body().path("partitioning").path("chunkOrder").asInt()).isBetween(4, 7);
        assertThat(q.body().path("published").asBoolean()).isFalse();

        Answer dup = json("POST", "/ingest/databases", "{\"database\":\"rest_defs\"}");
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.error()).contains("rest_defs").contains("already exists");

        Answer unknownColumn = json("POST", "/ingest/databases/rest_defs/tables", """
                {"table":"Bad","is_partitioned":1,"director_key":"objectId","longitude_key":"ra","latitude_key":"decl",
                 "schema":[{"name":"id","type":"bigint"},{"name":"ra","type":"double"},{"name":"decl","type":"double"}]}""");
        assertThat(unknownColumn.status()).isEqualTo(400);
        assertThat(unknownColumn.error()).contains("table Bad").contains("'director_key' names column 'objectId'").contains("does not declare");

        Answer unsupported = json("POST", "/ingest/databases/rest_defs/tables", """
                {"table":"Bad2","is_partitioned":0,"schema":[{"name":"id","type":"bigint"},{"name":"shape","type":"geometry"}]}""");
        assertThat(unsupported.status()).isEqualTo(400);
        assertThat(unsupported.code()).isEqualTo("UNSUPPORTED_COLUMN_TYPE");
        assertThat(unsupported.error()).contains("column 'shape'").contains("geometry");

        Answer badDdl = json("POST", "/ingest/databases/rest_defs/tables", "{\"ddl\":\"CREATE TABLE T (x int,\",\"is_partitioned\":0}");
        assertThat(badDdl.status()).isEqualTo(400);
        Answer notJson = json("POST", "/ingest/databases/rest_defs/tables", "{\"table\": ");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.error()).contains("invalid JSON");
        // bytes that are not UTF-8 are refused, not turned into U+FFFD inside a database name
        Answer notUtf8 = call("POST", "/ingest/databases", "application/json",
                new byte[] {'{', '"', 'd', 'a', 't', 'a', 'b', 'a', 's', 'e', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'});
        assertThat(notUtf8.status()).isEqualTo(400);
        assertThat(notUtf8.error()).contains("invalid JSON", "UTF-8");
        assertThat(json("GET", "/ingest/databases", null).body().toString()).doesNotContain("\uFFFD", "\ufffd");
        assertThat(json("GET", "/ingest/databases/nope", null).status()).isEqualTo(404);
        assertThat(json("GET", "/ingest/nothing", null).status()).isEqualTo(404);
        assertThat(json("GET", "/ingest/databases/rest_defs/tables/Obj", null).body().path("columns").size()).isEqualTo(7);

        // Views over one table, and what is wrong with a bad one.
        Answer view = json("POST", "/ingest/databases/rest_defs/views", """
                {"name":"ObjView","baseTable":"Obj","columns":[{"name":"objectId","baseColumn":"id"},
                 {"name":"flag","literal":"0x00"}]}""");
        assertThat(view.status()).as(view.body().toString()).isEqualTo(201);
        assertThat(json("GET", "/ingest/databases/rest_defs/views", null).body().path("views").get(0).path("name").asText())
                .isEqualTo("ObjView");
        assertThat(json("POST", "/ingest/databases/rest_defs/views", """
                {"name":"ObjView","baseTable":"Obj","columns":[{"name":"a","baseColumn":"id"}]}""").error()).contains("exists");
        assertThat(json("POST", "/ingest/databases/rest_defs/views", """
                {"name":"V2","baseTable":"Nope","columns":[{"name":"a","baseColumn":"id"}]}""").error())
                .contains("unknown base table", "Nope");
        assertThat(json("POST", "/ingest/databases/rest_defs/views", """
                {"name":"V3","baseTable":"Obj","columns":[{"name":"a","baseColumn":"nope"}]}""").error())
                .contains("has no column 'nope'");
        Answer badLiteral = json("POST", "/ingest/databases/rest_defs/views", """
                {"name":"V4","baseTable":"Obj","columns":[{"name":"a","literal":"1 OR 1"}]}""");
        assertThat(badLiteral.status()).isEqualTo(400);
        assertThat(badLiteral.error()).contains("not a hexadecimal literal");
        assertThat(json("POST", "/ingest/databases/rest_defs/views", "{\"name\":\"V5\",\"baseTable\":\"Obj\",\"columns\":[]}")
                .status()).isEqualTo(400);

        // The token, when configured, is required on every route.
        Answer denied = call(secured, "GET", "/ingest/databases", null, null, Map.of());
        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.code()).isEqualTo("UNAUTHORIZED");
        assertThat(call(secured, "GET", "/ingest/databases", null, null, Map.of("Authorization", "Bearer wrong")).status()).isEqualTo(401);
        assertThat(call(secured, "GET", "/ingest/databases", null, null, Map.of("Authorization", "Bearer s3cret")).status()).isEqualTo(200);
        assertThat(call(secured, "GET", "/ingest/databases?auth_key=s3cret", null, null, Map.of()).status()).isEqualTo(200);
    }

    @Test
    void loadsEveryFormatAndTableKindInOneTransaction() throws Exception {
        defineCatalog("rest_load");
        long txn = json("POST", "/ingest/transactions", "{\"database\":\"rest_load\"}").body().path("id").asLong();
        // CSV upload with a header line naming the columns in another order.
        String header = "name,img,flags,mag,decl,ra,id\n";
        StringBuilder reordered = new StringBuilder(header);
        for (String line : objects(1, 300).split("\n")) {
            String[] f = line.split(",");
            reordered.append(String.join(",", f[6], f[5], f[4], f[3], f[2], f[1], f[0])).append('\n');
        }
        Answer a = upload(txn, "table=Obj&header=true&key=objects-1&name=objects-1.csv", reordered.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
        assertThat(a.body().path("stats").path("rowsLoaded").asLong()).isEqualTo(300);
        assertThat(a.body().path("stats").path("overlapRows").asLong()).isPositive();
        // The same key again: already loaded, nothing loaded twice.
        Answer again = upload(txn, "table=Obj&header=true&key=objects-1", reordered.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(again.body().path("id").asLong()).isEqualTo(a.body().path("id").asLong());

        // Gzip TSV read by the controller from a path on its host.
        Path tsv = dir.resolve("det.tsv.gz");
        StringBuilder det = new StringBuilder();
        for (int i = 1; i <= 600; i++) {
            det.append(1000 + i).append('\t').append(1 + i % 300).append('\t').append(i * 0.5).append('\n');
        }
        Files.write(tsv, gzip(det.toString()));
        Answer d = json("POST", "/ingest/transactions/" + txn + "/contributions", "{\"table\":\"Det\",\"path\":\"" + tsv + "\"}");
        assertThat(d.status()).as(d.body().toString()).isEqualTo(200);
        assertThat(d.body().path("stats").path("rowsLoaded").asLong()).isEqualTo(600);

        // Parquet upload.
        Path parquet = dir.resolve("ref.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT 5000 + i AS refId, (i * 37.3 + 0.001) % 360 AS rra, ((i * 13.7) % 170) - 85 AS rdec"
                    + " FROM range(1, 201) t(i)) TO '" + parquet + "' (FORMAT parquet)");
        }
        Answer p = call("POST", "/ingest/transactions/" + txn + "/contributions?table=Ref&name=ref.parquet", "application/octet-stream",
                Files.readAllBytes(parquet));
        assertThat(p.status()).as(p.body().toString()).isEqualTo(200);
        assertThat(p.body().path("stats").path("rowsLoaded").asLong()).isEqualTo(200);

        // Match pairs: placed with both directors' rows; a NULL side is an unmatched row.
        StringBuilder pairs = new StringBuilder();
        for (int i = 1; i <= 200; i++) {
            pairs.append(i).append(',').append(5000 + i).append(",0,0.1\n");
        }
        pairs.append("\\N,5001,0,0.2\n");
        Answer m = upload(txn, "table=RefMatch", pairs.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(m.status()).as(m.body().toString()).isEqualTo(200);
        assertThat(m.body().path("stats").path("rowsLoaded").asLong()).isEqualTo(201);

        assertThat(upload(txn, "table=Band&quote=none", "u,354.1\ng,475.4\n".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);

        // Nothing visible before commit and publish.
        JsonNode status = json("GET", "/ingest/transactions/" + txn, null).body();
        assertThat(status.path("state").asText()).isEqualTo("STARTED");
        assertThat(status.path("contributionCounts").path("LOADED").asInt()).isEqualTo(5);
        assertThat(status.path("rowsLoaded").asLong()).isEqualTo(300 + 600 + 200 + 201 + 2);
        assertThat(status.path("bytesRead").asLong()).isPositive();
        Answer publishOpen = json("POST", "/ingest/databases/rest_load/publish", "");
        assertThat(publishOpen.status()).isEqualTo(409);
        assertThat(publishOpen.error()).contains("still open");

        assertThat(json("POST", "/ingest/transactions/" + txn + "/commit", "").status()).isEqualTo(200);
        assertThat(json("POST", "/ingest/databases/rest_load/publish", "").status()).isEqualTo(200);
        assertThat(count("rest_load", "SELECT COUNT(*) FROM Obj")).isEqualTo(300);
        assertThat(count("rest_load", "SELECT COUNT(*) FROM Det")).isEqualTo(600);
        assertThat(count("rest_load", "SELECT COUNT(*) FROM Ref")).isEqualTo(200);
        assertThat(count("rest_load", "SELECT COUNT(*) FROM Band")).isEqualTo(2);
        // Each pair is stored with each of its two director rows (once when they share a chunk); the
        // flag tells which: counting the copies holding the first director counts each pair once.
        assertThat(count("rest_load", "SELECT COUNT(*) FROM RefMatch WHERE flags = 1 OR flags = 3")).isEqualTo(200);
        assertThat(count("rest_load", "SELECT COUNT(*) FROM RefMatch WHERE flags = 2 OR flags = 3")).isEqualTo(201);
        assertThat(count("rest_load", "SELECT COUNT(*) FROM Obj WHERE objectId = 1".replace("objectId", "id"))).isEqualTo(1);
        assertThat(json("GET", "/ingest/databases/rest_load", null).body().path("rows").path("Obj").asLong()).isEqualTo(300);

        // The workers keep the MySQL types: FLOAT 32-bit, BLOB bytes, BIT bits, NOT NULL enforced.
        Map<String, String> types = new HashMap<>();
        for (WorkerServer w : List.of(w1, w2)) {
            try (Connection c = w.backend().openConnection(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT column_name, data_type, is_nullable FROM information_schema.columns"
                            + " WHERE table_schema = 'rest_load' AND table_name = 'Obj'")) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2) + " " + rs.getString(3));
                }
            }
        }
        assertThat(types).containsEntry("mag", "FLOAT YES").containsEntry("img", "BLOB YES").containsEntry("flags", "UBIGINT YES")
                .containsEntry("id", "BIGINT NO").containsEntry("ra", "DOUBLE NO");
        assertThat(count("rest_load", "SELECT COUNT(*) FROM Obj WHERE flags = 255 OR name = 'o7'")).isEqualTo(2);
        try (QueryResult r = czar.queryService().execute("SELECT mag FROM Obj WHERE id = 1", new Session("qsmaster", "rest_load"))) {
            assertThat(r.next()).isTrue();
            Number mag = (Number) r.value(0);
            // 32-bit: 1.1 as a float, which is not 1.1 as a double.
            assertThat(mag.floatValue()).isEqualTo(1.1f);
            assertThat(mag.doubleValue()).isEqualTo((double) 1.1f).isNotEqualTo(1.1);
        }
    }

    /** One bad input: the file's text, its expected error, where the bad line is. */
    private record Bad(String what, String table, String query, byte[] data, String... expected) {
    }

    @Test
    void badInputFailsTheContributionWholeNamingFileLineColumnAndReason() throws Exception {
        defineCatalog("rest_bad");
        long txn = json("POST", "/ingest/transactions", "{\"database\":\"rest_bad\"}").body().path("id").asLong();
        assertThat(upload(txn, "table=Obj&name=good.csv", objects(1, 100).getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        String good = objects(1000, 250);
        byte[] gz = gzip(good);
        List<Bad> cases = List.of(
                new Bad("wrong field count", "Obj", "name=fields.csv", (good + "2000,10.0,5.0\n").getBytes(StandardCharsets.UTF_8),
                        "fields.csv line 251", "row has 3 fields, expected 7"),
                new Bad("unparsable number", "Obj", "name=number.csv", (good + "2001,ten,5.0,1,1,x,y\n").getBytes(StandardCharsets.UTF_8),
                        "number.csv line 251, column 2 (ra)", "'ten' is not a number"),
                new Bad("NULL in a NOT NULL column", "Obj", "name=null.csv", (good + "2002,10.0,\\N,1,1,x,y\n").getBytes(StandardCharsets.UTF_8),
                        "null.csv line 251, column 3 (decl)", "NULL"),
                new Bad("dec outside [-90, 90]", "Obj", "name=dec.csv", (good + "2003,10.0,95.5,1,1,x,y\n").getBytes(StandardCharsets.UTF_8),
                        "dec.csv line 251", "not a valid sky position", "95.5"),
                new Bad("non-finite position", "Obj", "name=inf.csv", (good + "2004,inf,5.0,1,1,x,y\n").getBytes(StandardCharsets.UTF_8),
                        "inf.csv line 251", "not a valid sky position"),
                new Bad("unknown director key", "Det", "name=orphan.csv", "1,1,0.5\n2,999999,0.5\n".getBytes(StandardCharsets.UTF_8),
                        "orphan.csv line 2", "id = 999999 has no row in director table rest_bad.Obj"),
                new Bad("truncated gzip", "Obj", "name=cut.csv.gz", Arrays.copyOf(gz, gz.length * 2 / 3),
                        "cut.csv.gz", "truncated or corrupt"),
                new Bad("unknown column in the file's columns", "Obj", "name=cols.csv&columns=id,ra,decl,mag,flags,img",
                        good.getBytes(StandardCharsets.UTF_8), "cols.csv", "no column [name]"),
                new Bad("duplicate director key", "Obj", "name=dupkey.csv", (good + "1000,1.0,1.0,1,1,x,y\n").getBytes(StandardCharsets.UTF_8),
                        "dupkey.csv line 251", "key 1000 repeats the row at dupkey.csv line 1"));
        List<String> failures = new ArrayList<>();
        for (Bad bad : cases) {
            Answer r = upload(txn, "table=" + bad.table() + "&" + bad.query(), bad.data());
            assertThat(r.status()).as(bad.what() + ": " + r.body()).isEqualTo(400);
            for (String e : bad.expected()) {
                assertThat(r.error()).as(bad.what()).contains(e);
            }
            assertThat(r.body().path("contribution").path("state").asText()).as(bad.what()).isEqualTo("FAILED");
            failures.add(r.body().path("contribution").path("error").asText());
        }
        // Skip mode: the unknown key's row is dropped and counted, the rest loads.
        Answer skip = upload(txn, "table=Det&name=skip.csv&unknownKeys=skip", "1,1,0.5\n2,999999,0.5\n3,\\N,0.1\n".getBytes(StandardCharsets.UTF_8));
        assertThat(skip.status()).as(skip.body().toString()).isEqualTo(200);
        assertThat(skip.body().path("stats").path("skippedRows").asLong()).isEqualTo(2);

        JsonNode status = json("GET", "/ingest/transactions/" + txn, null).body();
        assertThat(status.path("contributionCounts").path("FAILED").asInt()).isEqualTo(cases.size());
        assertThat(status.path("errors")).hasSize(cases.size());
        assertThat(json("POST", "/ingest/transactions/" + txn + "/commit", "").status()).isEqualTo(200);
        json("POST", "/ingest/databases/rest_bad/publish", "");
        // Only the good contributions are visible: none of the rows of a failed one, even those read before its bad line.
        assertThat(count("rest_bad", "SELECT COUNT(*) FROM Obj")).isEqualTo(100);
        assertThat(count("rest_bad", "SELECT COUNT(*) FROM Det")).isEqualTo(1);

        // Requests that are wrong before any row is read.
        assertThat(upload(txn, "table=Nope", "1\n".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(409);
        long t2 = json("POST", "/ingest/transactions", "{\"database\":\"rest_bad\"}").body().path("id").asLong();
        Answer noTable = upload(t2, "table=Nope", "1\n".getBytes(StandardCharsets.UTF_8));
        assertThat(noTable.status()).isEqualTo(404);
        assertThat(noTable.error()).contains("unknown table 'rest_bad.Nope'");
        Answer badOption = upload(t2, "table=Obj&delimiter=ab", "1\n".getBytes(StandardCharsets.UTF_8));
        assertThat(badOption.status()).isEqualTo(400);
        assertThat(badOption.error()).contains("delimiter must be one ASCII character");
        Answer missing = json("POST", "/ingest/transactions/" + t2 + "/contributions", "{\"table\":\"Obj\",\"path\":\"/no/such/file.csv\"}");
        assertThat(missing.status()).isEqualTo(503);
        assertThat(missing.error()).contains("/no/such/file.csv").contains("not found");
        assertThat(json("POST", "/ingest/transactions/" + t2 + "/abort", "{\"reason\":\"test\"}").body().path("state").asText())
                .isEqualTo("ABORTED");
        assertThat(json("POST", "/ingest/transactions/" + t2 + "/commit", "").status()).isEqualTo(409);
    }
}
