package io.skyshard.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.skyshard.rpc.ChunkQueryServiceGrpc;
import io.skyshard.rpc.WorkerStatusRequest;
import io.skyshard.tap.TapConfig;
import io.skyshard.tap.TapService;
import io.skyshard.tap.execution.Execution;
import io.skyshard.tap.execution.QueryRunner;
import io.skyshard.tap.execution.TapParameters;
import io.skyshard.tap.execution.TapQuery;
import io.skyshard.tap.output.ResponseFormat;
import io.skyshard.tap.schema.TapSchemaEngine;
import io.skyshard.tap.upload.UploadShipper;
import io.skyshard.tap.upload.UploadSource;
import io.skyshard.worker.WorkerServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.RowListStarTable;
import uk.ac.starlink.votable.DataFormat;
import uk.ac.starlink.votable.VOTableWriter;

/**
 * The TAP service on a running cluster, driven by the real clients: IVOA's validator ({@code stilts
 * taplint}) must report no error, and pyvo's sync, async, upload and abort calls must give the rows a
 * single DuckDB holding all the data gives for the same queries. Both tools are Debian packages that
 * {@code .ci/run} installs (stilts, python3-pyvo).
 */
class TestTapService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    static Path dir;

    private static LocalCluster cluster;
    private static TapService tap;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        cluster = SharedCluster.get();
        tap = TapService.start(config(dir.resolve("tap")), cluster.czar, cluster.controller.registry());
        base = "http://127.0.0.1:" + cluster.czar.httpPort() + TapService.PREFIX;
    }

    private static TapConfig config(Path data) {
        return TapConfig.defaults(data).withLimits(10_000_000, 1 << 20, 100_000);
    }

    @AfterAll
    static void stop() {
        if (tap != null) {
            tap.close();
        }
    }

    @Test
    void taplintReportsNoError() throws Exception {
        Process p = start(List.of("stilts", "taplint", "tapurl=" + base), "stilts (apt-get install stilts)");
        String report = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        Matcher totals = Pattern.compile("Totals: Errors: (\\d+); Warnings: (\\d+)").matcher(report);
        assertThat(totals.find()).as("taplint report:%n%s", report).isTrue();
        List<String> errors = report.lines().filter(l -> l.startsWith("E-")).toList();
        assertThat(errors).as("taplint errors").isEmpty();
        assertThat(Integer.parseInt(totals.group(1))).isZero();
    }

    @Test
    void pyvoResultsMatchTheReference() throws Exception {
        Path script = Path.of("src/test/python/tap_pyvo_check.py").toAbsolutePath();
        Process p = start(List.of("/usr/bin/python3", script.toString(), base), "Debian's python3-pyvo (apt-get install python3-pyvo)");
        byte[] stdout = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        long abortCheckedAt = System.nanoTime();
        assertThat(p.exitValue()).as("pyvo script failed:%n%s", new String(p.getErrorStream().readAllBytes(),
                StandardCharsets.UTF_8)).isZero();
        JsonNode out = JSON.readTree(stdout);

        // abort: the job is ABORTED at once and no worker is still running its query a few seconds later
        JsonNode abort = out.get("abort");
        assertThat(abort.get("phase_at_abort").asText()).as("the long query was still running when aborted").isEqualTo("EXECUTING");
        assertThat(abort.get("phase_after").asText()).isEqualTo("ABORTED");
        assertWorkersIdleWithin(Duration.ofSeconds(5));
        assertThat(System.nanoTime() - abortCheckedAt).isLessThan(TimeUnit.SECONDS.toNanos(6));
        assertThat(cluster.czar.queries().running()).isEmpty();
        // the aborted query's upload table is dropped from the workers (nothing left in the journal)
        Path journal = dir.resolve("tap").resolve("uploads");
        for (int i = 0; i < 50 && !isEmpty(journal); i++) {
            Thread.sleep(100);
        }
        assertThat(journal).isEmptyDirectory();

        Statement ref = cluster.reference.createStatement();
        assertThat(longs(out.get("cone"))).isEqualTo(column(ref, "SELECT objectId FROM Object WHERE"
                + " scisql_angSep(coord_ra, coord_dec, 150.1, 2.2) <= 0.3 ORDER BY objectId")).isNotEmpty();
        assertThat(out.get("cone_unit").asText()).isEqualTo("deg");
        assertThat(out.get("overflow_rows").asInt()).isEqualTo(7);
        assertThat(out.get("overflow_status").asText()).isEqualTo("OVERFLOW");

        try (ResultSet rs = ref.executeQuery("SELECT COUNT(*), MIN(objectId), MAX(objectId), AVG(g_psfFlux) FROM Object"
                + " WHERE refExtendedness < 0.5")) {
            rs.next();
            JsonNode agg = out.get("aggregate");
            assertThat(agg.get("n").asLong()).isEqualTo(rs.getLong(1));
            assertThat(agg.get("lo").asLong()).isEqualTo(rs.getLong(2));
            assertThat(agg.get("hi").asLong()).isEqualTo(rs.getLong(3));
            assertThat(agg.get("g").asDouble()).isCloseTo(rs.getDouble(4), org.assertj.core.data.Offset.offset(1e-6 * rs.getDouble(4)));
        }

        ref.execute("CREATE OR REPLACE TEMP TABLE tap_positions (id BIGINT, ra DOUBLE, dec DOUBLE)");
        try (PreparedStatement insert = cluster.reference.prepareStatement("INSERT INTO tap_positions VALUES (?, ?, ?)")) {
            for (JsonNode p2 : out.get("upload_positions")) {
                insert.setLong(1, p2.get(0).asLong());
                insert.setDouble(2, p2.get(1).asDouble());
                insert.setDouble(3, p2.get(2).asDouble());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        List<String> expected = new ArrayList<>();
        try (ResultSet rs = ref.executeQuery("SELECT u.id, o.objectId FROM tap_positions u JOIN Object o"
                + " ON scisql_angSep(u.ra, u.dec, o.coord_ra, o.coord_dec) < 0.02 ORDER BY 1, 2")) {
            while (rs.next()) {
                expected.add(rs.getLong(1) + ":" + rs.getLong(2));
            }
        }
        List<String> got = new ArrayList<>();
        out.get("crossmatch").forEach(r -> got.add(r.get(0).asLong() + ":" + r.get(1).asLong()));
        assertThat(got).isEqualTo(expected).isNotEmpty();
    }

    /**
     * A cross-match of uploaded positions reads only the chunks near them (the czar's progress counts
     * the chunks dispatched), and gives the rows the same join gives when it reads every chunk (a
     * radius that is not a constant disables the restriction) and the single-DuckDB reference gives.
     */
    @Test
    void uploadCrossMatchReadsOnlyTheChunksNearTheUploadedPositions() throws Exception {
        Statement ref = cluster.reference.createStatement();
        RowListStarTable positions = new RowListStarTable(new ColumnInfo[] {new ColumnInfo("id", Long.class, null),
                new ColumnInfo("ra", Double.class, null), new ColumnInfo("dec", Double.class, null)});
        ref.execute("CREATE OR REPLACE TEMP TABLE tap_near (id BIGINT, ra DOUBLE, dec DOUBLE)");
        List<Object[]> rows = new ArrayList<>();
        try (ResultSet rs = ref.executeQuery("SELECT coord_ra, coord_dec FROM Object ORDER BY objectId LIMIT 4")) {
            for (long id = 1; rs.next(); id++) {
                // beside an object, so that the circle catches it and perhaps its neighbours
                rows.add(new Object[] {id, rs.getDouble(1), rs.getDouble(2) + 0.001});
            }
        }
        for (Object[] row : rows) {
            positions.addRow(row);
            ref.execute("INSERT INTO tap_near VALUES (" + row[0] + ", " + row[1] + ", " + row[2] + ")");
        }
        positions.addRow(new Object[] {99L, null, 10.0});
        ByteArrayOutputStream votable = new ByteArrayOutputStream();
        new VOTableWriter(DataFormat.TABLEDATA, true).writeStarTable(positions, votable);
        List<String> expected = new ArrayList<>();
        try (ResultSet rs = ref.executeQuery("SELECT u.id, o.objectId FROM tap_near u JOIN Object o"
                + " ON scisql_angSep(u.ra, u.dec, o.coord_ra, o.coord_dec) < 0.005 ORDER BY 1, 2")) {
            while (rs.next()) {
                expected.add(rs.getLong(1) + "," + rs.getLong(2));
            }
        }
        String join = "SELECT u.id, o.objectId FROM TAP_UPLOAD.pos AS u JOIN demo.Object AS o"
                + " ON DISTANCE(POINT(u.ra, u.dec), POINT(o.coord_ra, o.coord_dec)) < %s ORDER BY u.id, o.objectId";
        TapConfig config = config(dir.resolve("near"));
        try (TapSchemaEngine schema = new TapSchemaEngine(); UploadShipper shipper = new UploadShipper(dir.resolve("near-uploads"));
                QueryRunner runner = new QueryRunner(cluster.czar.queryService(), cluster.controller.registry()::snapshot,
                        id -> cluster.czar.queries().cancel(id), schema, shipper, config)) {
            int all = cluster.controller.registry().snapshot().chunks("demo").size();
            Crossmatch restricted = crossmatch(runner, config, join.formatted("1.0 / 200"), votable.toByteArray());
            Crossmatch everywhere = crossmatch(runner, config, join.formatted("0.005 + 0 * u.id"), votable.toByteArray());
            assertThat(restricted.rows()).isEqualTo(expected).hasSizeGreaterThanOrEqualTo(4);
            assertThat(everywhere.rows()).isEqualTo(expected);
            assertThat(everywhere.chunks()).isEqualTo(all);
            assertThat(restricted.chunks()).isPositive().isLessThan(all / 10);
        }
    }

    private record Crossmatch(List<String> rows, int chunks) {
    }

    /** Runs the query with the upload {@code pos}; the chunks are those the czar dispatched it to. */
    private static Crossmatch crossmatch(QueryRunner runner, TapConfig config, String adql, byte[] upload) throws Exception {
        TapQuery query = TapParameters.query(Map.of("LANG", "ADQL", "QUERY", adql), List.of(new UploadSource("pos", upload, null)),
                config);
        AtomicLong id = new AtomicLong(-1);
        try (Execution ex = runner.execute(query, "tap", Duration.ofMinutes(5), id::set)) {
            // the query stays registered, with its progress, until its rows are read and it is closed
            int chunks = cluster.czar.queries().running().stream().filter(q -> q.id() == id.get()).findFirst()
                    .orElseThrow().chunksTotal();
            ByteArrayOutputStream csv = new ByteArrayOutputStream();
            ex.write(ResponseFormat.CSV, csv);
            List<String> rows = csv.toString(StandardCharsets.UTF_8).lines().skip(1).toList();
            return new Crossmatch(rows, chunks);
        }
    }

    @Test
    void jobsSurviveARestartOfTheService() throws Exception {
        Path data = dir.resolve("restart");
        TapService first = TapService.start(config(data), cluster.czar, cluster.controller.registry(), "/tap-restart");
        String url = "http://127.0.0.1:" + cluster.czar.httpPort() + "/tap-restart";
        String done;
        String pending;
        try {
            done = createJob(url, "SELECT TOP 3 objectId FROM demo.Object ORDER BY objectId", true, null);
            pending = createJob(url, "SELECT COUNT(*) FROM demo.Object", false, null);
            assertThat(awaitEnd(url, done, null)).contains("<uws:phase>COMPLETED</uws:phase>");
        } finally {
            first.close();
        }
        // a job the stop interrupted while executing ends in ERROR, not EXECUTING forever
        Path record = data.resolve("jobs").resolve(pending).resolve("job.json");
        Files.writeString(record, Files.readString(record).replace("\"PENDING\"", "\"EXECUTING\""));
        TapService second = TapService.start(config(data), cluster.czar, cluster.controller.registry(), "/tap-restart");
        try {
            String list = get(url + "/async", null).body();
            assertThat(list).contains(done, pending);
            HttpResponse<String> result = get(url + "/async/" + done + "/results/result", null);
            assertThat(result.statusCode()).isEqualTo(200);
            assertThat(result.body()).startsWith("objectId\r\n600000000000000000\r\n");
            assertThat(get(url + "/async/" + pending + "/phase", null).body()).isEqualTo("ERROR");
            assertThat(get(url + "/async/" + pending + "/error", null).body()).contains("restarted");
            // filters of the job list
            assertThat(get(url + "/async?PHASE=COMPLETED", null).body()).contains(done).doesNotContain(pending);
            assertThat(get(url + "/async?LAST=1", null).body()).contains(pending).doesNotContain(done);
            assertThat(get(url + "/async?AFTER=2999-01-01T00:00:00Z", null).body()).doesNotContain(done);
            // DELETE and ACTION=DELETE both remove the job and redirect to the list
            HttpResponse<String> deleted = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/async/" + done)).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(deleted.statusCode()).isEqualTo(303);
            assertThat(post(url + "/async/" + pending, Map.of("ACTION", "DELETE"), null).statusCode()).isEqualTo(303);
            assertThat(get(url + "/async/" + done, null).statusCode()).isEqualTo(404);
            assertThat(Files.exists(data.resolve("jobs").resolve(done))).isFalse();
        } finally {
            second.close();
        }
    }

    @Test
    void withAuthenticationUsersSeeOnlyTheirOwnJobs() throws Exception {
        TapConfig secured = config(dir.resolve("auth")).withAuthentication(Map.of("alice", "a-secret", "bob", "b-secret"));
        TapService service = TapService.start(secured, cluster.czar, cluster.controller.registry(), "/tap-auth");
        String url = "http://127.0.0.1:" + cluster.czar.httpPort() + "/tap-auth";
        try {
            String alice = basic("alice", "a-secret");
            String bob = basic("bob", "b-secret");
            String job = createJob(url, "SELECT COUNT(*) FROM demo.Filter", true, alice);
            assertThat(get(url + "/async/" + job + "?WAIT=60", alice).body()).contains("<uws:ownerId>alice</uws:ownerId>");
            assertThat(get(url + "/async", alice).body()).contains(job);
            assertThat(get(url + "/async", bob).body()).doesNotContain(job);
            assertThat(get(url + "/async/" + job, bob).statusCode()).isEqualTo(403);
            HttpResponse<String> anonymous = get(url + "/async", null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
            assertThat(get(url + "/async", basic("alice", "wrong")).statusCode()).isEqualTo(401);
            assertThat(post(url + "/sync", Map.of("LANG", "ADQL", "QUERY", "SELECT TOP 1 band FROM demo.Filter"), bob).statusCode())
                    .isEqualTo(200);
        } finally {
            service.close();
        }
    }

    @Test
    void requestErrorsAreVotableErrorDocuments() throws Exception {
        HttpResponse<String> bad = post(base + "/sync", Map.of("LANG", "ADQL", "QUERY", "SELECT nope FROM demo.Object"), null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-votable+xml");
        assertThat(bad.body()).contains("QUERY_STATUS", "ERROR", "Column 'nope' does not exist");
        assertThat(post(base + "/sync", Map.of("LANG", "SQL", "QUERY", "SELECT 1"), null).body()).contains("LANG 'SQL'");
        assertThat(get(base + "/async/nosuchjob", null).statusCode()).isEqualTo(404);
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/sync")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        // parameter names are case-insensitive, unknown ones ignored; CSV and TSV answers
        HttpResponse<String> csv = get(base + "/sync?lang=ADQL&format=csv&foo=bar&query="
                + URLEncoder.encode("SELECT band FROM demo.Filter ORDER BY band", StandardCharsets.UTF_8), null);
        assertThat(csv.body().lines().toList()).containsExactly("band", "g", "i", "r", "u", "y", "z");
        // an upload larger than the limit is refused with the limit named
        String big = "x".repeat(2 << 20);
        HttpResponse<String> tooLarge = post(base + "/sync", Map.of("LANG", "ADQL", "QUERY", "SELECT 1", "UPLOAD", "t,param:t", "t", big), null);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("QUERY_STATUS", "at most " + (1 << 20) + " bytes");
    }

    private static String sync(String adql, String maxrec) throws Exception {
        Map<String, String> form = new java.util.LinkedHashMap<>(Map.of("LANG", "ADQL", "QUERY", adql, "RESPONSEFORMAT", "votable/td"));
        if (maxrec != null) {
            form.put("MAXREC", maxrec);
        }
        return post(base + "/sync", form, null).body();
    }

    @Test
    void maxrecZeroDelimitedNamesAndAdqlPositions() throws Exception {
        // MAXREC=0: the columns and no rows; OVERFLOW only when the query has rows (DALI)
        String some = sync("SELECT objectId, coord_ra FROM demo.Object", "0");
        assertThat(some).contains("<FIELD", "name=\"coord_ra\"", "value=\"OVERFLOW\"").doesNotContain("<TR>");
        String none = sync("SELECT objectId FROM demo.Object WHERE objectId < 0", "0");
        assertThat(none).contains("<FIELD", "value=\"OK\"").doesNotContain("<TR>", "OVERFLOW");
        // delimited identifiers are case sensitive, regular ones are not
        assertThat(sync("SELECT TOP 1 \"coord_ra\" FROM demo.\"Object\"", null)).contains("<TR>").doesNotContain("ERROR");
        assertThat(sync("SELECT TOP 1 COORD_RA FROM DEMO.OBJECT", null)).contains("<TR>");
        assertThat(sync("SELECT TOP 1 \"COORD_RA\" FROM demo.Object", null))
                .contains("value=\"ERROR\"", "delimited identifiers are case sensitive");
        // an error the planner finds in the translated SQL names the ADQL's line and column
        assertThat(sync("SELECT\n   objectId, COUNT(*) AS n\nFROM demo.Object", null))
                .contains("value=\"ERROR\"", "line 2, column 4 of the ADQL query").doesNotContain("translated");
        // nesting beyond the limit is a clean error on TAP too
        assertThat(sync("SELECT objectId FROM demo.Object WHERE " + "(".repeat(5000) + "1=1" + ")".repeat(5000), null))
                .contains("value=\"ERROR\"", "nested too deeply", "at most 200");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static Process start(List<String> command, String what) throws IOException {
        try {
            return new ProcessBuilder(command).start();
        } catch (IOException e) {
            return fail(what + " is needed by this test and is not installed: " + e.getMessage());
        }
    }

    private static void assertWorkersIdleWithin(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            int running = 0;
            for (WorkerServer w : cluster.workers) {
                ManagedChannel c = NettyChannelBuilder.forAddress("127.0.0.1", w.port()).usePlaintext().build();
                try {
                    running += ChunkQueryServiceGrpc.newBlockingStub(c).withDeadlineAfter(5, TimeUnit.SECONDS)
                            .status(WorkerStatusRequest.getDefaultInstance()).getRunningQueries();
                } finally {
                    c.shutdownNow();
                }
            }
            if (running == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail(running + " queries still running on the workers " + limit.toSeconds() + " s after the abort");
            }
            Thread.sleep(100);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.findAny().isEmpty();
        }
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asLong()));
        return out;
    }

    private static List<Long> column(Statement st, String sql) throws Exception {
        List<Long> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    private static String createJob(String url, String adql, boolean run, String auth) throws Exception {
        Map<String, String> params = run ? Map.of("LANG", "ADQL", "QUERY", adql, "PHASE", "RUN", "RESPONSEFORMAT", "csv")
                : Map.of("LANG", "ADQL", "QUERY", adql, "RESPONSEFORMAT", "csv");
        HttpResponse<String> created = post(url + "/async", params, auth);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /**
     * The job document once the job has left the active phases. A blocking WAIT returns at every
     * phase change (UWS 1.1), so a job seen QUEUED comes back EXECUTING first: wait again until it
     * ends. The bound is generous because the machine may be loaded; a job that never ends still fails.
     */
    private static String awaitEnd(String url, String job, String auth) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            String xml = get(url + "/async/" + job + "?WAIT=30", auth).body();
            boolean active = Pattern.compile("<uws:phase>(PENDING|QUEUED|EXECUTING)</uws:phase>").matcher(xml).find();
            if (!active || System.nanoTime() > deadline) {
                return xml;
            }
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(String url, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, Map<String, String> form, String auth) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
