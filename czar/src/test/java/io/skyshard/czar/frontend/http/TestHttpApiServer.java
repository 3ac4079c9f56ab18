package io.skyshard.czar.frontend.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.skyshard.czar.frontend.DuckDbQueryService;
import io.skyshard.czar.query.QueryService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestHttpApiServer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CountDownLatch releaseSlowQuery = new CountDownLatch(1);
    private static DuckDbQueryService duckdb;
    private static HttpApiServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() {
        duckdb = new DuckDbQueryService();
        QueryService service = (sql, session) -> {
            if (sql.equals("SLOW")) {
                try {
                    releaseSlowQuery.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return duckdb.execute("SELECT 'slow' AS s", session);
            }
            if (sql.equals("SELECT current_database_name")) {
                return duckdb.execute("SELECT '" + session.database() + "' AS db", session);
            }
            return duckdb.execute(sql, session);
        };
        server = new HttpApiServer("127.0.0.1", 0, service)
                .mount("/tap/*", exchange -> exchange.sendJson(HttpResponseStatus.OK, Map.of("tapPath", exchange.path())))
                .start();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        releaseSlowQuery.countDown();
        server.close();
        duckdb.close();
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> query(String sql) throws Exception {
        return post("/query", JSON.writeValueAsString(Map.of("query", sql)));
    }

    @Test
    void successWithTypedValues() throws Exception {
        HttpResponse<String> r = query("SELECT CAST(7 AS BIGINT) AS b, CAST(0.5 AS FLOAT) AS f, 'nan'::DOUBLE AS nan, "
                + "'-inf'::DOUBLE AS ninf, NULL::VARCHAR AS n, '\\x01\\xFF'::BLOB AS bytes, 'txt' AS s, true AS t, "
                + "CAST(12.30 AS DECIMAL(10,2)) AS dc, DATE '2024-01-02' AS d");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode json = JSON.readTree(r.body());
        assertThat(json.get("schema").get(0).get("name").asText()).isEqualTo("b");
        assertThat(json.get("schema").get(0).get("type").asText()).isEqualTo("BIGINT");
        assertThat(json.get("schema").get(1).get("type").asText()).isEqualTo("FLOAT");
        JsonNode row = json.get("rows").get(0);
        assertThat(row.get(0).isIntegralNumber()).isTrue();
        assertThat(row.get(0).asLong()).isEqualTo(7);
        assertThat(row.get(1).isNumber()).isTrue();
        assertThat(row.get(1).asDouble()).isEqualTo(0.5);
        assertThat(row.get(2).asText()).isEqualTo("NaN");
        assertThat(row.get(3).asText()).isEqualTo("-Infinity");
        assertThat(row.get(4).isNull()).isTrue();
        assertThat(Base64.getDecoder().decode(row.get(5).asText())).containsExactly(0x01, 0xFF);
        assertThat(row.get(6).asText()).isEqualTo("txt");
        assertThat(row.get(7).asBoolean()).isTrue();
        assertThat(row.get(8).decimalValue()).isEqualByComparingTo("12.30");
        assertThat(row.get(9).asText()).isEqualTo("2024-01-02");
    }

    @Test
    void largeResultsAreStreamedInChunks() throws Exception {
        HttpResponse<String> r = query("SELECT range AS id, 'label ' || range AS label FROM range(100000)");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("transfer-encoding")).hasValue("chunked");
        JsonNode rows = JSON.readTree(r.body()).get("rows");
        assertThat(rows.size()).isEqualTo(100_000);
        assertThat(rows.get(99_999).get(1).asText()).isEqualTo("label 99999");
    }

    @Test
    void databaseIsPassedInTheSession() throws Exception {
        HttpResponse<String> r = post("/query", "{\"query\": \"SELECT current_database_name\", \"database\": \"dp1\"}");
        assertThat(JSON.readTree(r.body()).get("rows").get(0).get(0).asText()).isEqualTo("dp1");
    }

    @Test
    void errorsMapToStatusesByCategory() throws Exception {
        HttpResponse<String> user = query("SELEC 1");
        assertThat(user.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(user.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("SYNTAX_ERROR");
        assertThat(error.get("message").asText()).contains("SELEC");

        HttpResponse<String> resource = query("SELECT fail_resource()");
        assertThat(resource.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(resource.body()).get("error").get("code").asText()).isEqualTo("OUT_OF_WORKERS");

        HttpResponse<String> internal = query("SELECT fail_unexpected()");
        assertThat(internal.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(internal.body()).get("error").get("message").asText()).contains("fake service broke");
    }

    @Test
    void errorWhileReadingRowsBeforeAnythingWasSentGetsAnErrorStatus() throws Exception {
        HttpResponse<String> r = query("SELECT CAST(CASE WHEN range < 10 THEN '1' ELSE 'x' END AS INTEGER) FROM range(100)");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("error").get("message").asText()).contains("x");
    }

    @Test
    void malformedRequests() throws Exception {
        HttpResponse<String> notJson = post("/query", "{\"query\": ");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).get("error").get("message").asText()).contains("malformed JSON");

        HttpResponse<String> noQuery = post("/query", "{\"sql\": \"SELECT 1\"}");
        assertThat(noQuery.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noQuery.body()).get("error").get("message").asText()).contains("\"query\"");

        HttpResponse<String> notObject = post("/query", "[1, 2]");
        assertThat(notObject.statusCode()).isEqualTo(400);

        // bytes that are not UTF-8 are a malformed body, not a query holding U+FFFD
        for (String route : new String[] {"/query", "/query-async"}) {
            HttpResponse<String> notUtf8 = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + route))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', '"', 'q', 'u', 'e', 'r', 'y', '"', ':', '"',
                            'S', 'E', 'L', 'E', 'C', 'T', ' ', (byte) 0xFF, '"', '}'})).build(), HttpResponse.BodyHandlers.ofString());
            // (the asynchronous API answers as Qserv's does: errors in a 200 body with "success": 0)
            assertThat(notUtf8.statusCode()).as(route).isIn(200, 400);
            assertThat(notUtf8.body()).contains("MALFORMED_REQUEST", "malformed JSON", "UTF-8").doesNotContain("\"success\":1");
        }
    }

    @Test
    void wrongMethodUnknownPathAndTooLargeBody() throws Exception {
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/query"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);

        assertThat(post("/nope", "{}").statusCode()).isEqualTo(404);

        String huge = "{\"query\": \"SELECT '" + "a".repeat(HttpApiServer.MAX_REQUEST_BYTES + 10) + "'\"}";
        assertThat(post("/query", huge).statusCode()).isEqualTo(413);
    }

    @Test
    void statusAndMountedRoutes() throws Exception {
        HttpResponse<String> status = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/status"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(status.body()).get("status").asText()).isEqualTo("ok");

        HttpResponse<String> tap = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/tap/sync?x=1"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(tap.body()).get("tapPath").asText()).isEqualTo("/tap/sync");
        assertThat(post("/tapx", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void aSlowQueryDoesNotBlockOtherRequests() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/query"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"SLOW\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        try {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> fast = query("SELECT " + i);
                assertThat(fast.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(fast.body()).get("rows").get(0).get(0).asInt()).isEqualTo(i);
            }
            assertThat(slow).isNotDone();
        } finally {
            releaseSlowQuery.countDown();
        }
        assertThat(JSON.readTree(slow.get(20, TimeUnit.SECONDS).body()).get("rows").get(0).get(0).asText()).isEqualTo("slow");
    }

    @Test
    void statementsWithoutRowsReturnAnEmptySchema() throws Exception {
        HttpResponse<String> r = query("CREATE TEMP TABLE IF NOT EXISTS t_http (x INTEGER)");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("schema").size()).isZero();
    }

    @Test
    void malformedPercentEscapesAreTheClientsErrorAndKeepTheConnectionUsable() throws Exception {
        server.mount("/params", exchange -> exchange.sendJson(HttpResponseStatus.OK, Map.of("n", exchange.queryParameters().size())));
        // java.net.URI refuses such requests: a raw connection sends them, pipelined on one connection
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /params?x=%zz HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /%zz/%G0 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String all = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int bad = all.indexOf("HTTP/1.1 400");
            int missing = all.indexOf("HTTP/1.1 404");
            int ok = all.indexOf("HTTP/1.1 200");
            assertThat(bad).isNotNegative();
            assertThat(missing).isGreaterThan(bad);
            assertThat(ok).isGreaterThan(missing);
            assertThat(all).contains("malformed query string", "MALFORMED_REQUEST", "no such resource: /%zz/%G0");
        }
    }

    @Test
    void idleConnectionsAndStalledRequestsAreClosedButSlowAnswersAreNot() throws Exception {
        HttpApiServer quick = new HttpApiServer("127.0.0.1", 0)
                .mount("/slow", exchange -> {
                    try {
                        Thread.sleep(2500); // longer than the idle timeout, with nothing arriving meanwhile
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.sendJson(HttpResponseStatus.OK, Map.of("slow", true));
                })
                .idleTimeout(Duration.ofSeconds(1))
                .start();
        try {
            // a request that stops half-way (slowloris) and a connection that sends nothing are closed
            for (String sent : new String[] {"GET /status HTTP/1.1\r\nHost: x\r\nX-Slow: ", ""}) {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", quick.port())) {
                    s.setSoTimeout(10_000);
                    s.getOutputStream().write(sent.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    long t0 = System.nanoTime();
                    assertThat(s.getInputStream().read()).isEqualTo(-1);
                    assertThat(System.nanoTime() - t0).isLessThan(8_000_000_000L);
                }
            }
            // a request being answered is not cut, however long it takes
            HttpResponse<String> slow = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + quick.port() + "/slow"))
                    .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(slow.statusCode()).isEqualTo(200);
            assertThat(slow.body()).contains("slow");
        } finally {
            quick.close();
        }
    }
}
