package io.skyshard.czar.query;

import io.skyshard.common.catalog.Catalog;
import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.DirectorIndex;
import io.skyshard.common.catalog.Partitioning;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.common.sql.DuckDbFunctions;
import io.skyshard.czar.CzarErrorCode;
import io.skyshard.czar.frontend.mysql.StaticResult;
import io.skyshard.czar.merge.JdbcQueryResult;
import io.skyshard.sql.QueryPlanner;
import io.skyshard.sql.plan.DistributedPlan;
import io.skyshard.sql.plan.QueryPlan;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The query list as Qserv shows it: {@code SHOW [FULL] PROCESSLIST} (MySQL's columns Id, User, Host,
 * db, Command, Time, State, Info, then Qserv's Submitted, Completed and the progress Chunks,
 * ChunksComp) and the tables {@code information_schema.processlist} and
 * {@code information_schema.queries} (upper-case names: ID, USER, HOST, DB, COMMAND, TIME, STATE,
 * INFO, STATUS, SUBMITTED, UPDATED, COMPLETED, CHUNKS, CHUNKS_COMP, ROWS, ERROR, RESULTLOCATION),
 * which any SELECT can read (it runs on the czar's DuckDB over a snapshot of the list).
 *
 * <p>Both list every query the czar knows: running ones and submitted ones whose result is kept.
 * Times are UTC. Command is {@code Query} for a query a client waits for, {@code Submit} for one run
 * in the background.
 */
final class SystemTables {
    /** Info shows the first 100 characters of the SQL unless FULL is asked for (as MySQL does). */
    static final int INFO_LENGTH = 100;

    private SystemTables() {
    }

    static QueryResult processList(List<QueryInfo> queries, boolean full, Instant now) {
        List<ResultColumn> columns = List.of(bigint("Id"), varchar("User"), varchar("Host"), varchar("db"), varchar("Command"),
                bigint("Time"), varchar("State"), varchar("Info"), timestamp("Submitted"), timestamp("Completed"),
                integer("Chunks"), integer("ChunksComp"));
        List<List<Object>> rows = new ArrayList<>();
        for (QueryInfo q : queries) {
            List<Object> row = new ArrayList<>();
            row.add(q.id());
            row.add(q.user());
            row.add(host(q));
            row.add(q.database());
            row.add(command(q));
            row.add(seconds(q, now));
            row.add(q.state().name());
            row.add(full || q.sql().length() <= INFO_LENGTH ? q.sql() : q.sql().substring(0, INFO_LENGTH));
            row.add(utc(q.started()));
            row.add(utc(q.completed()));
            row.add(q.chunksTotal());
            row.add(q.chunksDone());
            rows.add(row);
        }
        return new StaticResult(columns, rows, "");
    }

    /** Where the system tables are for the planner: the statement names {@code skyshard_system.processlist}. */
    static final String DATABASE = "skyshard_system";
    /** Columns of both system tables, as the planner and the MySQL protocol see them. */
    static final List<ColumnDef> COLUMNS = List.of(
            ColumnDef.notNull("ID", ColumnType.BIGINT), column("USER", 32), column("HOST", 64), column("DB", 64),
            column("COMMAND", 16), ColumnDef.notNull("TIME", ColumnType.BIGINT), column("STATE", 16),
            column("INFO", 65535), column("STATUS", 16), ColumnDef.of("SUBMITTED", ColumnType.TIMESTAMP),
            ColumnDef.of("UPDATED", ColumnType.TIMESTAMP), ColumnDef.of("COMPLETED", ColumnType.TIMESTAMP),
            ColumnDef.notNull("CHUNKS", ColumnType.INTEGER), ColumnDef.notNull("CHUNKS_COMP", ColumnType.INTEGER),
            ColumnDef.of("ROWS", ColumnType.BIGINT), column("ERROR", 65535), column("RESULTLOCATION", 64));

    /**
     * Runs a SELECT over {@code information_schema.processlist} or {@code .queries} on a snapshot of
     * the list. The statement is planned like any query (parsed, checked against the allow-list,
     * translated to DuckDB by unparsing) against a catalog holding only the system table, and runs on
     * a private in-memory DuckDB without file or network access: the user's text never reaches an
     * engine as it is.
     */
    static QueryResult query(ManagementStatement.SystemTable statement, List<QueryInfo> queries, Instant now,
            QueryPlanner planner, DirectorIndex directorIndex) {
        TableDef table = new TableDef(DATABASE, statement.table(), TableKind.REPLICATED, COLUMNS, null, null, null, null);
        QueryPlan plan = planner.plan(statement.sql(), DATABASE, new SystemCatalog(table), directorIndex);
        if (!(plan instanceof DistributedPlan distributed)) {
            throw new SkyshardException(CzarErrorCode.UNSUPPORTED_STATEMENT, "subqueries and set operations over "
                    + "information_schema." + statement.table() + " are not supported: select from it directly");
        }
        Connection c = null;
        try {
            c = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement st = c.createStatement()) {
                for (String ddl : DuckDbFunctions.statements()) {
                    st.execute(ddl);
                }
                st.execute("CREATE SCHEMA " + DATABASE);
                StringBuilder ddl = new StringBuilder("CREATE TABLE " + DATABASE + "." + statement.table() + " (");
                for (int i = 0; i < COLUMNS.size(); i++) {
                    ColumnDef col = COLUMNS.get(i);
                    ddl.append(i == 0 ? "" : ", ").append('"').append(col.name()).append("\" ")
                            .append(col.type().duckDbType(col.length(), col.scale()));
                }
                st.execute(ddl.append(')').toString());
            }
            fill(c, DATABASE + "." + statement.table(), queries, now);
            Statement st = c.createStatement();
            st.execute("SET enable_external_access = false");
            st.execute("CREATE TEMP TABLE " + DistributedPlan.PARTIALS_TABLE + " AS " + distributed.chunkSqlTemplate());
            ResultSet rs = st.executeQuery(distributed.mergeSql());
            return new JdbcQueryResult(c, st, rs, plan.columnNames(), plan.declaredColumns(), () -> { });
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // reporting the original problem
                }
            }
            throw new SkyshardException(CzarErrorCode.INVALID_QUERY, "query over information_schema." + statement.table()
                    + " failed: " + e.getMessage(), e);
        }
    }

    private static void fill(Connection c, String table, List<QueryInfo> queries, Instant now) throws SQLException {
        String marks = String.join(", ", java.util.Collections.nCopies(COLUMNS.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (" + marks + ")")) {
            for (QueryInfo q : queries) {
                ps.setLong(1, q.id());
                ps.setString(2, q.user());
                ps.setString(3, host(q));
                ps.setString(4, q.database());
                ps.setString(5, command(q));
                ps.setLong(6, seconds(q, now));
                ps.setString(7, q.state().name());
                ps.setString(8, q.sql());
                ps.setString(9, q.state().name());
                ps.setTimestamp(10, timestampOf(q.started()));
                ps.setTimestamp(11, timestampOf(q.updated()));
                ps.setTimestamp(12, timestampOf(q.completed()));
                ps.setInt(13, q.chunksTotal());
                ps.setInt(14, q.chunksDone());
                if (q.rows() >= 0) {
                    ps.setLong(15, q.rows());
                } else {
                    ps.setNull(15, java.sql.Types.BIGINT);
                }
                ps.setString(16, q.error());
                ps.setString(17, q.async() ? "table:result_" + q.id() : null);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static ColumnDef column(String name, int length) {
        return new ColumnDef(name, ColumnType.VARCHAR, length, 0, true);
    }

    /** A catalog of one system table. */
    private record SystemCatalog(TableDef table) implements Catalog {
        @Override
        public Optional<DatabaseDef> database(String name) {
            return DATABASE.equalsIgnoreCase(name) ? Optional.of(new DatabaseDef(DATABASE, Partitioning.DEFAULT))
                    : Optional.empty();
        }

        @Override
        public Optional<TableDef> table(String database, String name) {
            return DATABASE.equalsIgnoreCase(database) && table.name().equalsIgnoreCase(name) ? Optional.of(table)
                    : Optional.empty();
        }

        @Override
        public List<TableDef> tables(String database) {
            return DATABASE.equalsIgnoreCase(database) ? List.of(table) : List.of();
        }

        @Override
        public List<DatabaseDef> databases() {
            return List.of(new DatabaseDef(DATABASE, Partitioning.DEFAULT));
        }
    }

    private static String host(QueryInfo q) {
        return q.connectionId() == 0 ? "http" : "connection " + q.connectionId();
    }

    private static String command(QueryInfo q) {
        return q.async() ? "Submit" : "Query";
    }

    private static long seconds(QueryInfo q, Instant now) {
        Instant end = q.completed() != null ? q.completed() : now;
        return Math.max(0, Duration.between(q.started(), end).toSeconds());
    }

    private static LocalDateTime utc(Instant t) {
        return t == null ? null : LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    private static Timestamp timestampOf(Instant t) {
        return t == null ? null : Timestamp.valueOf(utc(t));
    }

    private static ResultColumn bigint(String name) {
        return new ResultColumn(name, ColumnType.BIGINT, 20, 0);
    }

    private static ResultColumn integer(String name) {
        return new ResultColumn(name, ColumnType.INTEGER, 11, 0);
    }

    private static ResultColumn varchar(String name) {
        return new ResultColumn(name, ColumnType.VARCHAR, 255, 0);
    }

    private static ResultColumn timestamp(String name) {
        return new ResultColumn(name, ColumnType.TIMESTAMP, 19, 0);
    }
}
