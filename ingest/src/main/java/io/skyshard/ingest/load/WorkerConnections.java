package io.skyshard.ingest.load;

import static java.util.Objects.requireNonNull;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.skyshard.common.catalog.WorkerInfo;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One gRPC channel per worker endpoint, created on first use and shared by all streams to that
 * worker (a channel multiplexes many concurrent streams over one HTTP/2 connection).
 */
public final class WorkerConnections implements AutoCloseable {
    /** Batches of a few thousand wide rows are a few MB; leave ample room. */
    public static final int MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

    private final Function<WorkerInfo, ManagedChannel> factory;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Plaintext Netty channels to each worker's {@code host:port}. */
    public WorkerConnections() {
        this(w -> NettyChannelBuilder.forAddress(w.host(), w.port())
                .usePlaintext()
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .build());
    }

    /** Channels from a custom factory (in-process transports, TLS). */
    public WorkerConnections(Function<WorkerInfo, ManagedChannel> factory) {
        this.factory = requireNonNull(factory, "factory");
    }

    public ManagedChannel channel(WorkerInfo worker) {
        requireNonNull(worker, "worker");
        if (closed) {
            throw new IllegalStateException("worker connections are closed");
        }
        return channels.computeIfAbsent(worker.target(), t -> factory.apply(worker));
    }

    @Override
    public void close() {
        closed = true;
        for (ManagedChannel c : channels.values()) {
            c.shutdown();
        }
        for (ManagedChannel c : channels.values()) {
            try {
                if (!c.awaitTermination(5, TimeUnit.SECONDS)) {
                    c.shutdownNow();
                }
            } catch (InterruptedException e) {
                c.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        channels.clear();
    }
}
