package io.skyshard.czar.query;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.skyshard.common.catalog.Catalog;
import io.skyshard.common.catalog.CatalogOverlay;
import io.skyshard.common.catalog.ClusterSnapshot;
import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.catalog.Registry;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.common.catalog.ViewDef;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.CzarErrorCode;
import io.skyshard.czar.dispatch.Dispatcher;
import io.skyshard.czar.dispatch.WorkerAssignment;
import io.skyshard.czar.frontend.mysql.ClientStatementInterceptor;
import io.skyshard.czar.frontend.mysql.StaticResult;
import io.skyshard.czar.merge.BatchQueryResult;
import io.skyshard.czar.merge.JdbcQueryResult;
import io.skyshard.czar.merge.MergeEngine;
import io.skyshard.czar.merge.PartialTable;
import io.skyshard.sql.QueryPlanner;
import io.skyshard.sql.SqlErrorCode;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The czar's query pipeline: plan (sql-parser) -> choose chunks and replicas -> dispatch to workers
 * -> append partial results into a per-query DuckDB table -> run the merge query -> stream rows.
 *
 * <p>Also Qserv's query management ({@link ManagementStatement}): asynchronous queries run the same
 * pipeline on a background pool and store their result as a table of the merge engine
 * ({@code async_results."result_<id>"}), kept as {@link QueryManager.Limits} allow; the process list
 * and the system tables show the {@link QueryManager}'s queries; KILL and CANCEL stop a query on every
 * worker, and so does a client that goes away while its query runs.
 *
 * <p>Plans of several steps run on one merge connection: the stages of a {@link StagedPlan} each
 * leave a temporary table there for later stages and the final query; the subqueries of a
 * {@link SubqueryFirstPlan} are answered first (each on its own connection) and the statement is
 * planned again with their values.
 */
public final class DefaultQueryService implements QueryService, AutoCloseable {
    /**
     * Partial results of a bare projection up to this size go to the client without the merge
     * engine (see BatchQueryResult); larger ones are merged as usual, so memory stays bounded.
     */
    private static final long PASS_THROUGH_BYTES = 8L << 20;
    private static final System.Logger LOG = System.getLogger(DefaultQueryService.class.getName());
    static final String RESULT_SCHEMA = "async_results";

    private final Registry registry;
    private final MergeEngine merge;
    private final Dispatcher dispatcher;
    private final QueryManager queries;
    private final QueryPlanner planner = new QueryPlanner();
    /**
     * Plans of recent statements. A plan depends only on the text, the default database and the
     * snapshot it was made against (catalog, director index, what ingest has published), all in the
     * key: every change queries may see comes with a new snapshot version. Repeated statements (the
     * same lookup from a notebook loop, a dashboard) then skip the 1-2 ms of parsing and analysis.
     */
    private final Cache<PlanKey, QueryPlan> plans = Caffeine.newBuilder()
            .maximumWeight(PLAN_CACHE_CHARS).weigher((PlanKey k, QueryPlan p) -> k.sql().length() + 1_000).build();
    private static final long PLAN_CACHE_CHARS = 16L << 20;

    private record PlanKey(String sql, String database, long version) {
    }
    private final ExecutorService background;

    public DefaultQueryService(Registry registry, MergeEngine merge, Dispatcher dispatcher, QueryManager queries) {
        this.registry = requireNonNull(registry, "registry");
        this.merge = requireNonNull(merge, "merge");
        this.dispatcher = requireNonNull(dispatcher, "dispatcher");
        this.queries = requireNonNull(queries, "queries");
        AtomicInteger threadCount = new AtomicInteger();
        this.background = Executors.newFixedThreadPool(queries.limits().threads(), r -> {
            Thread t = new Thread(r, "async-query-" + threadCount.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        queries.setResultDropper(this::dropResult);
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
        Optional<ManagementStatement> management = ManagementStatement.parse(sql);
        if (management.isPresent()) {
            return manage(management.get(), session);
        }
        ClusterSnapshot snapshot = registry.snapshot();
        Catalog catalog = options.extraTables().isEmpty() ? snapshot
                : new CatalogOverlay(snapshot, List.of(), options.extraTables());
        long planStart = System.nanoTime();
        // Tables uploaded with the query (TAP) make its catalog its own: not cached.
        QueryPlan plan = options.extraTables().isEmpty()
                ? plans.get(new PlanKey(sql, session.database(), snapshot.version()),
                        k -> planner.plan(sql, session.database(), catalog, registry))
                : planner.plan(sql, session.database(), catalog, registry);
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, String.format("planned in %.2f ms: %s", (System.nanoTime() - planStart) / 1e6, plan));
        }
        merge.syncPrototypes(snapshot);
        AutoCloseable extraPrototypes = merge.addPrototypes(options.extraTables());
        QueryManager.Running running = queries.register(session, sql, false);
        Runnable release = () -> {
            running.close();
            closeQuietly(extraPrototypes);
        };
        try {
            options.onRegistered().accept(running.id());
            plan = answerSubqueries(plan, sql, session.database(), catalog, snapshot, running);
            return open(plan, snapshot, options, running, release);
        } catch (RuntimeException e) {
            release.run();
            throw cancelledOr(running, e);
        }
    }

    /** Answers the subqueries a plan needs first, planning the statement again with their values. */
    private QueryPlan answerSubqueries(QueryPlan plan, String sql, String database, Catalog catalog,
            ClusterSnapshot snapshot, QueryManager.Running running) {
        SubqueryValues values = SubqueryValues.NONE;
        while (plan instanceof SubqueryFirstPlan first) {
            for (SubqueryFirstPlan.Subquery sub : first.subqueries()) {
                values = values.with(sub.key(), answer(sub, snapshot, running));
            }
            plan = planner.plan(sql, database, catalog, registry, values);
        }
        return plan;
    }

    /** KILL / CANCEL / a vanished client make a query fail with a cancellation, whatever broke first. */
    private static RuntimeException cancelledOr(QueryManager.Running running, RuntimeException e) {
        if (running.cancelled() && !(e instanceof SkyshardException se && se.code() == CzarErrorCode.QUERY_CANCELLED)) {
            return new SkyshardException(CzarErrorCode.QUERY_CANCELLED, "Query " + running.id() + " was cancelled", e);
        }
        return e;
    }

    /** Runs a plan on a new merge connection and returns its rows as a cursor owning that connection. */
    private QueryResult open(QueryPlan plan, ClusterSnapshot snapshot, QueryOptions options, QueryManager.Running running,
            Runnable onClose) {
        // Opened on first use: a result handed through without the merge engine never needs one
        // (closing a DuckDB connection costs more than such a whole query's merge side).
        Connection[] opened = new Connection[1];
        java.util.function.Supplier<Connection> lazy = () -> {
            if (opened[0] == null) {
                opened[0] = merge.newConnection();
            }
            return opened[0];
        };
        try {
            if (plan instanceof DistributedPlan d && BatchQueryResult.isBareProjection(d.mergeSql(), d.columnNames().size())
                    && d.declaredColumns().stream().allMatch(java.util.Objects::nonNull)) {
                PartialTable partials = gatherPartials(lazy, d, snapshot, options, running, PASS_THROUGH_BYTES);
                Optional<PartialTable.Rows> rows = partials.buffered();
                if (rows.isPresent() && BatchQueryResult.compatible(rows.get().columns(), d.declaredColumns())) {
                    return new BatchQueryResult(opened[0], rows.get().columns(), rows.get().batches(), d.columnNames(),
                            d.declaredColumns(), onClose);
                }
                partials.materialize();
                Connection c = lazy.get();
                Statement st = c.createStatement();
                return new JdbcQueryResult(c, st, st.executeQuery(d.mergeSql()), d.columnNames(), d.declaredColumns(), onClose);
            }
            Connection c = lazy.get();
            long started = System.nanoTime();
            String sql = prepare(c, plan, snapshot, options, running);
            long prepared = System.nanoTime();
            Statement st = c.createStatement();
            ResultSet rs = st.executeQuery(sql);
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                // Diagnostics: time to gather the workers' partial results, then to start the merge query.
                LOG.log(System.Logger.Level.DEBUG, String.format("query %d: partials in %.2f ms, merge started in %.2f ms: %s",
                        running.id(), (prepared - started) / 1e6, (System.nanoTime() - prepared) / 1e6, sql));
            }
            return new JdbcQueryResult(c, st, rs, plan.columnNames(), plan.declaredColumns(), onClose);
        } catch (SQLException e) {
            closeQuietly(opened[0]);
            throw new SkyshardException(CzarErrorCode.INVALID_QUERY, e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(opened[0]);
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
                gatherPartials(() -> c, distributed, snapshot, options, running, 0);
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
                        if (stage.maxRows() > 0) {
                            checkStageSize(st, stage);
                        }
                    }
                }
                yield prepare(c, staged.result(), snapshot, options, running);
            }
            case SubqueryFirstPlan first -> throw new IllegalStateException("subqueries must be answered first: " + first);
        };
    }

    /** A table gathered at the czar for a join that cannot run chunk by chunk must stay small. */
    private static void checkStageSize(Statement st, StagedPlan.Stage stage) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"" + stage.table() + "\"")) {
            rs.next();
            long rows = rs.getLong(1);
            if (rows > stage.maxRows()) {
                throw new SkyshardException(CzarErrorCode.RESULT_TOO_LARGE, stage.limitReason() + " (it has " + rows + " rows)");
            }
        }
    }

    /** Dispatches a distributed plan's chunk query and appends every partial result into {@code partials}. */
    private PartialTable gatherPartials(java.util.function.Supplier<Connection> c, DistributedPlan plan, ClusterSnapshot snapshot,
            QueryOptions options, QueryManager.Running running, long bufferBytes) {
        List<WorkerAssignment> assignments = switch (plan.chunks()) {
            case ChunkSelection.All all -> dispatcher.assign(snapshot, plan.database(), options.limit(
                    snapshot.chunks(plan.database()).keySet().stream().mapToInt(Integer::intValue).toArray()));
            case ChunkSelection.Chunks some -> dispatcher.assign(snapshot, plan.database(), options.limit(some.chunkIds()));
            case ChunkSelection.ReplicatedOnly r -> dispatcher.assignReplicated(snapshot);
        };
        if (assignments.isEmpty()) {
            running.executing(0, () -> { });
            PartialTable empty = PartialTable.fromWorkers(c.get(), running::chunksDone);
            empty.finish(plan.chunkSqlTemplate());
            return empty;
        }
        PartialTable partials = bufferBytes > 0 ? PartialTable.buffering(c, running::chunksDone, bufferBytes)
                : PartialTable.fromWorkers(c.get(), running::chunksDone);
        int total = assignments.stream().mapToInt(a -> a.chunkIds().length).sum();
        Dispatcher.Execution ex = dispatcher.start(Long.toString(running.id()), plan.chunkSqlTemplate(),
                plan.unionTable(), assignments, 0, partials);
        running.executing(total, () -> ex.cancel("killed"));
        try {
            ex.await();
        } finally {
            partials.finish(plan.chunkSqlTemplate());
        }
        return partials;
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

    // ------------------------------------------------------------------ query management

    private QueryResult manage(ManagementStatement statement, Session session) {
        return switch (statement) {
            case ManagementStatement.Submit s -> {
                long id = submit(s.sql(), session);
                yield new StaticResult(List.of(new ResultColumn("jobId", ColumnType.BIGINT, 20, 0),
                        new ResultColumn("resultLocation", ColumnType.VARCHAR, 64, 0)),
                        List.of(List.of(id, "table:result_" + id)), "");
            }
            case ManagementStatement.Result r -> result(r.queryId());
            case ManagementStatement.DeleteResult d -> {
                deleteResult(d.queryId());
                yield StaticResult.ok();
            }
            case ManagementStatement.ShowProcessList p -> SystemTables.processList(queries.list(), p.full(), Instant.now());
            case ManagementStatement.SystemTable t -> SystemTables.query(t, queries.list(), Instant.now(), planner, registry);
            case ManagementStatement.Kill k -> {
                if (!queries.cancel(k.id()) && !queries.cancelConnection(k.id())) {
                    throw new SkyshardException(CzarErrorCode.UNKNOWN_QUERY, "Unknown thread id: " + k.id()
                            + " (no running query and no connection running one has this id)");
                }
                yield StaticResult.ok();
            }
            case ManagementStatement.Cancel c -> {
                cancel(c.queryId());
                yield StaticResult.ok();
            }
            case ManagementStatement.ShowColumns c -> showColumns(c, session);
        };
    }

    /** A view's columns as SHOW COLUMNS describes them: its base table's columns under the view's names. */
    private static TableDef viewAsTable(String db, ViewDef v, TableDef base) {
        List<ColumnDef> columns = new ArrayList<>();
        for (ViewDef.Column c : v.columns()) {
            if (c.literal() != null) {
                columns.add(new ColumnDef(c.name(), ColumnType.VARBINARY, c.literalBytes(), 0, false));
                continue;
            }
            ColumnDef b = base.column(c.baseColumn()).orElseThrow();
            columns.add(new ColumnDef(c.name(), b.type(), b.length(), b.scale(), b.nullable(), b.unit(), b.ucd(),
                    b.description()));
        }
        return new TableDef(db, v.name(), TableKind.REPLICATED, columns, null, null, null, null);
    }

    private QueryResult showColumns(ManagementStatement.ShowColumns c, Session session) {
        String db = c.database() != null ? c.database() : session.database();
        if (db == null) {
            throw new SkyshardException(CzarErrorCode.NO_DATABASE_SELECTED, "No database selected");
        }
        java.util.regex.Pattern like = c.like() == null ? null : ClientStatementInterceptor.likePattern(c.like());
        ClusterSnapshot snapshot = registry.snapshot();
        Optional<TableDef> table = snapshot.table(db, c.table())
                .or(() -> snapshot.tables(db).stream().filter(t -> t.name().equalsIgnoreCase(c.table())).findFirst());
        if (table.isPresent()) {
            return ShowColumns.of(table.get(), c.full(), like, java.util.Set.of(), c.where());
        }
        ViewDef view = snapshot.database(db).flatMap(d -> d.view(c.table())).orElseThrow(() -> new SkyshardException(
                SqlErrorCode.UNKNOWN_TABLE, "Table '" + db + "." + c.table() + "' doesn't exist"));
        TableDef base = snapshot.table(db, view.baseTable()).orElseThrow();
        java.util.Set<String> constants = new java.util.HashSet<>();
        view.columns().stream().filter(col -> col.literal() != null).forEach(col -> constants.add(col.name()));
        return ShowColumns.of(viewAsTable(db, view, base), c.full(), like, constants, c.where());
    }

    @Override
    public long nextConnectionId() {
        return queries.nextId();
    }

    @Override
    public void disconnected(Session session) {
        if (queries.cancelSession(session)) {
            LOG.log(System.Logger.Level.INFO, "client of connection {0} went away: its query was cancelled", session.connectionId());
        }
    }

    @Override
    public long submit(String sql, Session session) {
        requireNonNull(sql, "sql");
        if (ManagementStatement.parse(sql).isPresent()) {
            throw new SkyshardException(CzarErrorCode.UNSUPPORTED_STATEMENT, "SUBMIT takes a SELECT statement");
        }
        ClusterSnapshot snapshot = registry.snapshot();
        // Planning happens now, so that errors in the query are reported to the submitter at once.
        QueryPlan plan = planner.plan(sql, session.database(), snapshot, registry);
        merge.syncPrototypes(snapshot);
        QueryManager.Running running = queries.register(session, sql, true);
        String database = session.database();
        try {
            background.execute(() -> runInBackground(plan, sql, database, snapshot, running));
        } catch (RejectedExecutionException e) {
            running.failed("the czar is shutting down");
            throw new SkyshardException(CzarErrorCode.WORKER_UNAVAILABLE, "the czar is shutting down", e);
        }
        return running.id();
    }

    private void runInBackground(QueryPlan submitted, String sql, String database, ClusterSnapshot snapshot,
            QueryManager.Running running) {
        if (running.cancelled()) {
            return;
        }
        String table = resultTable(running.id());
        try (Connection c = merge.newConnection(); Statement st = c.createStatement()) {
            QueryPlan plan = answerSubqueries(submitted, sql, database, snapshot, snapshot, running);
            String finalSql = prepare(c, plan, snapshot, QueryOptions.NONE, running);
            st.execute("CREATE SCHEMA IF NOT EXISTS " + RESULT_SCHEMA);
            st.execute("CREATE TABLE " + table + " AS " + finalSql);
            long rows;
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                rows = rs.getLong(1);
            }
            long max = queries.limits().maxRows();
            if (rows > max) {
                st.execute("DROP TABLE IF EXISTS " + table);
                running.failed("the result has " + rows + " rows, more than the " + max
                        + " an asynchronous query may keep (czar.asyncMaxRows)");
                return;
            }
            running.completed(rows, plan.columnNames(), plan.declaredColumns());
            if (running.cancelled()) {
                dropResult(running.id());
            }
        } catch (SkyshardException e) {
            running.failed(e.getMessage());
            dropResult(running.id());
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "asynchronous query " + running.id() + " failed", e);
            running.failed(e.getMessage() == null ? e.toString() : e.getMessage());
            dropResult(running.id());
        }
    }

    private static String resultTable(long id) {
        return RESULT_SCHEMA + ".\"result_" + id + "\"";
    }

    private void dropResult(long id) {
        try (Connection c = merge.newConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + resultTable(id));
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot drop the result of query " + id, e);
        }
    }

    @Override
    public QueryInfo status(long queryId) {
        return queries.get(queryId).map(QueryManager.Running::info).orElseThrow(() -> unknownQuery(queryId));
    }

    @Override
    public QueryResult result(long queryId) {
        QueryManager.Running r = queries.get(queryId).orElseThrow(() -> unknownQuery(queryId));
        QueryInfo info = r.info();
        switch (info.state()) {
            case COMPLETED -> {
            }
            case QUEUED, EXECUTING -> throw new SkyshardException(CzarErrorCode.RESULT_NOT_READY,
                    "Query " + queryId + " is still " + info.state().name().toLowerCase(java.util.Locale.ROOT)
                            + " (" + info.chunksDone() + " of " + info.chunksTotal() + " chunks done)");
            case FAILED -> throw new SkyshardException(CzarErrorCode.QUERY_FAILED_ON_WORKER,
                    "Query " + queryId + " failed: " + info.error());
            case CANCELLED -> throw new SkyshardException(CzarErrorCode.QUERY_CANCELLED, "Query " + queryId + " was cancelled");
        }
        if (!r.async()) {
            throw new SkyshardException(CzarErrorCode.UNKNOWN_QUERY, "Query " + queryId + " was not submitted with SUBMIT: it has no stored result");
        }
        Connection c = merge.newConnection();
        try {
            Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT * FROM " + resultTable(queryId));
            return new JdbcQueryResult(c, st, rs, r.columnNames(), r.declaredColumns(), () -> { });
        } catch (SQLException e) {
            closeQuietly(c);
            throw new SkyshardException(CzarErrorCode.UNKNOWN_QUERY, "The result of query " + queryId + " is gone: " + e.getMessage(), e);
        }
    }

    @Override
    public void cancel(long queryId) {
        QueryManager.Running r = queries.get(queryId).orElseThrow(() -> unknownQuery(queryId));
        if (!r.cancel()) {
            throw new SkyshardException(CzarErrorCode.UNKNOWN_QUERY, "Query " + queryId + " is not running (it is "
                    + r.state().name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
    }

    @Override
    public void deleteResult(long queryId) {
        if (!queries.delete(queryId)) {
            throw unknownQuery(queryId);
        }
    }

    private static SkyshardException unknownQuery(long queryId) {
        return new SkyshardException(CzarErrorCode.UNKNOWN_QUERY, "Unknown query id: " + queryId
                + " (no such query, or its result was deleted or expired)");
    }

    /** Stops the background pool; asynchronous queries still running are cancelled. */
    @Override
    public void close() {
        background.shutdownNow();
        for (QueryInfo q : queries.running()) {
            queries.cancel(q.id());
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // already failing, or the query is over: the original outcome is the one to report
        }
    }
}
