package io.skyshard.server.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Set;

/**
 * Settings of a controller process (keys {@code controller.*}).
 *
 * @param httpPort   the REST API (ingest) port
 * @param adminToken token the REST API requires; empty for none
 * @param replicas   workers each new chunk is placed on
 * @param loadBufferBytes row data a load gathers before writing it to the workers (memory per running load)
 */
public record ControllerSettings(String host, int port, Path dataDir, int httpPort, String adminToken, int replicas,
        long loadBufferBytes) {
    public static final String HOST = "controller.host";
    public static final String PORT = "controller.port";
    public static final String DATA_DIR = "controller.dataDir";
    public static final String HTTP_PORT = "controller.httpPort";
    public static final String ADMIN_TOKEN = "controller.adminToken";
    public static final String REPLICAS = "controller.replicas";
    public static final String LOAD_BUFFER = "controller.loadBuffer";
    public static final Set<String> KEYS = Set.of(HOST, PORT, DATA_DIR, HTTP_PORT, ADMIN_TOKEN, REPLICAS, LOAD_BUFFER);
    public static final int DEFAULT_PORT = 8091;
    public static final int DEFAULT_HTTP_PORT = 8090;

    public ControllerSettings {
        requireNonNull(host, "host");
        requireNonNull(dataDir, "dataDir");
        requireNonNull(adminToken, "adminToken");
    }

    public static ControllerSettings from(RoleConfig config) {
        return new ControllerSettings(
                config.string(HOST, "127.0.0.1"),
                config.port(PORT, DEFAULT_PORT),
                config.path(DATA_DIR, Path.of("data", "controller")),
                config.port(HTTP_PORT, DEFAULT_HTTP_PORT),
                config.string(ADMIN_TOKEN, ""),
                config.integer(REPLICAS, 1, 1, 16),
                config.bytes(LOAD_BUFFER, io.skyshard.ingest.load.LoadOptions.FLUSH_BYTES));
    }
}
