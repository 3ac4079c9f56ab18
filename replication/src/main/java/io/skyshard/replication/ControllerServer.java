package io.skyshard.replication;

import static java.util.Objects.requireNonNull;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.skyshard.common.catalog.Registry;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.replication.registry.MetadataStore;
import io.skyshard.replication.registry.RegistryGrpcService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The controller role: owns the persistent metadata store and serves it to czars, workers and loaders. */
public final class ControllerServer implements AutoCloseable {
    private final ControllerConfig config;
    private MetadataStore store;
    private Server server;

    public ControllerServer(ControllerConfig config) {
        this.config = requireNonNull(config, "config");
    }

    public synchronized ControllerServer start() {
        store = MetadataStore.open(config.dataDir());
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.grpcPort()))
                    .addService(new RegistryGrpcService(store))
                    .maxInboundMessageSize(256 << 20)
                    .build()
                    .start();
        } catch (IOException e) {
            store.close();
            throw new SkyshardException(ReplicationErrorCode.CONTROLLER_UNAVAILABLE,
                    "cannot listen on " + config.host() + ":" + config.grpcPort() + ": " + e.getMessage(), e);
        }
        return this;
    }

    public int port() {
        return server.getPort();
    }

    /** The local registry (the store itself): used by roles running in the same process. */
    public Registry registry() {
        return store;
    }

    /** The metadata store, with ingest transactions: for the ingest service running in this process. */
    public MetadataStore store() {
        return store;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            try {
                if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                    server.shutdownNow();
                }
            } catch (InterruptedException e) {
                server.shutdownNow();
                Thread.currentThread().interrupt();
            }
            server = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
