package io.skyshard.sql;

import io.skyshard.common.catalog.ChunkTables;
import io.skyshard.common.sql.DuckDbFunctions;
import io.skyshard.sql.plan.ChunkSelection;
import io.skyshard.sql.plan.DistributedPlan;
import io.skyshard.sql.plan.LocalPlan;
import io.skyshard.sql.plan.QueryPlan;
import io.skyshard.sql.plan.StagedPlan;
import io.skyshard.sql.plan.SubqueryFirstPlan;
import io.skyshard.sql.plan.SubqueryValues;
import io.skyshard.common.catalog.Catalog;
import io.skyshard.common.catalog.DirectorIndex;
import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Two in-memory DuckDB databases: a reference one holding whole tables (with MySQL's NULL ordering),
 * and a distributed one holding chunk tables where plans run chunk by chunk into {@code partials}.
 */
final class DuckDbHarness implements AutoCloseable {
    private static final String DATA = """
            CREATE SCHEMA demo;
            CREATE TABLE demo."Object" AS SELECT i::BIGINT AS objectId, ((i * 37.1) % 360)::DOUBLE AS coord_ra,
              (((i * 13.7) % 170) - 85)::DOUBLE AS coord_dec,
              CASE WHEN i % 7 = 0 THEN NULL ELSE (i % 50) * 1.5 END::DOUBLE AS g_psfFlux,
              ((i * 3) % 41)::FLOAT AS r_psfFlux,
              CASE WHEN i % 5 = 0 THEN NULL ELSE (i % 2)::DOUBLE END AS refExtendedness,
              (100 + i % 4)::INTEGER AS chunkId, (i % 10)::INTEGER AS subChunkId
              FROM range(1, 201) t(i);
            CREATE TABLE demo."Source" AS SELECT (o.objectId * 10 + k)::BIGINT AS sourceId, o.objectId,
              ['u', 'g', 'r', 'i', 'z', 'y'][((o.objectId + k) % 6) + 1] AS band,
              CASE WHEN k = 2 AND o.objectId % 3 = 0 THEN NULL ELSE o.objectId * 0.1 + k END::DOUBLE AS psfFlux,
              o.chunkId, o.subChunkId
              FROM demo."Object" o CROSS JOIN range(0, 4) r(k) WHERE k <= o.objectId % 4;
            CREATE TABLE demo."Filter" (band VARCHAR, filterName VARCHAR, effWavelength DOUBLE);
            INSERT INTO demo."Filter" VALUES ('u', 'LSST u', 367.0), ('g', 'LSST g', 482.5), ('r', 'LSST r', 622.2),
              ('i', 'LSST i', 754.5), ('z', 'LSST z', 869.1), ('y', 'LSST y', NULL);
            CREATE TABLE demo."Visit" AS SELECT i::BIGINT AS visitId, (2020 + i % 3)::INTEGER AS "year",
              (1 + i % 12)::INTEGER AS "month", (i % 24)::INTEGER AS "hour", (i * 7 % 60)::INTEGER AS "second",
              CASE WHEN i % 4 = 0 THEN NULL ELSE i * 0.5 END::DOUBLE AS "value", 'p' || i AS "position",
              (i % 5)::INTEGER AS "size", CASE WHEN i % 2 = 0 THEN 'ok' ELSE 'bad' END AS "result",
              ['u', 'g', 'r'][i % 3 + 1] AS "filter" FROM range(1, 21) t(i);
            """;

    private static final java.util.regex.Pattern CHUNK_TABLE = java.util.regex.Pattern.compile("\"[^\"]+\"\\.\"[^\"]*%CHUNK%[^\"]*\"");

    final Connection reference;
    final Connection distributed;
    private final int[] allChunks;

    /** The demo catalog ({@link DemoCatalog}): chunk tables cut by the generated chunkId column. */
    DuckDbHarness() throws SQLException {
        this(DATA + "SET schema = 'demo';", demoChunks(), DemoCatalog.CHUNKS);
    }

    private static String demoChunks() {
        StringBuilder chunks = new StringBuilder(DATA);
        for (int c : DemoCatalog.CHUNKS) {
            for (String t : List.of("Object", "Source")) {
                chunks.append("CREATE TABLE demo.\"").append(t).append('_').append(c).append("\" AS SELECT * FROM demo.\"")
                        .append(t).append("\" WHERE chunkId = ").append(c).append(";\n");
            }
        }
        // Workers hold only chunk tables: drop the whole partitioned tables so a plan cannot read them.
        return chunks + "DROP TABLE demo.\"Source\"; DROP TABLE demo.\"Object\";";
    }

    /**
     * @param referenceScript   creates the whole tables (and sets the default schema) in the reference
     * @param distributedScript creates the chunk, overlap and replicated tables workers would hold
     * @param allChunks         the non-empty chunks (what a full scan visits)
     */
    DuckDbHarness(String referenceScript, String distributedScript, int[] allChunks) throws SQLException {
        this.allChunks = allChunks.clone();
        reference = DriverManager.getConnection("jdbc:duckdb:");
        distributed = DriverManager.getConnection("jdbc:duckdb:");
        // The production sciSQL macros, as workers and the czar load them.
        for (Connection c : List.of(reference, distributed)) {
            try (Statement s = c.createStatement()) {
                for (String macro : DuckDbFunctions.statements()) {
                    s.execute(macro);
                }
            }
        }
        execute(reference, referenceScript + "\nSET default_null_order = 'nulls_first_on_asc_last_on_desc';");
        execute(distributed, distributedScript);
    }

    static void execute(Connection c, String script) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String stmt : script.split(";\\s*\n|;\\s*$|; ")) {
                if (!stmt.isBlank()) {
                    s.execute(stmt);
                }
            }
        }
    }

    List<List<Object>> runReference(String sql) throws SQLException {
        try (Statement s = reference.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rows(rs);
        }
    }

    /**
     * Plans and runs {@code sql} as the czar does: subqueries first (planning again with their values),
     * then the plan; chunk by chunk or, if {@code union}, all chunks in one statement over unionTable.
     */
    List<List<Object>> run(QueryPlanner planner, String sql, String database, Catalog catalog, DirectorIndex index,
            boolean union) throws SQLException {
        SubqueryValues values = SubqueryValues.NONE;
        QueryPlan plan = planner.plan(sql, database, catalog, index, values);
        while (plan instanceof SubqueryFirstPlan first) {
            for (SubqueryFirstPlan.Subquery sub : first.subqueries()) {
                List<Object> rows = new ArrayList<>();
                for (List<Object> row : raw(sub.plan(), union)) {
                    rows.add(row.get(0));
                }
                values = values.with(sub.key(), switch (sub.kind()) {
                    case IN -> rows.stream().distinct().toList();
                    case SCALAR -> {
                        if (rows.size() > 1) {
                            throw new IllegalStateException("Subquery returns more than 1 row: " + sub.construct());
                        }
                        yield rows;
                    }
                    case EXISTS -> List.of(!rows.isEmpty());
                });
            }
            plan = planner.plan(sql, database, catalog, index, values);
        }
        return runPlan(plan, union);
    }

    /** Runs a plan (not subquery-first) and returns its rows, normalised. */
    List<List<Object>> runPlan(QueryPlan plan, boolean union) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> row : raw(plan, union)) {
            out.add(row.stream().map(DuckDbHarness::normalize).toList());
        }
        return out;
    }

    private List<List<Object>> raw(QueryPlan plan, boolean union) throws SQLException {
        List<String> stages = new ArrayList<>();
        try (Statement s = distributed.createStatement(); ResultSet rs = s.executeQuery(prepare(plan, union, stages))) {
            List<List<Object>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.add(v instanceof Integer || v instanceof Short || v instanceof Byte ? ((Number) v).longValue() : v);
                }
                out.add(row);
            }
            return out;
        } finally {
            try (Statement s = distributed.createStatement()) {
                for (String t : stages) {
                    s.execute("DROP TABLE IF EXISTS \"" + t + "\"");
                }
            }
        }
    }

    /** Runs everything a plan needs before its final query (stages, partial results) and returns that query. */
    private String prepare(QueryPlan plan, boolean union, List<String> stages) throws SQLException {
        return switch (plan) {
            case LocalPlan local -> local.sql();
            case StagedPlan staged -> {
                for (StagedPlan.Stage stage : staged.stages()) {
                    String sql = prepare(stage.plan(), union, stages);
                    try (Statement s = distributed.createStatement()) {
                        s.execute("CREATE TEMP TABLE \"" + stage.table() + "\" AS " + sql);
                    }
                    stages.add(stage.table());
                }
                yield prepare(staged.result(), union, stages);
            }
            case DistributedPlan p -> {
                int[] chunks = switch (p.chunks()) {
                    case ChunkSelection.All a -> allChunks;
                    case ChunkSelection.Chunks c -> c.chunkIds();
                    case ChunkSelection.ReplicatedOnly r -> new int[] {ChunkTables.REPLICATED_CHUNK};
                };
                try (Statement s = distributed.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS partials");
                    String schemaSource = ChunkTables.instantiate(p.chunkSqlTemplate(), allChunks[0]);
                    s.execute("CREATE TABLE partials AS SELECT * FROM (" + schemaSource + ") LIMIT 0");
                    if (union && p.unionTable() != null && chunks.length > 0) {
                        // As a worker holding every chunk: each union table read over all the chunks at once.
                        java.util.Set<String> tables = new java.util.LinkedHashSet<>();
                        if (p.unionTable().equals(ChunkTables.ALL_CHUNK_TABLES)) {
                            java.util.regex.Matcher m = CHUNK_TABLE.matcher(p.chunkSqlTemplate());
                            while (m.find()) {
                                tables.add(m.group());
                            }
                        } else {
                            tables.add(p.unionTable());
                        }
                        String sql = p.chunkSqlTemplate();
                        for (String table : tables) {
                            String all = Arrays.stream(chunks)
                                    .mapToObj(c -> "SELECT * FROM " + ChunkTables.instantiate(table, c))
                                    .collect(Collectors.joining(" UNION ALL "));
                            sql = sql.replace(table, "(" + all + ")");
                        }
                        s.execute("INSERT INTO partials " + sql);
                    } else {
                        for (int c : chunks) {
                            s.execute("INSERT INTO partials " + ChunkTables.instantiate(p.chunkSqlTemplate(), c));
                        }
                    }
                }
                yield p.mergeSql();
            }
            case SubqueryFirstPlan f -> throw new IllegalArgumentException("run subqueries first: " + f);
        };
    }

    static List<List<Object>> rows(ResultSet rs) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                row.add(normalize(rs.getObject(i)));
            }
            out.add(row);
        }
        return out;
    }

    /** Numbers compared to 6 significant digits: FLOAT sums depend on summation order. */
    static Object normalize(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof Boolean b) {
            return b ? "1" : "0"; // MySQL has no boolean type: comparisons are 1 or 0
        }
        if (v instanceof Number num) {
            BigDecimal d = new BigDecimal(num.toString()).round(new MathContext(6)).stripTrailingZeros();
            return d.compareTo(BigDecimal.ZERO) == 0 ? "0" : d.toPlainString();
        }
        return v.toString();
    }

    @Override
    public void close() throws SQLException {
        reference.close();
        distributed.close();
    }
}
