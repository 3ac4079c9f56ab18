package io.skyshard.sql.analysis;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.Catalog;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.DirectorIndex;
import io.skyshard.spatial.region.Region;
import io.skyshard.sql.SqlErrorCode;
import io.skyshard.sql.SqlErrors;
import io.skyshard.sql.parser.PositionMap;
import io.skyshard.sql.plan.StagedPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;

/**
 * Mutable state of the analysis of one query. Created per query and discarded afterwards, so
 * nothing user-specific outlives a {@code plan} call.
 */
public final class AnalysisContext {
    public final String sql;
    public final String defaultDatabase;
    public final Catalog catalog;
    public final DirectorIndex directorIndex;
    public final RegionChunks regionChunks;
    public final PlanningSession session;
    /** Names of the result columns in the SQL of the plan (null: the MySQL names); see {@link #outputName}. */
    public final List<String> outputNames;
    /**
     * Per alias of a subquery in FROM, the catalog columns its result columns show unchanged (null
     * for computed ones): what {@link #declaredColumns()} reports for a bare reference to them.
     */
    public final java.util.Map<String, List<io.skyshard.common.catalog.ColumnDef>> derivedDeclared = new java.util.HashMap<>();
    /** Stages this query reads (subqueries in FROM, replicated tables joined with them), in order. */
    public final List<StagedPlan.Stage> stages = new ArrayList<>();

    /** The parsed statement as a whole. */
    public SqlNode statement;
    /** Maps node positions (in the text Calcite parsed) back to {@link #sql}. */
    public PositionMap positions = PositionMap.IDENTITY;
    public SqlSelect select;
    public List<SqlNode> orderByNodes = List.of();
    public SqlNode offset;
    public SqlNode fetch;

    public DatabaseDef database;
    public final List<TableRef> tables = new ArrayList<>();
    /** FROM clause rewritten to reference tables by alias, with resolved join conditions. */
    public SqlNode from;
    /**
     * Columns of an unqualified {@code *} when the FROM clause has {@code JOIN ... USING} (USING
     * columns first, once, as MySQL shows them); null when {@code *} lists every table's columns.
     */
    public List<SqlIdentifier> starColumns;
    /** Resolved ON conditions of joins (their conjuncts may prove a join chunk-local). */
    public final List<SqlNode> joinConditions = new ArrayList<>();
    public final List<SelectItem> items = new ArrayList<>();
    /** Top-level AND conjuncts of WHERE, resolved. */
    public final List<SqlNode> conjuncts = new ArrayList<>();
    public final List<SqlNode> groupBy = new ArrayList<>();
    public SqlNode having;
    public final List<OrderKey> orderKeys = new ArrayList<>();
    public boolean distinct;
    public boolean aggregating;

    /** Regions from spatial restrictors (for diagnostics and tests). */
    public final List<Region> regions = new ArrayList<>();
    /** Chunks allowed so far by pruning; null = no restriction. Always sorted, duplicates removed. */
    public int[] chunkRestriction;

    /** Distance joins planned as cell joins so far (numbers their cell columns). */
    public int cellJoins;

    /** Output of planning. */
    public String chunkSql;
    public String mergeSql;
    public String unionTable;

    /**
     * @param statement   the query to analyse: the statement itself or one of its nested queries
     * @param outputNames see {@link #outputNames}
     */
    public AnalysisContext(PlanningSession session, SqlNode statement, List<String> outputNames) {
        this.session = requireNonNull(session, "session");
        this.sql = session.sql;
        this.defaultDatabase = session.defaultDatabase;
        this.catalog = session.catalog;
        this.directorIndex = session.directorIndex;
        this.regionChunks = session.regionChunks;
        this.statement = requireNonNull(statement, "statement");
        this.positions = session.positions;
        this.outputNames = outputNames == null ? null : List.copyOf(outputNames);
    }

    /**
     * Per result column, the catalog column it shows unchanged (for its declared type), else null;
     * computed from the analysed select list.
     */
    public List<io.skyshard.common.catalog.ColumnDef> declaredColumns() {
        return ResultTypes.declared(this);
    }

    /** The catalog column a resolved reference ({@code alias.column}) names, or null when it names none. */
    public io.skyshard.common.catalog.ColumnDef column(org.apache.calcite.sql.SqlIdentifier id) {
        if (id.names.size() != 2) {
            return null;
        }
        for (TableRef t : tables) {
            if (t.alias().equals(id.names.get(0))) {
                return t.table().storedColumns().stream().filter(c -> c.name().equalsIgnoreCase(id.names.get(1)))
                        .findFirst().orElse(null);
            }
        }
        return null;
    }

    /**
     * A resolved reference to a column of a subquery in FROM, with the catalog column that result
     * column shows unchanged ({@code declared}, null when the subquery computes it).
     */
    public record DerivedColumn(io.skyshard.common.catalog.ColumnDef declared) {
    }

    /** What a resolved reference ({@code alias.column}) names in a subquery in FROM; null when it names no such column. */
    public DerivedColumn derivedColumn(org.apache.calcite.sql.SqlIdentifier id) {
        if (id.names.size() != 2) {
            return null;
        }
        for (TableRef t : tables) {
            List<io.skyshard.common.catalog.ColumnDef> declared = t.stage() != null ? derivedDeclared.get(t.alias()) : null;
            if (declared != null && t.alias().equals(id.names.get(0))) {
                List<io.skyshard.common.catalog.ColumnDef> columns = t.table().columns();
                for (int i = 0; i < columns.size() && i < declared.size(); i++) {
                    if (columns.get(i).name().equalsIgnoreCase(id.names.get(1))) {
                        return new DerivedColumn(declared.get(i));
                    }
                }
                return null;
            }
        }
        return null;
    }

    /** Whether a resolved reference names a column that a subquery in FROM computes (rather than passes through). */
    public boolean computedDerivedColumn(org.apache.calcite.sql.SqlIdentifier id) {
        DerivedColumn d = derivedColumn(id);
        return d != null && d.declared() == null;
    }

    /** Answered at the czar alone: no table, or only tables that stages materialise there. */
    public boolean local() {
        return tables.stream().allMatch(t -> t.stage() != null);
    }

    /** The name of result column {@code i} in the plan's SQL. */
    public String outputName(int i) {
        if (outputNames == null) {
            return items.get(i).name();
        }
        if (outputNames.size() != items.size()) {
            throw SqlErrors.error(SqlErrorCode.INVALID_ARGUMENT, statement, "The derived table's column list names "
                    + outputNames.size() + " columns but its SELECT list has " + items.size());
        }
        return outputNames.get(i);
    }

    public long partitionedCount() {
        return tables.stream().filter(TableRef::partitioned).count();
    }

    /** Intersects the chunk restriction with another set (restrictions are ANDed in the WHERE clause). */
    public void restrictChunks(int[] chunks) {
        int[] sorted = Arrays.stream(chunks).distinct().sorted().toArray();
        if (chunkRestriction == null) {
            chunkRestriction = sorted;
        } else {
            int[] current = chunkRestriction;
            chunkRestriction = Arrays.stream(sorted).filter(c -> Arrays.binarySearch(current, c) >= 0).toArray();
        }
    }
}
