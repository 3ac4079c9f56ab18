package io.skyshard.czar.query;

import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.CzarErrorCode;
import io.skyshard.czar.frontend.mysql.StaticResult;
import io.skyshard.czar.merge.JdbcQueryResult;
import java.sql.Connection;
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

    /** Runs a SELECT over {@code information_schema.processlist} or {@code .queries} on a snapshot of the list. */
    static QueryResult query(Connection c, ManagementStatement.SystemTable statement, List<QueryInfo> queries, Instant now) {
        String table = ManagementStatement.SystemTable.TABLE;
        try {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE " + table + " (ID BIGINT, USER VARCHAR, HOST VARCHAR, DB VARCHAR, COMMAND VARCHAR, "
                        + "TIME BIGINT, STATE VARCHAR, INFO VARCHAR, STATUS VARCHAR, SUBMITTED TIMESTAMP, UPDATED TIMESTAMP, "
                        + "COMPLETED TIMESTAMP, CHUNKS INTEGER, CHUNKS_COMP INTEGER, ROWS BIGINT, ERROR VARCHAR, RESULTLOCATION VARCHAR)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
            Statement st = c.createStatement();
            ResultSet rs = st.executeQuery(statement.sql());
            return new JdbcQueryResult(c, st, rs, List.of(), () -> { });
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // reporting the original problem
            }
            throw new SkyshardException(CzarErrorCode.INVALID_QUERY, "query over information_schema."
                    + statement.table().toLowerCase(java.util.Locale.ROOT) + " failed: " + e.getMessage(), e);
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
