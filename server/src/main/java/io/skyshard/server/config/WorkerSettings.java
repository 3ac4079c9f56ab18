package io.skyshard.server.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Set;

/**
 * Settings of a worker process (keys {@code worker.*}). {@code worker.id} is required: it is the
 * name under which the controller records the chunks this worker holds, so it must stay stable
 * across restarts and cannot be defaulted.
 */
public record WorkerSettings(
        String id, String host, int port, Path dataDir, int threads, long memoryLimitBytes, String controller) {
    public static final String ID = "worker.id";
    public static final String HOST = "worker.host";
    public static final String PORT = "worker.port";
    public static final String DATA_DIR = "worker.dataDir";
    public static final String THREADS = "worker.threads";
    public static final String MEMORY_LIMIT = "worker.memoryLimit";
    public static final String CONTROLLER = "worker.controller";
    public static final Set<String> KEYS = Set.of(ID, HOST, PORT, DATA_DIR, THREADS, MEMORY_LIMIT, CONTROLLER);
    public static final int DEFAULT_PORT = 25_000;
    public static final long DEFAULT_MEMORY_LIMIT = 2L << 30;

    public WorkerSettings {
        requireNonNull(id, "id");
        requireNonNull(host, "host");
        requireNonNull(dataDir, "dataDir");
        requireNonNull(controller, "controller");
    }

    public static WorkerSettings from(RoleConfig config) {
        String id = config.string(ID);
        if (!id.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw RoleConfig.invalid("invalid value '" + id + "' for configuration key '" + ID
                    + "': expected 1 to 64 letters, digits, '_', '.' or '-'");
        }
        return new WorkerSettings(
                id,
                config.string(HOST, "127.0.0.1"),
                config.port(PORT, DEFAULT_PORT),
                config.path(DATA_DIR, Path.of("data", id)),
                config.integer(THREADS, Runtime.getRuntime().availableProcessors(), 1, 1024),
                config.bytes(MEMORY_LIMIT, DEFAULT_MEMORY_LIMIT),
                config.endpoint(CONTROLLER, "127.0.0.1:" + ControllerSettings.DEFAULT_PORT));
    }
}
