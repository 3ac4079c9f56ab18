package io.skyshard.sql;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.Catalog;
import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.DirectorIndex;
import io.skyshard.common.error.CommonErrorCode;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.sql.analysis.AnalysisContext;
import io.skyshard.sql.analysis.AnalysisPass;
import io.skyshard.sql.analysis.Passes;
import io.skyshard.sql.analysis.RegionChunks;
import io.skyshard.sql.analysis.SelectItem;
import io.skyshard.sql.parser.ParsedQuery;
import io.skyshard.sql.parser.QservSqlParser;
import io.skyshard.sql.plan.ChunkSelection;
import io.skyshard.sql.plan.DistributedPlan;
import io.skyshard.sql.plan.LocalPlan;
import io.skyshard.sql.plan.QueryPlan;
import java.util.List;

/**
 * Entry point of the SQL layer: parses one Qserv-dialect SELECT, runs the analysis passes
 * ({@link Passes#ORDER}) and returns what the czar must execute. Thread-safe and stateless between
 * calls: every call gets its own analysis context.
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
        requireNonNull(sql, "sql");
        AnalysisContext ctx = analyze(sql, defaultDatabase, catalog, directorIndex);
        List<String> names = ctx.items.stream().map(SelectItem::name).toList();
        List<ColumnDef> declared = ctx.declaredColumns();
        if (ctx.local()) {
            return new LocalPlan(ctx.mergeSql, names, declared);
        }
        ChunkSelection chunks;
        if (ctx.partitionedCount() == 0) {
            chunks = new ChunkSelection.ReplicatedOnly();
        } else if (ctx.chunkRestriction != null) {
            chunks = new ChunkSelection.Chunks(ctx.chunkRestriction);
        } else {
            chunks = new ChunkSelection.All();
        }
        return new DistributedPlan(ctx.database.name(), ctx.chunkSql, chunks, ctx.unionTable, ctx.mergeSql, names, declared);
    }

    /** Runs all passes and returns the final context (exposed for tests and diagnostics). */
    public AnalysisContext analyze(String sql, String defaultDatabase, Catalog catalog, DirectorIndex directorIndex) {
        AnalysisContext ctx = new AnalysisContext(sql, defaultDatabase, catalog, directorIndex, regionChunks);
        ParsedQuery parsed = QservSqlParser.parse(sql);
        ctx.statement = parsed.statement();
        ctx.positions = parsed.positions();
        try {
            SqlErrors.withPositions(parsed.positions(), () -> {
                for (AnalysisPass pass : Passes.ORDER) {
                    pass.apply(ctx);
                }
                return null;
            });
        } catch (SkyshardException e) {
            throw e;
        } catch (RuntimeException e) {
            // A planner bug must not take the server down; report it as an internal error naming the query.
            throw new SkyshardException(CommonErrorCode.INTERNAL_ERROR,
                    "Internal error while planning query: " + e, e);
        }
        return ctx;
    }
}
