package io.skyshard.replication;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** Controller role settings: where its registry gRPC service listens and where metadata is kept. */
public record ControllerConfig(String host, int grpcPort, Path dataDir) {
    public static final int DEFAULT_GRPC_PORT = 8091;

    public ControllerConfig {
        requireNonNull(host, "host");
        requireNonNull(dataDir, "dataDir");
    }
}
