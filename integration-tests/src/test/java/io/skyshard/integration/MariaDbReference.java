package io.skyshard.integration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The Qserv test catalogs loaded unpartitioned into the shared MariaDB (127.0.0.1:3306), the way
 * Qserv's own integration tests build their reference: the mysqldump {@code schema/*.schema} files
 * are executed as they are and the data files are loaded with {@code LOAD DATA LOCAL INFILE}. It is
 * deliberately independent of Skyshard's ingest code (its own file-format handling, MariaDB's own
 * type conversions), so that the differential suite compares two separate paths from the same files.
 *
 * <p>Each case goes into its own database {@code skyshard_test_<tag>_caseNN} (unique per JVM, dropped
 * at exit) together with the sciSQL functions as MariaDB stored functions ({@code scisql-mariadb.sql}).
 */
final class MariaDbReference implements AutoCloseable {
    static final String HOST_URL = "jdbc:mariadb://127.0.0.1:3306/";
    private static final String FUNCTIONS = "/io/skyshard/integration/scisql-mariadb.sql";

    private final String tag;
    private final Map<String, String> databases = new LinkedHashMap<>();
    private final Map<String, Connection> connections = new LinkedHashMap<>();

    private MariaDbReference(String tag) {
        this.tag = tag;
    }

    /** Loads the given case directories; starts the local MariaDB first if it is not answering. */
    static MariaDbReference load(List<Path> cases) throws Exception {
        ensureRunning();
        MariaDbReference ref = new MariaDbReference(Long.toString(ProcessHandle.current().pid(), 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36));
        try {
            for (Path dir : cases) {
                ref.loadCase(dir);
            }
        } catch (Exception e) {
            ref.close();
            throw e;
        }
        return ref;
    }

    /** The MariaDB database holding case {@code name} (e.g. "case01"). */
    String database(String caseName) {
        String db = databases.get(caseName);
        if (db == null) {
            throw new IllegalArgumentException("no reference database for " + caseName);
        }
        return db;
    }

    /** A connection whose default database is the case's database. */
    Connection connection(String caseName) {
        return connections.get(caseName);
    }

    private void loadCase(Path dir) throws Exception {
        String caseName = dir.getFileName().toString();
        String db = "skyshard_test_" + tag + "_" + caseName;
        try (Connection admin = DriverManager.getConnection(HOST_URL + "?user=root"); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS `" + db + "`");
            st.execute("CREATE DATABASE `" + db + "` CHARACTER SET latin1");
        }
        databases.put(caseName, db);
        // allowMultiQueries: a mysqldump file is a script; allowLocalInfile: the data files are on this side.
        Connection c = DriverManager.getConnection(HOST_URL + db
                + "?user=root&allowMultiQueries=true&allowLocalInfile=true&useServerPrepStmts=false");
        connections.put(caseName, c);
        try (Statement st = c.createStatement()) {
            // The dumps come from MySQL 5.1 without strict mode: empty numeric fields load as 0, as they did there.
            st.execute("SET SESSION sql_mode = ''");
            for (String f : functionStatements()) {
                st.execute(f);
            }
        }
        List<Path> schemas;
        try (Stream<Path> files = Files.list(dir.resolve("schema"))) {
            schemas = files.filter(p -> p.toString().endsWith(".schema")).sorted().toList();
        }
        // Tables first, views after (a view needs its base table).
        List<Path> views = new ArrayList<>();
        for (Path schema : schemas) {
            String text = Files.readString(schema, StandardCharsets.ISO_8859_1);
            if (!text.contains("CREATE TABLE")) {
                views.add(schema);
                continue;
            }
            execute(c, text, schema);
            String table = tableName(text, schema);
            Path data = dataFile(dir, table);
            if (data != null) {
                loadData(c, dir, table, data);
            }
        }
        for (Path view : views) {
            execute(c, Files.readString(view, StandardCharsets.ISO_8859_1), view);
        }
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = DEFAULT");
        }
    }

    private static void execute(Connection c, String script, Path from) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(script);
            while (st.getMoreResults() || st.getUpdateCount() != -1) {
                // drain every statement of the script so that errors surface here
            }
        } catch (SQLException e) {
            throw new SQLException(from + ": " + e.getMessage(), e);
        }
    }

    private static final Pattern CREATE_TABLE = Pattern.compile("CREATE TABLE `([^`]+)`");

    private static String tableName(String schema, Path from) {
        Matcher m = CREATE_TABLE.matcher(schema);
        if (!m.find()) {
            throw new IllegalStateException(from + ": no CREATE TABLE");
        }
        return m.group(1);
    }

    private static Path dataFile(Path dir, String table) {
        for (String suffix : List.of(".tsv.gz", ".csv.gz", ".tsv", ".csv")) {
            Path p = dir.resolve(table + suffix);
            if (Files.exists(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * LOAD DATA with the dialect of the case's partitioner configuration: delimiter from
     * {@code partition/common.json} (tab for .tsv files), optional enclosing quote from the
     * table's own partition config, field order from its {@code in.csv.field} list when there is one.
     */
    private static void loadData(Connection c, Path dir, String table, Path data) throws Exception {
        String common = readIfExists(dir.resolve("partition/common.json"));
        String own = readIfExists(dir.resolve("partition/" + table + ".json"));
        String delimiter = data.toString().contains(".tsv") ? "\t" : firstString(common, "delimiter", ",");
        String enclose = firstString(own, "enclose", firstString(common, "enclose", null));
        List<String> fields = fieldList(own);
        if (fields != null && fields.equals(columns(c, table))) {
            // The usual case; and Connector/J's LOAD DATA check overflows its stack on very long column lists.
            fields = null;
        }
        Path plain = Files.createTempFile("skyshard-ref-" + table, ".txt");
        try {
            try (InputStream in = open(data); OutputStream out = Files.newOutputStream(plain)) {
                in.transferTo(out);
            }
            StringBuilder sql = new StringBuilder("LOAD DATA LOCAL INFILE '")
                    .append(plain.toString().replace("\\", "\\\\").replace("'", "\\'"))
                    .append("' INTO TABLE `").append(table).append("` CHARACTER SET latin1 FIELDS TERMINATED BY '")
                    .append(delimiter.equals("\t") ? "\\t" : delimiter).append("'");
            if (enclose != null) {
                sql.append(" OPTIONALLY ENCLOSED BY '").append(enclose.replace("'", "\\'")).append("'");
            }
            sql.append(" ESCAPED BY '\\\\' LINES TERMINATED BY '\\n'");
            if (fields != null) {
                sql.append(" (");
                for (int i = 0; i < fields.size(); i++) {
                    sql.append(i == 0 ? "" : ", ").append('`').append(fields.get(i)).append('`');
                }
                sql.append(')');
            }
            try (Statement st = c.createStatement()) {
                st.execute(sql.toString());
            } catch (SQLException e) {
                throw new SQLException(data + ": " + e.getMessage(), e);
            }
        } finally {
            Files.deleteIfExists(plain);
        }
    }

    private static List<String> columns(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (var ps = c.prepareStatement("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, table);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static InputStream open(Path p) throws IOException {
        InputStream in = Files.newInputStream(p);
        return p.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static String readIfExists(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }

    /** The value of the first {@code "key": "value"} in a JSON text (the configs are flat enough for this). */
    private static String firstString(String json, String key, String otherwise) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        if (!m.find()) {
            return otherwise;
        }
        return m.group(1).replace("\\t", "\t").replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private static List<String> fieldList(String json) {
        Matcher m = Pattern.compile("\"field\"\\s*:\\s*\\[([^\\]]*)\\]", Pattern.DOTALL).matcher(json);
        if (!m.find()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        Matcher f = Pattern.compile("\"([^\"]+)\"").matcher(m.group(1));
        while (f.find()) {
            out.add(f.group(1));
        }
        return out;
    }

    /** The stored functions, one statement each (bodies are single RETURN expressions, no inner ';'). */
    static List<String> functionStatements() throws IOException {
        String text;
        try (InputStream in = MariaDbReference.class.getResourceAsStream(FUNCTIONS)) {
            if (in == null) {
                throw new IllegalStateException(FUNCTIONS + " is missing");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (t.endsWith(";")) {
                String s = current.toString().strip();
                out.add(s.substring(0, s.length() - 1));
                current.setLength(0);
            }
        }
        return out;
    }

    /** Starts the local MariaDB server when nothing answers on 127.0.0.1:3306 (tests must not skip). */
    static void ensureRunning() throws Exception {
        if (answers()) {
            return;
        }
        Files.createDirectories(Path.of("/run/mysqld"));
        new ProcessBuilder("start-stop-daemon", "--start", "--oknodo", "--background", "--exec", "/usr/sbin/mariadbd",
                "--", "--user=mysql").inheritIO().start().waitFor();
        for (int i = 0; i < 60 && !answers(); i++) {
            Thread.sleep(1000);
        }
        if (!answers()) {
            throw new IllegalStateException("MariaDB does not answer on 127.0.0.1:3306");
        }
    }

    private static boolean answers() {
        try (Connection c = DriverManager.getConnection(HOST_URL + "?user=root&connectTimeout=2000")) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        for (Connection c : connections.values()) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        try (Connection admin = DriverManager.getConnection(HOST_URL + "?user=root"); Statement st = admin.createStatement()) {
            for (String db : databases.values()) {
                st.execute("DROP DATABASE IF EXISTS `" + db + "`");
            }
        } catch (SQLException ignored) {
            // the server may be gone at JVM exit; names are unique per run, nothing collides later
        }
    }
}
