package io.skyshard.czar;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;

/**
 * Czar role settings.
 *
 * @param users user -> password ("" for none); the demo has {@code qsmaster} without password
 */
public record CzarConfig(String host, int mysqlPort, int httpPort, Path dataDir, Map<String, String> users) {
    public static final int DEFAULT_MYSQL_PORT = 4040;
    public static final int DEFAULT_HTTP_PORT = 8080;

    public CzarConfig {
        requireNonNull(host, "host");
        requireNonNull(dataDir, "dataDir");
        users = Map.copyOf(users);
    }
}
