package io.skyshard.common.catalog;

import static java.util.Objects.requireNonNull;

/** A worker as registered with the controller: its id and gRPC endpoint. */
public record WorkerInfo(String id, String host, int port) {
    public WorkerInfo {
        requireNonNull(id, "id");
        requireNonNull(host, "host");
    }

    public String target() {
        return host + ":" + port;
    }
}
