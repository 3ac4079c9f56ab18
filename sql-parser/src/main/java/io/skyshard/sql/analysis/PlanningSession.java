package io.skyshard.sql.analysis;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.Catalog;
import io.skyshard.common.catalog.DirectorIndex;
import io.skyshard.sql.parser.PositionMap;
import io.skyshard.sql.plan.QueryPlan;
import io.skyshard.sql.plan.SubqueryFirstPlan;
import io.skyshard.sql.plan.SubqueryValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlNode;

/**
 * State shared by the analyses of one statement and of its nested queries (subqueries in FROM and in
 * expressions, set-operation branches): the catalog, the values of subqueries already answered, the
 * subqueries still to answer, and unique names for the tables stages materialise at the czar.
 */
public final class PlanningSession {
    /** Plans a nested query of the statement (see {@code QueryPlanner}). */
    @FunctionalInterface
    public interface Subplanner {
        /**
         * @param query       a SELECT, a set operation, or either with ORDER BY / LIMIT
         * @param outputNames names of the result columns in the plan's SQL (null: the MySQL names)
         */
        QueryPlan plan(PlanningSession session, SqlNode query, List<String> outputNames);
    }

    public final String sql;
    public final String defaultDatabase;
    public final Catalog catalog;
    public final DirectorIndex directorIndex;
    public final RegionChunks regionChunks;
    public final PositionMap positions;
    public final SubqueryValues values;
    /** Directions written on GROUP BY items (MySQL 5's implicit sort), by SELECT. */
    public final io.skyshard.sql.GroupByOrder groupByOrder;
    /** Subqueries met while planning whose values are not known yet, innermost first. */
    public final List<SubqueryFirstPlan.Subquery> pending = new ArrayList<>();
    private final Subplanner subplanner;
    private int stages;
    /** Common table expressions (WITH) in scope, innermost first; null when none. */
    private CommonTable commonTables;
    /** Per query planned in this session (by identity): which of its result columns are a choice among FLOAT values. */
    private final java.util.Map<SqlNode, boolean[]> floatChoices = new java.util.IdentityHashMap<>();

    /**
     * A common table expression: its query is planned where it is referenced, as a subquery in FROM
     * would be, with the common tables defined before it in scope ({@code outer}).
     */
    public record CommonTable(String name, SqlNode query, List<String> columns, CommonTable outer, CommonTable next) {
    }

    public PlanningSession(String sql, String defaultDatabase, Catalog catalog, DirectorIndex directorIndex,
            RegionChunks regionChunks, PositionMap positions, SubqueryValues values, Subplanner subplanner) {
        this(io.skyshard.sql.GroupByOrder.of(sql), defaultDatabase, catalog, directorIndex, regionChunks, positions, values,
                subplanner);
    }

    /** @param text the statement as parsed: the user's with GROUP BY directions blanked out (same positions) */
    public PlanningSession(io.skyshard.sql.GroupByOrder text, String defaultDatabase, Catalog catalog, DirectorIndex directorIndex,
            RegionChunks regionChunks, PositionMap positions, SubqueryValues values, Subplanner subplanner) {
        this.groupByOrder = requireNonNull(text, "text");
        this.sql = text.text();
        this.defaultDatabase = defaultDatabase;
        this.catalog = requireNonNull(catalog, "catalog");
        this.directorIndex = requireNonNull(directorIndex, "directorIndex");
        this.regionChunks = requireNonNull(regionChunks, "regionChunks");
        this.positions = requireNonNull(positions, "positions");
        this.values = requireNonNull(values, "values");
        this.subplanner = requireNonNull(subplanner, "subplanner");
    }

    public QueryPlan plan(SqlNode query, List<String> outputNames) {
        return subplanner.plan(this, query, outputNames);
    }

    /**
     * Records which result columns of a query are a choice among FLOAT values (IF, IFNULL, CASE ...
     * of FLOAT columns: a FLOAT in MySQL, see FloatWideningPass), for a query that reads it as a
     * subquery in FROM: MySQL merges the subquery, so there such a column is a FLOAT expression.
     */
    public void floatChoices(SqlNode query, boolean[] columns) {
        floatChoices.put(query, columns.clone());
    }

    /** What {@link #floatChoices(SqlNode, boolean[])} recorded for the query, null when nothing. */
    public boolean[] floatChoices(SqlNode query) {
        boolean[] columns = floatChoices.get(query);
        return columns == null ? null : columns.clone();
    }

    /** Brings a common table into scope (until {@link #restoreCommonTables}); returns the previous scope. */
    public CommonTable defineCommonTable(String name, SqlNode query, List<String> columns) {
        CommonTable previous = commonTables;
        commonTables = new CommonTable(name, query, columns, previous, previous);
        return previous;
    }

    public CommonTable commonTables() {
        return commonTables;
    }

    public void restoreCommonTables(CommonTable scope) {
        commonTables = scope;
    }

    /** The common table an unqualified table name refers to, if any (names compare case-insensitively). */
    public java.util.Optional<CommonTable> commonTable(String name) {
        for (CommonTable t = commonTables; t != null; t = t.next()) {
            if (t.name().equalsIgnoreCase(name)) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Derived tables made by {@link GatheredJoinRewrite} (identity), with why their table is gathered
     * at the czar: their stages carry a row limit.
     */
    public final Map<SqlNode, String> gathered = new java.util.IdentityHashMap<>();

    /**
     * Re-plans {@code query} with its partitioned tables gathered at the czar when its join cannot run
     * chunk by chunk, or returns null (then the caller reports the original error).
     */
    public SqlNode gatheredJoin(SqlNode query, List<TableRef> tables, String why) {
        SqlNode copy;
        try {
            copy = fresh(query);
        } catch (RuntimeException e) {
            return null;
        }
        return GatheredJoinRewrite.rewrite(copy, tables, gathered, why);
    }

    /**
     * An untouched copy of a query of the statement (found again, by its position, in a new parse):
     * analysis rewrites the nodes it plans, so a query planned twice (a common table used twice, a
     * subquery read both as a table and as a list of values) must start from the parser's tree.
     */
    public SqlNode fresh(SqlNode query) {
        SqlNode statement = io.skyshard.sql.parser.QservSqlParser.parse(sql).statement();
        SqlNode found = find(statement, query.getKind(), query.getParserPosition());
        if (found == null) {
            throw new IllegalStateException("query not found again at " + query.getParserPosition() + ": " + query);
        }
        return found;
    }

    private static SqlNode find(SqlNode node, org.apache.calcite.sql.SqlKind kind, org.apache.calcite.sql.parser.SqlParserPos pos) {
        if (node == null) {
            return null;
        }
        if (node.getKind() == kind && node.getParserPosition().equals(pos)) {
            return node;
        }
        Iterable<SqlNode> children = node instanceof org.apache.calcite.sql.SqlCall call ? call.getOperandList()
                : node instanceof org.apache.calcite.sql.SqlNodeList list ? list : List.of();
        for (SqlNode child : children) {
            SqlNode f = find(child, kind, pos);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /** A table name for a stage's result, unique within the statement. */
    public String newStageTable() {
        return "skyshard_stage_" + (++stages);
    }
}
