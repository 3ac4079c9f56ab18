package io.skyshard.czar.query;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.Catalog;
import io.skyshard.common.catalog.CatalogOverlay;
import io.skyshard.common.catalog.ClusterSnapshot;
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
import io.skyshard.sql.plan.StagedPlan;
import io.skyshard.sql.plan.SubqueryFirstPlan;
import io.skyshard.sql.plan.SubqueryValues;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The czar's query pipeline: plan (sql-parser) -> choose chunks and replicas -> dispatch to workers
 * -> append partial results into a per-query DuckDB table -> run the merge query -> stream rows.
 *
 * <p>Plans of several steps run on one merge connection: the stages of a {@link StagedPlan} each
 * leave a temporary table there for later stages and the final query; the subqueries of a
 * {@link SubqueryFirstPlan} are answered first (each on its own connection) and the statement is
 * planned again with their values.
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
            SubqueryValues values = SubqueryValues.NONE;
            while (plan instanceof SubqueryFirstPlan first) {
                for (SubqueryFirstPlan.Subquery sub : first.subqueries()) {
                    values = values.with(sub.key(), answer(sub, snapshot, running));
                }
                plan = planner.plan(sql, session.database(), catalog, registry, values);
            }
            return open(plan, snapshot, options, running, release);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }

    /** Runs a plan on a new merge connection and returns its rows as a cursor owning that connection. */
    private QueryResult open(QueryPlan plan, ClusterSnapshot snapshot, QueryOptions options, QueryManager.Running running,
            Runnable onClose) {
        Connection c = merge.newConnection();
        try {
            String sql = prepare(c, plan, snapshot, options, running);
            Statement st = c.createStatement();
            ResultSet rs = st.executeQuery(sql);
            return new JdbcQueryResult(c, st, rs, plan.columnNames(), plan.declaredColumns(), onClose);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new SkyshardException(CzarErrorCode.INVALID_QUERY, e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /**
     * Does everything the plan needs on connection {@code c} before its final query (dispatch and
     * partial results, stages) and returns that query.
     */
    private String prepare(Connection c, QueryPlan plan, ClusterSnapshot snapshot, QueryOptions options,
            QueryManager.Running running) throws SQLException {
        return switch (plan) {
            case LocalPlan local -> {
                running.executing(0, () -> { });
                yield local.sql();
            }
            case DistributedPlan distributed -> {
                gatherPartials(c, distributed, snapshot, options, running);
                yield distributed.mergeSql();
            }
            case StagedPlan staged -> {
                for (StagedPlan.Stage stage : staged.stages()) {
                    if (running.info().state() == QueryState.CANCELLED) {
                        throw new SkyshardException(CzarErrorCode.QUERY_CANCELLED, "query cancelled");
                    }
                    String sql = prepare(c, stage.plan(), snapshot, options, running);
                    try (Statement st = c.createStatement()) {
                        // The stage name is the planner's (skyshard_stage_N), never user text.
                        st.execute("CREATE TEMP TABLE \"" + stage.table() + "\" AS " + sql);
                        st.execute("DROP TABLE IF EXISTS " + DistributedPlan.PARTIALS_TABLE);
                    }
                }
                yield prepare(c, staged.result(), snapshot, options, running);
            }
            case SubqueryFirstPlan first -> throw new IllegalStateException("subqueries must be answered first: " + first);
        };
    }

    /** Dispatches a distributed plan's chunk query and appends every partial result into {@code partials}. */
    private void gatherPartials(Connection c, DistributedPlan plan, ClusterSnapshot snapshot, QueryOptions options,
            QueryManager.Running running) {
        List<WorkerAssignment> assignments = switch (plan.chunks()) {
            case ChunkSelection.All all -> dispatcher.assign(snapshot, plan.database(), options.limit(
                    snapshot.chunks(plan.database()).keySet().stream().mapToInt(Integer::intValue).toArray()));
            case ChunkSelection.Chunks some -> dispatcher.assign(snapshot, plan.database(), options.limit(some.chunkIds()));
            case ChunkSelection.ReplicatedOnly r -> dispatcher.assignReplicated(snapshot);
        };
        if (assignments.isEmpty()) {
            running.executing(0, () -> { });
            PartialTable.createEmpty(c, plan.chunkSqlTemplate());
            return;
        }
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

    /** Runs a subquery and returns its values as {@link SubqueryValues} wants them. */
    private List<Object> answer(SubqueryFirstPlan.Subquery sub, ClusterSnapshot snapshot, QueryManager.Running running) {
        // a subquery reads its own rows, which the statement's chunk limit does not bound
        try (QueryResult rows = open(sub.plan(), snapshot, QueryOptions.NONE, running, () -> { })) {
            return switch (sub.kind()) {
                case EXISTS -> List.of(rows.next());
                case SCALAR -> {
                    List<Object> out = new ArrayList<>();
                    while (rows.next()) {
                        if (!out.isEmpty()) {
                            throw new SkyshardException(CzarErrorCode.SUBQUERY_MORE_THAN_ONE_ROW,
                                    "Subquery returns more than 1 row: " + sub.construct());
                        }
                        out.add(rows.value(0));
                    }
                    yield out;
                }
                case IN -> {
                    Set<Object> distinct = new LinkedHashSet<>();
                    while (rows.next()) {
                        distinct.add(key(rows.value(0)));
                        if (distinct.size() > SubqueryValues.MAX_IN_VALUES) {
                            throw new SkyshardException(CzarErrorCode.SUBQUERY_TOO_LARGE, sub.construct() + " returns more than "
                                    + SubqueryValues.MAX_IN_VALUES + " distinct values, more than a query can carry to the"
                                    + " workers; narrow it, or join the tables instead");
                        }
                    }
                    yield distinct.stream().map(DefaultQueryService::value).toList();
                }
            };
        }
    }

    /** Byte arrays compare by identity: wrap them so equal values count once. */
    private static Object key(Object v) {
        return v instanceof byte[] b ? java.nio.ByteBuffer.wrap(b) : v;
    }

    private static Object value(Object k) {
        return k instanceof java.nio.ByteBuffer b ? b.array() : k;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already failing, or the query is over: the original outcome is the one to report
        }
    }
}
