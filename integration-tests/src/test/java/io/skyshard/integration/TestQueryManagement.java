package io.skyshard.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.skyshard.rpc.ChunkQueryServiceGrpc;
import io.skyshard.rpc.WorkerStatusRequest;
import io.skyshard.worker.WorkerServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Qserv's query management through the real front ends of the shared cluster: SUBMIT and
 * qserv_result, SHOW PROCESSLIST and the information_schema tables, KILL and CANCEL (the workers stop
 * too), a client that goes away, and the same operations over the HTTP API in Qserv's form.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestQueryManagement {
    /**
     * A query that runs until stopped: a 14-way cross join of the 6-row replicated Filter table
     * (6^14 combinations) with a condition that no engine can decide without looking at the rows.
     */
    static final String ENDLESS = "SELECT COUNT(*) FROM Filter a, Filter b, Filter c, Filter d, Filter e, Filter f, "
            + "Filter g, Filter h, Filter i, Filter j, Filter k, Filter l, Filter m, Filter n "
            + "WHERE a.effectiveWavelength + b.effectiveWavelength + c.effectiveWavelength + d.effectiveWavelength + e.effectiveWavelength "
            + "+ f.effectiveWavelength + g.effectiveWavelength + h.effectiveWavelength + i.effectiveWavelength + j.effectiveWavelength "
            + "+ k.effectiveWavelength + l.effectiveWavelength + m.effectiveWavelength + n.effectiveWavelength < 0";
    static final ObjectMapper JSON = new ObjectMapper();

    LocalCluster cluster;
    Connection client;
    final HttpClient http = HttpClient.newHttpClient();
    final List<ManagedChannel> channels = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        cluster = SharedCluster.get();
        client = connect();
    }

    @AfterAll
    void stop() throws Exception {
        client.close();
        channels.forEach(ManagedChannel::shutdownNow);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(cluster.jdbcUrl());
    }

    @Test
    void submitReturnsAnIdAtOnceAndTheResultIsKeptUntilDeleted() throws Exception {
        String query = "SELECT band, COUNT(*) AS n FROM Source GROUP BY band ORDER BY band";
        List<List<Object>> direct = rows(client, query);
        long id;
        try (Statement st = client.createStatement(); ResultSet rs = st.executeQuery("SUBMIT " + query)) {
            assertThat(rs.getMetaData().getColumnLabel(1)).isEqualTo("jobId");
            assertThat(rs.getMetaData().getColumnLabel(2)).isEqualTo("resultLocation");
            assertThat(rs.next()).isTrue();
            id = rs.getLong(1);
            assertThat(rs.getString(2)).isEqualTo("table:result_" + id);
        }
        awaitStatus(id, "COMPLETED");
        try (Statement st = client.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM qserv_result(" + id + ")")) {
            assertThat(rs.getMetaData().getColumnLabel(1)).isEqualTo("band");
            assertThat(rs.getMetaData().getColumnLabel(2)).isEqualTo("n");
            assertThat(ResultRows.read(rs).rows()).isEqualTo(normalised(direct));
        }
        // A kept result can be read again, and it shows in the process list with its row count.
        assertThat(rows(client, "SELECT * FROM qserv_result(" + id + ")")).hasSameSizeAs(direct);
        assertThat(rows(client, "SELECT STATE, `ROWS`, RESULTLOCATION FROM information_schema.processlist WHERE ID = " + id))
                .containsExactly(List.of("COMPLETED", (long) direct.size(), "table:result_" + id));
        try (Statement st = client.createStatement()) {
            st.execute("CALL qserv_result_delete(" + id + ")");
        }
        assertThatThrownBy(() -> rows(client, "SELECT * FROM qserv_result(" + id + ")"))
                .isInstanceOf(SQLException.class).hasMessageContaining("Unknown query id: " + id);
    }

    @Test
    void submitReportsQueryErrorsAtOnce() {
        assertThatThrownBy(() -> rows(client, "SUBMIT SELECT nosuchcolumn FROM Object"))
                .isInstanceOf(SQLException.class).hasMessageContaining("nosuchcolumn");
        assertThatThrownBy(() -> rows(client, "SELECT * FROM qserv_result(987654321)"))
                .isInstanceOf(SQLException.class).hasMessageContaining("Unknown query id: 987654321");
    }

    @Test
    void systemTablesAreQueriedLikeAnyTableAndNothingElseIsReachable() throws Exception {
        assertThat(rows(client, "SELECT COUNT(*) AS n, MAX(CHUNKS) >= 0 FROM information_schema.queries WHERE STATUS LIKE '%E%'"))
                .hasSize(1);
        // The statement is planned like any query against a catalog of the system table alone.
        assertThatThrownBy(() -> rows(client, "SELECT read_text('/etc/passwd') FROM information_schema.processlist"))
                .isInstanceOf(SQLException.class).hasMessageContaining("read_text");
        assertThatThrownBy(() -> rows(client, "SELECT p.ID FROM information_schema.processlist p JOIN Filter f ON f.band = p.DB"))
                .isInstanceOf(SQLException.class).hasMessageContaining("Filter");
        assertThatThrownBy(() -> rows(client, "SELECT ID FROM information_schema.processlist; SELECT 1"))
                .isInstanceOf(SQLException.class);
    }

    @Test
    void processListShowsARunningQueryAndKillStopsItOnTheWorkers() throws Exception {
        try (Connection other = connect()) {
            CompletableFuture<Throwable> outcome = startEndless(other);
            long id = awaitRunning();
            List<List<Object>> list = rows(client, "SHOW FULL PROCESSLIST");
            List<Object> row = list.stream().filter(r -> ((Number) r.get(0)).longValue() == id).findFirst().orElseThrow();
            assertThat(row.get(1)).isEqualTo("qsmaster");
            assertThat(row.get(4)).isEqualTo("Query");
            assertThat(row.get(6)).isEqualTo("EXECUTING");
            assertThat((String) row.get(7)).startsWith("SELECT COUNT(*) FROM Filter a");
            assertThat(((Number) row.get(10)).intValue()).isEqualTo(1); // one worker answers a replicated-only query

            try (Statement st = client.createStatement()) {
                st.execute("KILL " + id);
            }
            Throwable error = outcome.get(30, TimeUnit.SECONDS);
            assertThat(error).isInstanceOf(SQLException.class).hasMessageContaining("cancelled");
            assertThat(((SQLException) error).getErrorCode()).isEqualTo(1317);
            awaitWorkersIdle();
            assertThat(rows(client, "SELECT ID FROM information_schema.processlist WHERE ID = " + id)).isEmpty();
            // The connection whose query was killed stays usable.
            assertThat(rows(other, "SELECT COUNT(*) FROM Filter")).containsExactly(List.of(6L));
        }
        assertThatThrownBy(() -> rows(client, "KILL 99999999")).isInstanceOf(SQLException.class)
                .hasMessageContaining("Unknown thread id: 99999999");
    }

    @Test
    void killQueryByConnectionIdAsTheMysqlClientDoesOnCtrlC() throws Exception {
        try (Connection other = connect()) {
            long connectionId;
            try (Statement st = other.createStatement(); ResultSet rs = st.executeQuery("SELECT CONNECTION_ID()")) {
                rs.next();
                connectionId = rs.getLong(1);
            }
            CompletableFuture<Throwable> outcome = startEndless(other);
            long id = awaitRunning();
            assertThat(id).isNotEqualTo(connectionId);
            try (Statement st = client.createStatement()) {
                st.execute("KILL QUERY " + connectionId);
            }
            assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(SQLException.class).hasMessageContaining("cancelled");
            awaitWorkersIdle();
        }
    }

    @Test
    void aClientThatGoesAwayHasItsQueryCancelled() throws Exception {
        Connection doomed = connect();
        startEndless(doomed);
        long id = awaitRunning();
        doomed.abort(Runnable::run);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!rows(client, "SELECT ID FROM information_schema.processlist WHERE ID = " + id).isEmpty()) {
            assertThat(System.nanoTime()).as("query of the closed connection still listed").isLessThan(end);
            Thread.sleep(50);
        }
        awaitWorkersIdle();
    }

    @Test
    void cancelStopsASubmittedQueryAndHttpShowsItAborted() throws Exception {
        long id;
        try (Statement st = client.createStatement(); ResultSet rs = st.executeQuery("SUBMIT " + ENDLESS)) {
            rs.next();
            id = rs.getLong(1);
        }
        awaitStatus(id, "EXECUTING");
        try (Statement st = client.createStatement()) {
            st.execute("CANCEL " + id);
        }
        JsonNode status = httpGet("/query-async/status/" + id);
        assertThat(status.get("success").asInt()).isEqualTo(1);
        assertThat(status.get("status").get("status").asText()).isEqualTo("ABORTED");
        awaitWorkersIdle();
        assertThatThrownBy(() -> rows(client, "SELECT * FROM qserv_result(" + id + ")")).isInstanceOf(SQLException.class)
                .hasMessageContaining("cancelled");
        assertThatThrownBy(() -> rows(client, "CANCEL " + id)).isInstanceOf(SQLException.class).hasMessageContaining("not running");
    }

    @Test
    void httpAsyncApiInQservForm() throws Exception {
        JsonNode submitted = httpSend("POST", "/query-async",
                "{\"query\": \"SELECT band, filterName FROM Filter ORDER BY band\", \"database\": \"demo\", \"version\": 39}");
        assertThat(submitted.get("success").asInt()).isEqualTo(1);
        long id = submitted.get("queryId").asLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode status;
        do {
            status = httpGet("/query-async/status/" + id + "?version=39").get("status");
            assertThat(System.nanoTime()).isLessThan(end);
        } while (!status.get("status").asText().equals("COMPLETED"));
        assertThat(status.get("queryId").asLong()).isEqualTo(id);
        assertThat(status.get("finalRows").asLong()).isEqualTo(6);
        JsonNode result = httpGet("/query-async/result/" + id + "?binary_encoding=hex");
        assertThat(result.get("success").asInt()).isEqualTo(1);
        assertThat(result.get("schema").get(0).get("column").asText()).isEqualTo("band");
        assertThat(result.get("schema").get(0).get("is_binary").asInt()).isZero();
        assertThat(result.get("rows")).hasSize(6);
        assertThat(result.get("rows").get(0).get(0).isTextual()).isTrue();
        assertThat(httpSend("DELETE", "/query-async/result/" + id, null).get("success").asInt()).isEqualTo(1);
        JsonNode gone = httpGet("/query-async/result/" + id);
        assertThat(gone.get("success").asInt()).isZero();
        assertThat(gone.get("error").asText()).contains("Unknown query id");
        JsonNode bad = httpSend("POST", "/query-async", "{\"query\": \"SELECT nosuchcolumn FROM Object\", \"database\": \"demo\"}");
        assertThat(bad.get("success").asInt()).isZero();
        assertThat(bad.get("error").asText()).contains("nosuchcolumn");
        // The synchronous /query answers in Qserv's form when a Qserv client asks (API version, binary encoding).
        JsonNode sync = httpSend("POST", "/query?version=39",
                "{\"query\": \"SELECT COUNT(*) AS n FROM Filter\", \"database\": \"demo\", \"binary_encoding\": \"hex\"}");
        assertThat(sync.get("success").asInt()).isEqualTo(1);
        assertThat(sync.get("rows").get(0).get(0).asText()).isEqualTo("6");
    }

    // ------------------------------------------------------------------ helpers

    /** Runs ENDLESS on {@code c} in the background; completes with the error that ended it. */
    private static CompletableFuture<Throwable> startEndless(Connection c) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                rows(c, ENDLESS);
                return null;
            } catch (SQLException e) {
                return e;
            }
        });
    }

    /** Id of the one EXECUTING query running ENDLESS, once it runs. */
    private long awaitRunning() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            for (List<Object> r : rows(client, "SELECT ID, STATE, INFO FROM information_schema.processlist")) {
                if (r.get(1).equals("EXECUTING") && ((String) r.get(2)).startsWith("SELECT COUNT(*) FROM Filter a")) {
                    return ((Number) r.get(0)).longValue();
                }
            }
            assertThat(System.nanoTime()).as("the endless query never showed up as EXECUTING").isLessThan(end);
            Thread.sleep(20);
        }
    }

    private void awaitStatus(long id, String wanted) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String state = null;
        while (System.nanoTime() < end) {
            List<List<Object>> r = rows(client, "SELECT STATUS FROM INFORMATION_SCHEMA.QUERIES WHERE ID = " + id);
            state = r.isEmpty() ? null : (String) r.get(0).get(0);
            if (wanted.equals(state)) {
                return;
            }
            Thread.sleep(20);
        }
        assertThat(state).as("status of query " + id).isEqualTo(wanted);
    }

    /** Waits until no worker runs a query any more (cancellation reached the workers). */
    private void awaitWorkersIdle() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (WorkerServer w : cluster.workers) {
            ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", w.port()).usePlaintext().build();
            channels.add(ch);
            ChunkQueryServiceGrpc.ChunkQueryServiceBlockingStub stub = ChunkQueryServiceGrpc.newBlockingStub(ch);
            int running;
            while ((running = stub.status(WorkerStatusRequest.getDefaultInstance()).getRunningQueries()) > 0) {
                assertThat(System.nanoTime()).as("worker " + w.config().id() + " still runs " + running + " queries")
                        .isLessThan(end);
                Thread.sleep(20);
            }
        }
    }

    private static List<List<Object>> rows(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            if (!st.execute(sql)) {
                return List.of();
            }
            try (ResultSet rs = st.getResultSet()) {
                List<List<Object>> out = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getObject(i));
                    }
                    out.add(row);
                }
                return out;
            }
        }
    }

    private static List<List<Object>> normalised(List<List<Object>> rows) {
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> r : rows) {
            out.add(r.stream().map(ResultRows::normalise).toList());
        }
        return out;
    }

    private JsonNode httpGet(String path) throws Exception {
        return httpSend("GET", path, null);
    }

    private JsonNode httpSend(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.czar.httpPort() + path));
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
