package io.skyshard.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cluster through its front ends: the mariadb CLI, the HTTP API, and what must be refused. */
class TestClusterFrontEnds {
    static LocalCluster cluster;
    static Connection client;

    @BeforeAll
    static void start() throws Exception {
        cluster = SharedCluster.get();
        client = DriverManager.getConnection(cluster.jdbcUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
    }

    static long objectCount() throws SQLException {
        try (Statement st = client.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM Object")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "DROP TABLE Object",
        "DELETE FROM Object",
        "INSERT INTO Filter VALUES ('q', 'q', 1, 1)",
        "UPDATE Object SET coord_ra = 0",
        "CREATE TABLE t (x INT)",
        "SELECT 1; DROP TABLE Object",
    })
    void onlySelectIsAccepted(String sql) throws Exception {
        long before = objectCount();
        assertThatThrownBy(() -> {
            try (Statement st = client.createStatement()) {
                st.execute(sql);
            }
        }).isInstanceOf(SQLException.class).hasMessageNotContaining("Internal");
        assertThat(objectCount()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT objectId, ROW_NUMBER() OVER (ORDER BY objectId) FROM Object",
        "SELECT nosuchcolumn FROM Object",
        "SELECT * FROM NoSuchTable",
        "SELECT FROM WHERE",
    })
    void unsupportedOrWrongQueriesAreRejectedWithAMessage(String sql) {
        assertThatThrownBy(() -> {
            try (Statement st = client.createStatement()) {
                st.executeQuery(sql);
            }
        }).isInstanceOf(SQLException.class).satisfies(e -> assertThat(e.getMessage()).isNotBlank());
    }

    @Test
    void syntaxErrorNamesThePosition() {
        assertThatThrownBy(() -> {
            try (Statement st = client.createStatement()) {
                st.executeQuery("SELECT objectId FROM Object WHERE");
            }
        }).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo(1064);
            assertThat(e.getMessage()).containsIgnoringCase("line 1");
        });
    }

    @Test
    void mariadbCommandLineClient() throws Exception {
        Process p = new ProcessBuilder("mariadb", "-h", "127.0.0.1", "-P", Integer.toString(cluster.czar.mysqlPort()),
                "-u", "qsmaster", "--batch", "--skip-column-names", "-e",
                "SELECT COUNT(*) FROM demo.Object; SELECT band, filterName FROM demo.Filter ORDER BY band")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).isEqualTo(Long.toString(LocalCluster.OBJECTS));
        assertThat(lines).hasSize(7);
        assertThat(lines.get(1)).startsWith("g\t");
    }

    @Test
    void httpQueryApi() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String body = "{\"query\": \"SELECT COUNT(*) AS n FROM Object\", \"database\": \"demo\"}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + cluster.czar.httpPort() + "/query"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"rows\"").contains(Long.toString(LocalCluster.OBJECTS)).contains("\"n\"");

        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + cluster.czar.httpPort() + "/query"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"DROP TABLE Object\", \"database\": \"demo\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"error\"");
    }

    private static void assertRefused(String sql, int code, String... fragments) {
        assertThatThrownBy(() -> {
            try (Statement st = client.createStatement()) {
                st.executeQuery(sql);
            }
        }).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getErrorCode()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.getMessage()).contains(fragments).doesNotContain("Internal", "StackOverflow", "Overflow");
        });
    }

    @Test
    void abusiveStatementsGetClearErrorsAndLeaveTheConnectionUsable() throws Exception {
        String where = "SELECT 1 FROM Object WHERE ";
        assertRefused(where + "(".repeat(5000) + "1=1" + ")".repeat(5000), 1473, "nested too deeply", "at most 200");
        assertRefused(where + "NOT ".repeat(5000) + "1=1", 1473, "nested too deeply", "at most 200");
        assertRefused(where + "(1=0 OR ".repeat(5000) + "1=1" + ")".repeat(5000), 1473, "nested too deeply");
        assertRefused(where + String.join(" OR ", java.util.Collections.nCopies(5000, "objectId = 1")), 1473,
                "Expression too long", "use IN (...)");
        assertRefused("SELECT objectId FROM Object LIMIT 99999999999999999999", 1064,
                "LIMIT value 99999999999999999999 is out of range");
        assertRefused("SELECT objectId FROM Object LIMIT 5 OFFSET 99999999999999999999", 1064, "OFFSET value");
        assertRefused("SELECT 1e999999 FROM Object", 1367, "Illegal double");
        // MySQL's LIMIT range reaches 2^64-1: beyond 2^63-1 it means every row
        try (Statement st = client.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM (SELECT objectId FROM Object LIMIT 18446744073709551615) t")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(LocalCluster.OBJECTS);
        }
        assertThat(objectCount()).isEqualTo(LocalCluster.OBJECTS);
    }

    @Test
    void emptyStatementsAnswerQueryWasEmptyOnBothPorts() throws Exception {
        for (String sql : new String[] {"  ", "/* nothing */", "-- nothing"}) {
            assertRefused(sql, 1065, "Query was empty");
        }
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.czar.httpPort() + "/query"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"/* nothing */\", \"database\": \"demo\"}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("EMPTY_QUERY", "Query was empty");
        HttpResponse<String> deep = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.czar.httpPort() + "/query"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"SELECT 1 FROM Object WHERE " + "NOT ".repeat(5000)
                        + "1=1\", \"database\": \"demo\"}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deep.statusCode()).isEqualTo(400);
        assertThat(deep.body()).contains("NESTED_TOO_DEEPLY", "at most 200");
    }
}
