package io.skyshard.czar;

import io.skyshard.czar.query.QueryManager;
import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;

/**
 * Czar role settings.
 *
 * @param users       user -> password ("" for none); the demo has {@code qsmaster} without password
 * @param asyncLimits how long and how many results of SUBMITted queries are kept, how large, and how
 *                    many run at once
 */
public record CzarConfig(String host, int mysqlPort, int httpPort, Path dataDir, Map<String, String> users,
        QueryManager.Limits asyncLimits) {
    public static final int DEFAULT_MYSQL_PORT = 4040;
    public static final int DEFAULT_HTTP_PORT = 8080;

    public CzarConfig {
        requireNonNull(host, "host");
        requireNonNull(dataDir, "dataDir");
        users = Map.copyOf(users);
        requireNonNull(asyncLimits, "asyncLimits");
    }

    public CzarConfig(String host, int mysqlPort, int httpPort, Path dataDir, Map<String, String> users) {
        this(host, mysqlPort, httpPort, dataDir, users, QueryManager.Limits.DEFAULT);
    }
}
