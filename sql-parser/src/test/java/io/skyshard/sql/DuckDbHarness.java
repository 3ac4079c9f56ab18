package io.skyshard.sql;

import io.skyshard.common.catalog.ChunkTables;
import io.skyshard.common.sql.DuckDbFunctions;
import io.skyshard.sql.plan.ChunkSelection;
import io.skyshard.sql.plan.DistributedPlan;
import io.skyshard.sql.plan.LocalPlan;
import io.skyshard.sql.plan.QueryPlan;
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

    final Connection reference;
    final Connection distributed;

    DuckDbHarness() throws SQLException {
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
        execute(reference, DATA + "SET default_null_order = 'nulls_first_on_asc_last_on_desc'; SET schema = 'demo';");
        StringBuilder chunks = new StringBuilder(DATA);
        for (int c : DemoCatalog.CHUNKS) {
            for (String t : List.of("Object", "Source")) {
                chunks.append("CREATE TABLE demo.\"").append(t).append('_').append(c).append("\" AS SELECT * FROM demo.\"")
                        .append(t).append("\" WHERE chunkId = ").append(c).append(";\n");
            }
        }
        // Workers hold only chunk tables: drop the whole partitioned tables so a plan cannot read them.
        chunks.append("DROP TABLE demo.\"Source\"; DROP TABLE demo.\"Object\";");
        execute(distributed, chunks.toString());
    }

    private static void execute(Connection c, String script) throws SQLException {
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

    /** Runs a plan chunk by chunk (or, if {@code union}, all chunks in one statement over unionTable). */
    List<List<Object>> runPlan(QueryPlan plan, boolean union) throws SQLException {
        if (plan instanceof LocalPlan local) {
            try (Statement s = distributed.createStatement(); ResultSet rs = s.executeQuery(local.sql())) {
                return rows(rs);
            }
        }
        DistributedPlan p = (DistributedPlan) plan;
        int[] chunks = switch (p.chunks()) {
            case ChunkSelection.All a -> DemoCatalog.CHUNKS;
            case ChunkSelection.Chunks c -> c.chunkIds();
            case ChunkSelection.ReplicatedOnly r -> new int[] {ChunkTables.REPLICATED_CHUNK};
        };
        try (Statement s = distributed.createStatement()) {
            s.execute("DROP TABLE IF EXISTS partials");
            String schemaSource = ChunkTables.instantiate(p.chunkSqlTemplate(), DemoCatalog.CHUNKS[0]);
            s.execute("CREATE TABLE partials AS SELECT * FROM (" + schemaSource + ") LIMIT 0");
            if (union && p.unionTable() != null && chunks.length > 0) {
                String all = Arrays.stream(chunks)
                        .mapToObj(c -> "SELECT * FROM " + ChunkTables.instantiate(p.unionTable(), c))
                        .collect(Collectors.joining(" UNION ALL "));
                s.execute("INSERT INTO partials " + p.chunkSqlTemplate().replace(p.unionTable(), "(" + all + ")"));
            } else {
                for (int c : chunks) {
                    s.execute("INSERT INTO partials " + ChunkTables.instantiate(p.chunkSqlTemplate(), c));
                }
            }
            try (ResultSet rs = s.executeQuery(p.mergeSql())) {
                return rows(rs);
            }
        }
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
    private static Object normalize(Object v) {
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
