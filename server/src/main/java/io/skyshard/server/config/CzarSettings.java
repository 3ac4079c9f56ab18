package io.skyshard.server.config;

import static java.util.Objects.requireNonNull;

import io.skyshard.czar.query.QueryManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Settings of a czar process (keys {@code czar.*}). */
public record CzarSettings(
        String host, int mysqlPort, int httpPort, Path dataDir, String controller, Map<String, String> users,
        QueryManager.Limits asyncLimits) {
    public static final String HOST = "czar.host";
    public static final String MYSQL_PORT = "czar.mysqlPort";
    public static final String HTTP_PORT = "czar.httpPort";
    public static final String DATA_DIR = "czar.dataDir";
    public static final String CONTROLLER = "czar.controller";
    public static final String USERS = "czar.users";
    /** Minutes the result of a SUBMITted query is kept after it finished. */
    public static final String ASYNC_RESULT_TTL_MINUTES = "czar.asyncResultTtlMinutes";
    /** Results of SUBMITted queries kept at most (the oldest go first). */
    public static final String ASYNC_MAX_RESULTS = "czar.asyncMaxResults";
    /** Largest result a SUBMITted query may store, in rows (larger ones fail). */
    public static final String ASYNC_MAX_ROWS = "czar.asyncMaxRows";
    /** SUBMITted queries running at the same time (the others wait, QUEUED). */
    public static final String ASYNC_THREADS = "czar.asyncThreads";
    /** Every key of a czar configuration, the TAP service's ({@link TapSettings}) included. */
    public static final Set<String> KEYS = keys();
    public static final int DEFAULT_MYSQL_PORT = 4040;
    public static final int DEFAULT_HTTP_PORT = 8080;
    /** Qserv's default account, without a password: the demo and the examples log in with it. */
    public static final Map<String, String> DEFAULT_USERS = Map.of("qsmaster", "");

    public CzarSettings {
        requireNonNull(host, "host");
        requireNonNull(dataDir, "dataDir");
        requireNonNull(controller, "controller");
        users = Map.copyOf(users);
        requireNonNull(asyncLimits, "asyncLimits");
    }

    private static Set<String> keys() {
        Set<String> keys = new java.util.HashSet<>(Set.of(HOST, MYSQL_PORT, HTTP_PORT, DATA_DIR, CONTROLLER, USERS,
                ASYNC_RESULT_TTL_MINUTES, ASYNC_MAX_RESULTS, ASYNC_MAX_ROWS, ASYNC_THREADS));
        keys.addAll(TapSettings.KEYS);
        return Set.copyOf(keys);
    }

    public static CzarSettings from(RoleConfig config) {
        return new CzarSettings(
                config.string(HOST, "127.0.0.1"),
                config.port(MYSQL_PORT, DEFAULT_MYSQL_PORT),
                config.port(HTTP_PORT, DEFAULT_HTTP_PORT),
                config.path(DATA_DIR, Path.of("data", "czar")),
                config.endpoint(CONTROLLER, "127.0.0.1:" + ControllerSettings.DEFAULT_PORT),
                config.users(USERS, DEFAULT_USERS),
                new QueryManager.Limits(
                        Duration.ofMinutes(config.integer(ASYNC_RESULT_TTL_MINUTES,
                                (int) QueryManager.Limits.DEFAULT.resultTtl().toMinutes(), 0, Integer.MAX_VALUE)),
                        config.integer(ASYNC_MAX_RESULTS, QueryManager.Limits.DEFAULT.maxResults(), 1, Integer.MAX_VALUE),
                        config.integer(ASYNC_MAX_ROWS, (int) QueryManager.Limits.DEFAULT.maxRows(), 0, Integer.MAX_VALUE),
                        config.integer(ASYNC_THREADS, QueryManager.Limits.DEFAULT.threads(), 1, 256)));
    }
}
