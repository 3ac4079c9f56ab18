package io.skyshard.czar.query;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.Catalog;
import io.skyshard.common.catalog.CatalogOverlay;
import io.skyshard.common.catalog.ClusterSnapshot;
import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.Registry;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.CzarErrorCode;
import io.skyshard.czar.dispatch.Dispatcher;
import io.skyshard.czar.dispatch.WorkerAssignment;
import io.skyshard.czar.merge.JdbcQueryResult;
import io.skyshard.czar.merge.MergeEngine;
import io.skyshard.czar.merge.PartialTable;
import io.skyshard.sql.QueryPlanner;
import io.skyshard.sql.plan.ChunkSelection;
import io.skyshard.sql.plan.DistributedPlan;
import io.skyshard.sql.plan.LocalPlan;
import io.skyshard.sql.plan.QueryPlan;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The czar's query pipeline: plan (sql-parser) -> choose chunks and replicas -> dispatch to workers
 * -> append partial results into a per-query DuckDB table -> run the merge query -> stream rows.
 */
public final class DefaultQueryService implements QueryService {
    private final Registry registry;
    private final MergeEngine merge;
    private final Dispatcher dispatcher;
    private final QueryManager queries;
    private final QueryPlanner planner = new QueryPlanner();

    public DefaultQueryService(Registry registry, MergeEngine merge, Dispatcher dispatcher, QueryManager queries) {
        this.registry = requireNonNull(registry, "registry");
        this.merge = requireNonNull(merge, "merge");
        this.dispatcher = requireNonNull(dispatcher, "dispatcher");
        this.queries = requireNonNull(queries, "queries");
    }

    public QueryManager queries() {
        return queries;
    }

    @Override
    public QueryResult execute(String sql, Session session) {
        return execute(sql, session, QueryOptions.NONE);
    }

    @Override
    public QueryResult execute(String sql, Session session, QueryOptions options) {
        requireNonNull(sql, "sql");
        requireNonNull(options, "options");
        ClusterSnapshot snapshot = registry.snapshot();
        Catalog catalog = options.extraTables().isEmpty() ? snapshot
                : new CatalogOverlay(snapshot, List.of(), options.extraTables());
        QueryPlan plan = planner.plan(sql, session.database(), catalog, registry);
        merge.syncPrototypes(snapshot);
        AutoCloseable extraPrototypes = merge.addPrototypes(options.extraTables());
        QueryManager.Running running = queries.register(session.user(), session.database(), sql);
        Runnable release = () -> {
            running.close();
            closeQuietly(extraPrototypes);
        };
        try {
            options.onRegistered().accept(running.id());
            return switch (plan) {
                case LocalPlan local -> runLocal(local, running, release);
                case DistributedPlan distributed -> runDistributed(distributed, snapshot, running, release);
            };
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }

    private QueryResult runLocal(LocalPlan plan, QueryManager.Running running, Runnable release) {
        Connection c = merge.newConnection();
        try {
            running.executing(0, () -> { });
            return open(c, plan.sql(), plan.columnNames(), plan.declaredColumns(), release);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private QueryResult runDistributed(DistributedPlan plan, ClusterSnapshot snapshot, QueryManager.Running running,
            Runnable release) {
        List<WorkerAssignment> assignments = switch (plan.chunks()) {
            case ChunkSelection.All all -> dispatcher.assign(snapshot, plan.database(),
                    snapshot.chunks(plan.database()).keySet().stream().mapToInt(Integer::intValue).toArray());
            case ChunkSelection.Chunks some -> dispatcher.assign(snapshot, plan.database(), some.chunkIds());
            case ChunkSelection.ReplicatedOnly r -> dispatcher.assignReplicated(snapshot);
        };
        Connection c = merge.newConnection();
        try {
            if (assignments.isEmpty()) {
                running.executing(0, () -> { });
                PartialTable.createEmpty(c, plan.chunkSqlTemplate());
            } else {
                PartialTable partials = PartialTable.fromWorkers(c, running::chunksDone);
                int total = assignments.stream().mapToInt(a -> a.chunkIds().length).sum();
                Dispatcher.Execution ex = dispatcher.start(Long.toString(running.id()), plan.chunkSqlTemplate(),
                        plan.unionTable(), assignments, 0, partials);
                running.executing(total, () -> ex.cancel("killed"));
                try {
                    ex.await();
                } finally {
                    partials.finish(plan.chunkSqlTemplate());
                }
            }
            return open(c, plan.mergeSql(), plan.columnNames(), plan.declaredColumns(), release);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static QueryResult open(Connection c, String sql, List<String> names, List<ColumnDef> declared,
            Runnable release) {
        try {
            Statement st = c.createStatement();
            ResultSet rs = st.executeQuery(sql);
            return new JdbcQueryResult(c, st, rs, names, declared, release);
        } catch (SQLException e) {
            throw new SkyshardException(CzarErrorCode.INVALID_QUERY, e.getMessage(), e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already failing, or the query is over: the original outcome is the one to report
        }
    }
}
