package io.skyshard.tap.schema;

import io.skyshard.common.catalog.CatalogOverlay;
import io.skyshard.common.catalog.ChunkTables;
import io.skyshard.common.catalog.ClusterSnapshot;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.Partitioning;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.common.sql.DuckDbFunctions;
import io.skyshard.czar.merge.JdbcQueryResult;
import io.skyshard.czar.query.QueryResult;
import io.skyshard.sql.QueryPlanner;
import io.skyshard.sql.plan.DistributedPlan;
import io.skyshard.sql.plan.LocalPlan;
import io.skyshard.sql.plan.QueryPlan;
import io.skyshard.sql.plan.StagedPlan;
import io.skyshard.sql.plan.SubqueryFirstPlan;
import io.skyshard.tap.TapErrorCode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.StampedLock;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;

/**
 * Answers ADQL over TAP_SCHEMA from an embedded DuckDB holding the TAP_SCHEMA rows of the current
 * metadata. The statement goes through the same planner as cluster queries (TAP_SCHEMA appears to
 * it as a database of replicated tables), and the plan's per-chunk and merge statements run here,
 * so functions, aggregates and ordering behave exactly as they do on the cluster.
 */
public final class TapSchemaEngine implements AutoCloseable {
    private final DuckDBConnection root;
    private final QueryPlanner planner = new QueryPlanner();
    private final StampedLock lock = new StampedLock();
    private TapMetadata loaded;

    public TapSchemaEngine() {
        try {
            root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
            try (Statement st = root.createStatement()) {
                for (String ddl : DuckDbFunctions.statements()) {
                    st.execute(ddl);
                }
                st.execute("CREATE SCHEMA " + quote(TapMetadata.TAP_SCHEMA));
            }
        } catch (SQLException e) {
            throw new SkyshardException(TapErrorCode.INTERNAL, "cannot start the TAP_SCHEMA engine: " + e.getMessage(), e);
        }
    }

    /** Runs a statement (Qserv dialect, translated from ADQL) over TAP_SCHEMA of {@code metadata}. */
    public QueryResult execute(String sql, TapMetadata metadata) {
        load(metadata);
        List<TableDef> tables = TapMetadata.tapSchemaDefinitions();
        CatalogOverlay catalog = new CatalogOverlay(ClusterSnapshot.empty(),
                List.of(new DatabaseDef(TapMetadata.TAP_SCHEMA, Partitioning.DEFAULT)), tables);
        QueryPlan plan = planner.plan(sql, TapMetadata.TAP_SCHEMA, catalog, (db, table, keys) -> Map.of());
        long stamp = lock.readLock();
        Connection c = null;
        try {
            c = root.duplicate();
            Statement st = c.createStatement();
            String finalSql;
            List<String> names;
            switch (plan) {
                case LocalPlan local -> {
                    finalSql = local.sql();
                    names = local.columnNames();
                }
                case DistributedPlan d -> {
                    st.execute("CREATE TEMP TABLE " + DistributedPlan.PARTIALS_TABLE + " AS "
                            + ChunkTables.instantiate(d.chunkSqlTemplate(), ChunkTables.REPLICATED_CHUNK));
                    finalSql = d.mergeSql();
                    names = d.columnNames();
                }
                case StagedPlan staged -> throw new SkyshardException(TapErrorCode.ADQL_UNSUPPORTED,
                        "subqueries in FROM and set operations are not supported over TAP_SCHEMA");
                case SubqueryFirstPlan first -> throw new SkyshardException(TapErrorCode.ADQL_UNSUPPORTED,
                        "subqueries are not supported over TAP_SCHEMA");
            }
            ResultSet rs = st.executeQuery(finalSql);
            long held = stamp;
            return new JdbcQueryResult(c, st, rs, names, () -> lock.unlockRead(held));
        } catch (SQLException e) {
            closeQuietly(c);
            lock.unlockRead(stamp);
            throw new SkyshardException(TapErrorCode.INTERNAL, "TAP_SCHEMA query failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            lock.unlockRead(stamp);
            throw e;
        }
    }

    private void load(TapMetadata metadata) {
        long stamp = lock.writeLock();
        try {
            if (loaded == metadata) {
                return;
            }
            List<TapTableRows> content = TapTableRows.of(metadata);
            try (Statement st = root.createStatement()) {
                for (TapTableRows t : content) {
                    String name = quote(TapMetadata.TAP_SCHEMA) + "." + quote(t.table().name());
                    String columns = t.table().columns().stream().map(c -> quote(c.name()) + " " + c.duckDbType())
                            .collect(Collectors.joining(", "));
                    st.execute("CREATE OR REPLACE TABLE " + name + " (" + columns + ")");
                    String marks = t.table().columns().stream().map(c -> "?").collect(Collectors.joining(", "));
                    try (PreparedStatement insert = root.prepareStatement("INSERT INTO " + name + " VALUES (" + marks + ")")) {
                        for (Object[] row : t.rows()) {
                            for (int i = 0; i < row.length; i++) {
                                insert.setObject(i + 1, row[i]);
                            }
                            insert.addBatch();
                        }
                        insert.executeBatch();
                    }
                }
            }
            loaded = metadata;
        } catch (SQLException e) {
            throw new SkyshardException(TapErrorCode.INTERNAL, "cannot load TAP_SCHEMA: " + e.getMessage(), e);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** A TAP_SCHEMA table's definition and rows. */
    record TapTableRows(TableDef table, List<Object[]> rows) {
        static List<TapTableRows> of(TapMetadata metadata) {
            List<TableDef> defs = TapMetadata.tapSchemaDefinitions();
            List<List<Object[]>> rows = TapSchemaTables.rows(metadata);
            java.util.ArrayList<TapTableRows> out = new java.util.ArrayList<>();
            for (int i = 0; i < defs.size(); i++) {
                out.add(new TapTableRows(defs.get(i), rows.get(i)));
            }
            return out;
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // failing already
            }
        }
    }

    @Override
    public void close() {
        try {
            root.close();
        } catch (SQLException e) {
            // nothing to do at shutdown
        }
    }
}
