package io.skyshard.czar.frontend.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.czar.frontend.DuckDbQueryService;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Drives the MySQL front end with MariaDB Connector/J against a DuckDB-backed query service. */
class TestMySqlServer {
    private static DuckDbQueryService service;
    private static MySqlServer server;

    @BeforeAll
    static void start() {
        service = new DuckDbQueryService();
        server = new MySqlServer("127.0.0.1", 0, service,
                new UserDirectory(Map.of("qsmaster", "", "alice", "s3cret")),
                new CatalogView(() -> List.of("dp1", "sdss"), db -> db.equals("dp1") ? List.of("Object", "Source") : List.of()))
                .readTimeout(java.time.Duration.ofSeconds(3))
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        service.close();
    }

    private static Connection connect(String database, String user, String password, String options) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + server.port() + "/" + database
                + "?user=" + user + "&password=" + password + (options.isEmpty() ? "" : "&" + options));
    }

    private static Connection connect() throws SQLException {
        return connect("", "qsmaster", "", "");
    }

    @Test
    void columnTypesFollowTheCatalogTypes() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT CAST(1 AS BIGINT) AS b, CAST(2 AS INTEGER) i, CAST(3 AS SMALLINT) s, "
                        + "CAST(4 AS TINYINT) t, CAST(0.1 AS FLOAT) f, CAST(2.25 AS DOUBLE) d, CAST(12.34 AS DECIMAL(10,2)) dc, "
                        + "'héllo' v, '\\x01\\xFF'::BLOB bl, true bo, DATE '2024-01-02' dt, TIME '12:34:56' tm, "
                        + "TIMESTAMP '2024-01-02 03:04:05.123456' ts, 5::UBIGINT bt")) {
            ResultSetMetaData md = rs.getMetaData();
            List<Integer> types = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                types.add(md.getColumnType(i));
            }
            assertThat(types).containsExactly(Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.REAL,
                    Types.DOUBLE, Types.DECIMAL, Types.VARCHAR, Types.VARBINARY, Types.INTEGER, Types.DATE, Types.TIME,
                    Types.TIMESTAMP, Types.BIT);
            // MySQL has no boolean type: a truth value is an INT of width 1, as MariaDB describes 1 > 0.
            assertThat(md.getPrecision(10)).isEqualTo(1);
            assertThat(md.getColumnLabel(5)).isEqualTo("f");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong("b")).isEqualTo(1L);
            assertThat(rs.getObject("f")).isEqualTo(0.1f);
            assertThat(rs.getDouble("d")).isEqualTo(2.25);
            assertThat(rs.getBigDecimal("dc")).isEqualByComparingTo("12.34");
            assertThat(rs.getString("v")).isEqualTo("héllo");
            assertThat(rs.getBytes("bl")).containsExactly(0x01, 0xFF);
            assertThat(rs.getBoolean("bo")).isTrue();
            assertThat(rs.getDate("dt").toLocalDate()).isEqualTo(java.time.LocalDate.of(2024, 1, 2));
            assertThat(rs.getTime("tm").toLocalTime()).isEqualTo(java.time.LocalTime.of(12, 34, 56));
            assertThat(rs.getTimestamp("ts").toLocalDateTime()).isEqualTo(java.time.LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000));
            assertThat(rs.getLong("bt")).isEqualTo(5L);
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void floatsArriveAsMySqlSendsThemAndNullsAsNull() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT CAST(x AS FLOAT) AS f, CAST(x AS DOUBLE) AS d, "
                        + "CASE WHEN x > 0 THEN NULL ELSE 'a' END AS s FROM (VALUES (3.1415927), (1e-32), (-123.0)) v(x)")) {
            assertThat(rs.next()).isTrue();
            // MySQL sends FLOAT with 6 significant digits (FLT_DIG), DOUBLE with its shortest round-trip digits
            assertThat(rs.getString(1)).isEqualTo("3.14159");
            assertThat(rs.getFloat(1)).isEqualTo(3.14159f);
            assertThat(rs.getDouble(2)).isEqualTo(3.1415927);
            assertThat(rs.getString(3)).isNull();
            assertThat(rs.wasNull()).isTrue();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble(2)).isEqualTo(1e-32);
            assertThat(rs.getFloat(1)).isEqualTo(1e-32f);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble(2)).isEqualTo(-123.0);
            assertThat(rs.getString(3)).isEqualTo("a");
        }
    }

    @Test
    void manyRowsAreStreamed() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.setFetchSize(1000);
            long count = 0;
            long sum = 0;
            try (ResultSet rs = st.executeQuery("SELECT range AS id, 'row ' || range AS label FROM range(100000)")) {
                while (rs.next()) {
                    assertThat(rs.getString(2)).isEqualTo("row " + rs.getLong(1));
                    sum += rs.getLong(1);
                    count++;
                }
            }
            assertThat(count).isEqualTo(100_000);
            assertThat(sum).isEqualTo(100_000L * 99_999 / 2);
        }
    }

    @Test
    void errorsCarryCodeStateAndMessageAndLeaveTheConnectionUsable() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeQuery("SELECT * FROM no_such_table"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1146);
                        assertThat(e.getSQLState()).isEqualTo("42000");
                        assertThat(e.getMessage()).contains("no_such_table");
                    });
            assertThatThrownBy(() -> st.executeQuery("SELEC 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1064));
            assertThatThrownBy(() -> st.executeQuery("SELECT fail_resource()"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1041);
                        assertThat(e.getSQLState()).isEqualTo("HY000");
                        assertThat(e.getMessage()).contains("chunk 42");
                    });
            assertThatThrownBy(() -> st.executeQuery("SELECT fail_unexpected()"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1815);
                        assertThat(e.getMessage()).contains("fake service broke");
                    });
            try (ResultSet rs = st.executeQuery("SELECT 42")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void errorInTheMiddleOfAResultIsReported() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            // DuckDB fails the cast only when it reaches the bad row, after rows were sent
            assertThatThrownBy(() -> {
                try (ResultSet rs = st.executeQuery(
                        "SELECT CAST(CASE WHEN range < 5000 THEN '1' ELSE 'x' END AS INTEGER) FROM range(10000)")) {
                    while (rs.next()) {
                        rs.getInt(1);
                    }
                }
            }).isInstanceOf(SQLException.class).hasMessageContaining("x");
            assertThat(c.isValid(2)).isTrue();
        }
    }

    @Test
    void multiStatementTextIsRefusedByTheService() throws Exception {
        try (Connection c = connect("", "qsmaster", "", "allowMultiQueries=true"); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("SELECT 1; SELECT 2"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getMessage()).contains("Multiple statements"));
            try (ResultSet rs = st.executeQuery("SELECT 2")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void authentication() throws Exception {
        try (Connection c = connect("", "alice", "s3cret", "")) {
            assertThat(c.isValid(2)).isTrue();
        }
        assertThatThrownBy(() -> connect("", "alice", "wrong", ""))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(1045);
                    assertThat(e.getMessage()).contains("Access denied for user 'alice'");
                });
        assertThatThrownBy(() -> connect("", "mallory", "", ""))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
        assertThatThrownBy(() -> connect("", "qsmaster", "notempty", ""))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
    }

    @Test
    void clientAskingForAnotherPluginIsSwitchedToNativePassword() throws Exception {
        try (Connection c = connect("", "alice", "s3cret", "defaultAuthenticationPlugin=client_ed25519")) {
            assertThat(c.isValid(2)).isTrue();
        }
        assertThatThrownBy(() -> connect("", "alice", "bad", "defaultAuthenticationPlugin=client_ed25519"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
    }

    @Test
    void databasesAndUse() throws Exception {
        try (Connection c = connect("dp1", "qsmaster", "", ""); Statement st = c.createStatement()) {
            assertThat(single(st, "SELECT DATABASE()")).isEqualTo("dp1");
            assertThat(column(st, "SHOW TABLES")).containsExactly("Object", "Source");
            assertThat(column(st, "SHOW DATABASES")).containsExactly("dp1", "sdss");
            c.setCatalog("sdss"); // COM_INIT_DB or USE, depending on the driver
            assertThat(single(st, "SELECT DATABASE()")).isEqualTo("sdss");
            st.execute("USE dp1");
            assertThat(single(st, "SELECT DATABASE()")).isEqualTo("dp1");
            assertThatThrownBy(() -> st.execute("USE nosuch"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1049));
            assertThat(single(st, "SELECT DATABASE()")).isEqualTo("dp1");
        }
        assertThatThrownBy(() -> connect("nosuch", "qsmaster", "", ""))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1049));
        // the connect-time boilerplate never reached the query service
        assertThat(service.received()).noneMatch(sql -> sql.toUpperCase().startsWith("SET ") || sql.contains("@@"));
    }

    @Test
    void pingAndServerPreparedStatementsFallBackToTheTextProtocol() throws Exception {
        // the server refuses COM_STMT_PREPARE; Connector/J then prepares on the client side
        try (Connection c = connect("", "qsmaster", "", "useServerPrepStmts=true");
                var ps = c.prepareStatement("SELECT CAST(? AS BIGINT) + 1")) {
            assertThat(c.isValid(2)).isTrue();
            ps.setLong(1, 41);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(42);
            }
            assertThat(c.isValid(2)).isTrue();
        }
    }

    @Test
    void unsupportedCommandsGetErrorsOnARawConnection() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] handshake = readPacket(in);
            assertThat(new String(handshake, 1, MySqlServer.SERVER_VERSION.length())).isEqualTo(MySqlServer.SERVER_VERSION);
            java.io.ByteArrayOutputStream response = new java.io.ByteArrayOutputStream();
            int flags = MySqlConnectionHandler.CLIENT_PROTOCOL_41 | MySqlConnectionHandler.CLIENT_SECURE_CONNECTION
                    | MySqlConnectionHandler.CLIENT_PLUGIN_AUTH;
            response.write(new byte[] {(byte) flags, (byte) (flags >> 8), (byte) (flags >> 16), 0, 0, 0, 0, 1, 45});
            response.write(new byte[23]);
            response.write("qsmaster\0".getBytes());
            response.write(0); // empty auth response
            response.write("mysql_native_password\0".getBytes());
            writePacket(out, 1, response.toByteArray());
            assertThat(readPacket(in)[0]).isEqualTo((byte) 0x00);

            writePacket(out, 0, new byte[] {0x16, 'S', 'E', 'L', 'E', 'C', 'T', ' ', '1'}); // COM_STMT_PREPARE
            byte[] err = readPacket(in);
            assertThat(err[0]).isEqualTo((byte) 0xFF);
            assertThat((err[1] & 0xFF) | (err[2] & 0xFF) << 8).isEqualTo(1295);
            assertThat(new String(err, 9, err.length - 9)).contains("text protocol");

            writePacket(out, 0, new byte[] {0x7A}); // no such command
            err = readPacket(in);
            assertThat(err[0]).isEqualTo((byte) 0xFF);
            assertThat((err[1] & 0xFF) | (err[2] & 0xFF) << 8).isEqualTo(1047);

            writePacket(out, 0, new byte[] {0x0E}); // COM_PING
            assertThat(readPacket(in)[0]).isEqualTo((byte) 0x00);

            writePacket(out, 0, new byte[] {0x01}); // COM_QUIT: the server closes
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    private static byte[] readPacket(InputStream in) throws java.io.IOException {
        byte[] header = in.readNBytes(4);
        assertThat(header).hasSize(4);
        int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
        return in.readNBytes(length);
    }

    private static void writePacket(OutputStream out, int sequence, byte[] payload) throws java.io.IOException {
        out.write(new byte[] {(byte) payload.length, (byte) (payload.length >> 8), (byte) (payload.length >> 16), (byte) sequence});
        out.write(payload);
        out.flush();
    }

    @Test
    void concurrentConnections() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    long total = 0;
                    try (Connection c = connect(); Statement st = c.createStatement()) {
                        for (int q = 0; q < 10; q++) {
                            try (ResultSet rs = st.executeQuery("SELECT sum(range) FROM range(" + (thread * 1000 + q) + ")")) {
                                rs.next();
                                total += rs.getLong(1);
                            }
                        }
                    }
                    return total;
                }));
            }
            for (int t = 0; t < 8; t++) {
                long expected = 0;
                for (int q = 0; q < 10; q++) {
                    long n = t * 1000L + q;
                    expected += n * (n - 1) / 2;
                }
                assertThat(futures.get(t).get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void garbageOnTheWireDoesNotHurtTheServer() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            byte[] header = in.readNBytes(4);
            int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
            assertThat(in.readNBytes(length)[0]).isEqualTo((byte) 10); // protocol version of the handshake
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {5, 0, 0, 1, 1, 2, 3, 4, 5}); // truncated handshake response
            out.flush();
            byte[] reply = in.readAllBytes(); // server answers with ERR and closes
            assertThat(reply.length).isGreaterThan(4);
            assertThat(reply[4]).isEqualTo((byte) 0xFF);
        }
        try (Connection c = connect()) {
            assertThat(c.isValid(2)).isTrue();
        }
    }

    private static String single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static List<String> column(Statement st, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    // ---- abuse on the wire ------------------------------------------------------------------------

    /** A raw connection authenticated as qsmaster (no password). */
    private static Socket authenticated() throws java.io.IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        readPacket(in);
        java.io.ByteArrayOutputStream response = new java.io.ByteArrayOutputStream();
        int flags = MySqlConnectionHandler.CLIENT_PROTOCOL_41 | MySqlConnectionHandler.CLIENT_SECURE_CONNECTION
                | MySqlConnectionHandler.CLIENT_PLUGIN_AUTH;
        response.write(new byte[] {(byte) flags, (byte) (flags >> 8), (byte) (flags >> 16), 0, 0, 0, 0, 1, 45});
        response.write(new byte[23]);
        response.write("qsmaster\0".getBytes());
        response.write(0);
        response.write("mysql_native_password\0".getBytes());
        writePacket(s.getOutputStream(), 1, response.toByteArray());
        assertThat(readPacket(in)[0]).isEqualTo((byte) 0x00);
        return s;
    }

    private static int errorCode(byte[] err) {
        assertThat(err[0]).isEqualTo((byte) 0xFF);
        return (err[1] & 0xFF) | (err[2] & 0xFF) << 8;
    }

    private static String errorMessage(byte[] err) {
        return new String(err, 9, err.length - 9, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void emptyQueriesAnswerQueryWasEmpty() throws Exception {
        try (Socket s = authenticated()) {
            for (String sql : new String[] {"", "   \n ", "/* only a comment */", "-- dash comment", "# hash comment"}) {
                byte[] text = sql.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                byte[] payload = new byte[text.length + 1];
                payload[0] = 0x03;
                System.arraycopy(text, 0, payload, 1, text.length);
                writePacket(s.getOutputStream(), 0, payload);
                byte[] err = readPacket(s.getInputStream());
                assertThat(errorCode(err)).as(sql).isEqualTo(1065);
                assertThat(errorMessage(err)).isEqualTo("Query was empty");
            }
            writePacket(s.getOutputStream(), 0, new byte[] {0x0E}); // still usable
            assertThat(readPacket(s.getInputStream())[0]).isEqualTo((byte) 0x00);
        }
    }

    @Test
    void somethingThatIsNotAHandshakeResponseIsRefusedAtOnce() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5_000);
            InputStream in = s.getInputStream();
            readPacket(in);
            // "GET " reads as a 5 MB packet: refused without waiting for 5 MB that never come
            long t0 = System.nanoTime();
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            byte[] err = readPacket(in);
            assertThat(errorCode(err)).isEqualTo(MySqlConnectionHandler.BAD_HANDSHAKE);
            assertThat(errorMessage(err)).contains("Bad handshake", "cannot be a handshake response");
            assertThat(in.read()).isEqualTo(-1);
            assertThat(System.nanoTime() - t0).isLessThan(3_000_000_000L);
        }
    }

    @Test
    void aPacketThatStopsHalfWayTimesOutWithAnError() throws Exception {
        try (Socket s = authenticated()) {
            // declares 1 MB, sends 10 bytes, then nothing
            s.getOutputStream().write(new byte[] {0, 0, 0x10, 0, 0x03, 'S', 'E', 'L', 'E', 'C', 'T', ' ', '1', ' '});
            s.getOutputStream().flush();
            byte[] err = readPacket(s.getInputStream());
            assertThat(errorCode(err)).isEqualTo(1159);
            assertThat(errorMessage(err)).contains("timeout reading communication packets");
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void declaredLengthsAboveMaxAllowedPacketAreRefusedBeforeTheBodyArrives() throws Exception {
        try (Socket s = authenticated()) {
            // 16 MiB - 1 continuation chunks announced up to beyond max_allowed_packet, with no bodies sent
            OutputStream out = s.getOutputStream();
            byte[] chunk = new byte[MySqlPacketDecoder.MAX_PAYLOAD_CHUNK];
            chunk[0] = 0x03;
            for (int i = 0; i < MySqlServer.MAX_ALLOWED_PACKET / MySqlPacketDecoder.MAX_PAYLOAD_CHUNK; i++) {
                out.write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) i});
                out.write(chunk);
            }
            out.write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 9});
            out.flush();
            byte[] err = readPacket(s.getInputStream());
            assertThat(errorCode(err)).isEqualTo(1153);
            assertThat(errorMessage(err)).contains("max_allowed_packet");
        }
        try (Connection c = connect()) {
            assertThat(c.isValid(2)).isTrue();
        }
    }

    @Test
    void pipelinedCommandsAreAllAnsweredInOrder() throws Exception {
        try (Socket s = authenticated()) {
            OutputStream out = s.getOutputStream();
            java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 200; i++) {
                burst.write(new byte[] {1, 0, 0, 0, 0x0E}); // COM_PING
            }
            out.write(burst.toByteArray());
            out.flush();
            for (int i = 0; i < 200; i++) {
                assertThat(readPacket(s.getInputStream())[0]).isEqualTo((byte) 0x00);
            }
        }
    }
}
