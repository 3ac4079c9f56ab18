package io.skyshard.server.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** Settings of a czar process (keys {@code czar.*}). */
public record CzarSettings(
        String host, int mysqlPort, int httpPort, Path dataDir, String controller, Map<String, String> users) {
    public static final String HOST = "czar.host";
    public static final String MYSQL_PORT = "czar.mysqlPort";
    public static final String HTTP_PORT = "czar.httpPort";
    public static final String DATA_DIR = "czar.dataDir";
    public static final String CONTROLLER = "czar.controller";
    public static final String USERS = "czar.users";
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
    }

    private static Set<String> keys() {
        Set<String> keys = new java.util.HashSet<>(Set.of(HOST, MYSQL_PORT, HTTP_PORT, DATA_DIR, CONTROLLER, USERS));
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
                config.users(USERS, DEFAULT_USERS));
    }
}
