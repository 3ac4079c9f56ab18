package io.skyshard.sql;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.Catalog;
import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.DirectorIndex;
import io.skyshard.common.error.CommonErrorCode;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.sql.analysis.AnalysisContext;
import io.skyshard.sql.analysis.JoinNotLocalException;
import io.skyshard.sql.analysis.AnalysisPass;
import io.skyshard.sql.analysis.Passes;
import io.skyshard.sql.analysis.PlanningSession;
import io.skyshard.sql.analysis.RegionChunks;
import io.skyshard.sql.analysis.SelectItem;
import io.skyshard.sql.analysis.SetOperationPlanner;
import io.skyshard.sql.parser.ParsedQuery;
import io.skyshard.sql.parser.QservSqlParser;
import io.skyshard.sql.plan.ChunkSelection;
import io.skyshard.sql.plan.DistributedPlan;
import io.skyshard.sql.plan.LocalPlan;
import io.skyshard.sql.plan.QueryPlan;
import io.skyshard.sql.plan.StagedPlan;
import io.skyshard.sql.plan.SubqueryFirstPlan;
import io.skyshard.sql.plan.SubqueryValues;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;

/**
 * Entry point of the SQL layer: parses one Qserv-dialect SELECT, runs the analysis passes
 * ({@link Passes#ORDER}) and returns what the czar must execute. Thread-safe and stateless between
 * calls: every call gets its own analysis context.
 *
 * <p>Nested queries are planned by the same passes, each on its own context within one
 * {@link PlanningSession}: a subquery in FROM or a branch of UNION becomes a stage of a
 * {@link StagedPlan}; a subquery in an expression whose values are not known yet makes the whole
 * statement a {@link SubqueryFirstPlan} (the czar answers it and calls {@link #plan(String, String,
 * Catalog, DirectorIndex, SubqueryValues)} again with its values).
 */
public final class QueryPlanner {
    private final RegionChunks regionChunks;

    public QueryPlanner() {
        this(RegionChunks.CHUNKER);
    }

    /** With a custom region -> chunks mapping (tests; alternative chunkers). */
    public QueryPlanner(RegionChunks regionChunks) {
        this.regionChunks = requireNonNull(regionChunks, "regionChunks");
    }

    public QueryPlan plan(String sql, String defaultDatabase, Catalog catalog, DirectorIndex directorIndex) {
        return plan(sql, defaultDatabase, catalog, directorIndex, SubqueryValues.NONE);
    }

    /** Plans {@code sql} with the values of subqueries a {@link SubqueryFirstPlan} asked for. */
    public QueryPlan plan(String sql, String defaultDatabase, Catalog catalog, DirectorIndex directorIndex,
            SubqueryValues values) {
        requireNonNull(sql, "sql");
        GroupByOrder text = GroupByOrder.of(sql);
        ParsedQuery parsed = QservSqlParser.parse(text.text());
        PlanningSession session = new PlanningSession(text, defaultDatabase, catalog, directorIndex, regionChunks,
                parsed.positions(), values, QueryPlanner::planQuery);
        QueryPlan plan = guarded(session, () -> planQuery(session, parsed.statement(), null));
        if (!session.pending.isEmpty()) {
            // The plan made with stand-ins for the values is discarded; its result columns are final.
            return new SubqueryFirstPlan(session.pending, plan.columnNames(), plan.declaredColumns());
        }
        return plan;
    }

    /** Runs all passes on a plain SELECT and returns the final context (exposed for tests and diagnostics). */
    public AnalysisContext analyze(String sql, String defaultDatabase, Catalog catalog, DirectorIndex directorIndex) {
        GroupByOrder text = GroupByOrder.of(sql);
        ParsedQuery parsed = QservSqlParser.parse(text.text());
        PlanningSession session = new PlanningSession(text, defaultDatabase, catalog, directorIndex, regionChunks,
                parsed.positions(), SubqueryValues.NONE, QueryPlanner::planQuery);
        return guarded(session, () -> analyze(session, parsed.statement(), null));
    }

    private static <T> T guarded(PlanningSession session, java.util.function.Supplier<T> body) {
        try {
            return SqlErrors.withPositions(session.positions, body);
        } catch (SkyshardException e) {
            throw e;
        } catch (StackOverflowError e) {
            // The parser bounds nesting (NestingLimit); a pass that still runs out of stack gets the same answer.
            throw io.skyshard.sql.parser.NestingLimit.tooDeep("");
        } catch (RuntimeException e) {
            // A planner bug must not take the server down; report it as an internal error naming the query.
            throw new SkyshardException(CommonErrorCode.INTERNAL_ERROR, "Internal error while planning query: " + e, e);
        }
    }

    /** Plans one query of the statement: a SELECT, or a set operation of queries (both with ORDER BY / LIMIT). */
    static QueryPlan planQuery(PlanningSession session, SqlNode query, List<String> outputNames) {
        if (query instanceof SqlOrderBy o && o.query instanceof SqlWith with && !(with.body instanceof SqlOrderBy)) {
            // WITH ... SELECT ... ORDER BY: the ORDER BY and LIMIT belong to the body.
            query = new SqlWith(with.getParserPosition(), with.withList,
                    new SqlOrderBy(o.getParserPosition(), with.body, o.orderList, o.offset, o.fetch));
        }
        if (query instanceof SqlWith with) {
            return planWith(session, with, outputNames);
        }
        if (SetOperationPlanner.isSetOperation(query)) {
            return SetOperationPlanner.plan(session, query, outputNames);
        }
        return planOf(analyze(session, query, outputNames));
    }

    /**
     * {@code WITH t AS (q) body}: the common tables are in scope while the body is planned; each
     * reference to one plans its query there, as a subquery in FROM.
     */
    private static QueryPlan planWith(PlanningSession session, SqlWith with, List<String> outputNames) {
        PlanningSession.CommonTable saved = session.commonTables();
        try {
            for (SqlNode n : with.withList) {
                SqlWithItem item = (SqlWithItem) n;
                if (item.recursive.booleanValue()) {
                    throw SqlErrors.unsupported(item, "WITH RECURSIVE");
                }
                List<String> columns = item.columnList == null ? null
                        : item.columnList.stream().map(c -> ((SqlIdentifier) c).getSimple()).toList();
                session.defineCommonTable(item.name.getSimple(), item.query, columns);
            }
            return planQuery(session, with.body, outputNames);
        } finally {
            session.restoreCommonTables(saved);
        }
    }

    private static AnalysisContext analyze(PlanningSession session, SqlNode query, List<String> outputNames) {
        AnalysisContext ctx = new AnalysisContext(session, query, outputNames);
        try {
            for (AnalysisPass pass : Passes.ORDER) {
                pass.apply(ctx);
            }
            return ctx;
        } catch (JoinNotLocalException e) {
            // The join cannot run chunk by chunk: answer it at the czar over gathered tables if possible.
            SqlNode gathered = session.gatheredJoin(query, ctx.tables, e.getMessage());
            if (gathered == null) {
                throw e;
            }
            AnalysisContext again = new AnalysisContext(session, gathered, outputNames);
            try {
                for (AnalysisPass pass : Passes.ORDER) {
                    pass.apply(again);
                }
            } catch (RuntimeException second) {
                e.addSuppressed(second);
                throw e;
            }
            return again;
        }
    }

    private static QueryPlan planOf(AnalysisContext ctx) {
        List<String> names = ctx.items.stream().map(SelectItem::name).toList();
        List<ColumnDef> declared = ctx.declaredColumns();
        QueryPlan plan;
        if (ctx.local()) {
            plan = new LocalPlan(ctx.mergeSql, names, declared);
        } else {
            ChunkSelection chunks;
            if (ctx.partitionedCount() == 0) {
                chunks = new ChunkSelection.ReplicatedOnly();
            } else if (ctx.chunkRestriction != null) {
                chunks = new ChunkSelection.Chunks(ctx.chunkRestriction);
            } else {
                chunks = new ChunkSelection.All();
            }
            plan = new DistributedPlan(ctx.database.name(), ctx.chunkSql, chunks, ctx.unionTable, ctx.mergeSql, names, declared);
        }
        return ctx.stages.isEmpty() ? plan : new StagedPlan(ctx.stages, plan);
    }
}
