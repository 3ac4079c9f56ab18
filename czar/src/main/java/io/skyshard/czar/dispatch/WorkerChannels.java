package io.skyshard.czar.dispatch;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.skyshard.common.catalog.WorkerInfo;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One long-lived gRPC channel per worker endpoint. Channels multiplex all queries to a worker over
 * one HTTP/2 connection, so a query never pays for a TCP or HTTP/2 handshake.
 */
public final class WorkerChannels implements AutoCloseable {
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    public ManagedChannel channel(WorkerInfo worker) {
        return channels.computeIfAbsent(worker.target(), target -> NettyChannelBuilder.forTarget(target)
                .usePlaintext()
                .maxInboundMessageSize(64 << 20)
                .keepAliveTime(30, TimeUnit.SECONDS)
                // Responses are handed straight to the partial table: no thread hop per message.
                .directExecutor()
                .build());
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdown);
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
