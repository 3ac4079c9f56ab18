package io.skyshard.server.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Set;

/** Settings of a controller process (keys {@code controller.*}). */
public record ControllerSettings(String host, int port, Path dataDir) {
    public static final String HOST = "controller.host";
    public static final String PORT = "controller.port";
    public static final String DATA_DIR = "controller.dataDir";
    public static final Set<String> KEYS = Set.of(HOST, PORT, DATA_DIR);
    public static final int DEFAULT_PORT = 8091;

    public ControllerSettings {
        requireNonNull(host, "host");
        requireNonNull(dataDir, "dataDir");
    }

    public static ControllerSettings from(RoleConfig config) {
        return new ControllerSettings(
                config.string(HOST, "127.0.0.1"),
                config.port(PORT, DEFAULT_PORT),
                config.path(DATA_DIR, Path.of("data", "controller")));
    }
}
