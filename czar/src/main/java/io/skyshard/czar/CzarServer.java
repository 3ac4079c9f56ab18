package io.skyshard.czar;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ClusterSnapshot;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.Registry;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.ViewDef;
import io.skyshard.czar.dispatch.Dispatcher;
import io.skyshard.czar.dispatch.WorkerChannels;
import io.skyshard.czar.frontend.http.HttpApiServer;
import io.skyshard.czar.frontend.mysql.CatalogView;
import io.skyshard.czar.frontend.mysql.MySqlServer;
import io.skyshard.czar.frontend.mysql.UserDirectory;
import io.skyshard.czar.merge.MergeEngine;
import io.skyshard.czar.query.DefaultQueryService;
import io.skyshard.czar.query.QueryManager;
import io.skyshard.czar.query.QueryService;
import java.util.ArrayList;
import java.util.List;

/**
 * The czar role: the query service with its merge engine and worker channels, behind the MySQL
 * protocol and HTTP front ends. Stopping closes the front ends first so no new query arrives while
 * the engine shuts down.
 */
public final class CzarServer implements AutoCloseable {
    private final CzarConfig config;
    private final Registry registry;
    private MergeEngine merge;
    private WorkerChannels channels;
    private DefaultQueryService queryService;
    private MySqlServer mysql;
    private HttpApiServer http;

    public CzarServer(CzarConfig config, Registry registry) {
        this.config = requireNonNull(config, "config");
        this.registry = requireNonNull(registry, "registry");
    }

    public synchronized CzarServer start() {
        try {
            merge = new MergeEngine(config.dataDir().resolve("merge-tmp"), 0, 0);
            channels = new WorkerChannels();
            queryService = new DefaultQueryService(registry, merge, new Dispatcher(channels),
                    new QueryManager(config.asyncLimits(), java.time.Clock.systemUTC()));
            CatalogView catalog = new CatalogView(
                    () -> registry.snapshot().databases().stream().map(DatabaseDef::name).toList(),
                    db -> tableNames(registry.snapshot(), db),
                    db -> registry.snapshot().database(db).map(d -> d.views().stream().map(ViewDef::name)
                            .collect(java.util.stream.Collectors.toSet())).orElse(java.util.Set.of()));
            mysql = new MySqlServer(config.host(), config.mysqlPort(), queryService, new UserDirectory(config.users()), catalog)
                    .start();
            http = new HttpApiServer(config.host(), config.httpPort(), queryService).start();
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** SHOW TABLES: the tables and views of a database, as MySQL lists them (sorted by name). */
    static List<String> tableNames(ClusterSnapshot snapshot, String db) {
        List<String> names = new ArrayList<>(snapshot.tables(db).stream().map(TableDef::name).toList());
        snapshot.database(db).ifPresent(d -> d.views().forEach(v -> names.add(v.name())));
        names.sort(String.CASE_INSENSITIVE_ORDER);
        return names;
    }

    public int mysqlPort() {
        return mysql.port();
    }

    public int httpPort() {
        return http.port();
    }

    public QueryService queryService() {
        return queryService;
    }

    public QueryManager queries() {
        return queryService.queries();
    }

    /** The HTTP server, so other modules (TAP) can mount their routes. */
    public HttpApiServer http() {
        return http;
    }

    @Override
    public synchronized void close() {
        if (mysql != null) {
            mysql.close();
            mysql = null;
        }
        if (http != null) {
            http.close();
            http = null;
        }
        if (queryService != null) {
            queryService.close();
            queryService = null;
        }
        if (channels != null) {
            channels.close();
            channels = null;
        }
        if (merge != null) {
            merge.close();
            merge = null;
        }
    }
}
