package io.skyshard.worker;

import io.skyshard.common.error.CommonErrorCode;
import io.skyshard.common.error.SkyshardException;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * Configuration of one worker. {@code port} 0 binds an ephemeral port; {@code threads} <= 0 means
 * the number of cores; {@code memoryLimitBytes} <= 0 leaves DuckDB's default (80% of RAM).
 */
public record WorkerConfig(String id, String host, int port, Path dataDir, int threads, long memoryLimitBytes) {
    public WorkerConfig {
        requireNonNull(id, "id");
        requireNonNull(host, "host");
        requireNonNull(dataDir, "dataDir");
        if (id.isBlank()) {
            throw new SkyshardException(CommonErrorCode.INVALID_CONFIGURATION, "worker id must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new SkyshardException(CommonErrorCode.INVALID_CONFIGURATION, "worker port " + port + " is out of range 0..65535");
        }
        if (threads <= 0) {
            threads = Runtime.getRuntime().availableProcessors();
        }
    }

    /** A loopback worker on an ephemeral port with default threads and memory. */
    public static WorkerConfig local(String id, Path dataDir) {
        return new WorkerConfig(id, "127.0.0.1", 0, dataDir, 0, 0);
    }
}
