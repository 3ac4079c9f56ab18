package io.skyshard.worker;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.worker.scheduler.Scheduler;
import io.skyshard.worker.service.ChunkLoadServiceImpl;
import io.skyshard.worker.service.ChunkQueryServiceImpl;
import io.skyshard.worker.storage.DuckDbBackend;
import io.skyshard.worker.storage.StorageBackend;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * A worker process: DuckDB storage, the two-lane scheduler and the gRPC services
 * (ChunkQueryService, ChunkLoadService), served over Netty on {@code host:port} or, for tests
 * and single-JVM clusters, on an in-process channel name.
 */
public final class WorkerServer implements AutoCloseable {
    /** Load batches and result batches are ~1 MB; headroom for wide rows. */
    public static final int MAX_INBOUND_MESSAGE_BYTES = 64 << 20;

    private final WorkerConfig config;
    private final String inProcessName;
    private StorageBackend backend;
    private Scheduler scheduler;
    private ScheduledExecutorService timers;
    private ChunkQueryServiceImpl queryService;
    private Server server;

    public WorkerServer(WorkerConfig config) {
        this(config, null);
    }

    private WorkerServer(WorkerConfig config, String inProcessName) {
        this.config = requireNonNull(config, "config");
        this.inProcessName = inProcessName;
    }

    /** A worker reachable only inside this JVM through {@code InProcessChannelBuilder.forName(name)}. */
    public static WorkerServer inProcess(WorkerConfig config, String name) {
        return new WorkerServer(config, requireNonNull(name, "name"));
    }

    public synchronized WorkerServer start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("worker " + config.id() + " is already started");
        }
        backend = DuckDbBackend.open(config.dataDir(), config.threads(), config.memoryLimitBytes());
        try {
            scheduler = new Scheduler(config.id(), config.threads(), config.threads());
            timers = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, config.id() + "-timers");
                t.setDaemon(true);
                return t;
            });
            queryService = new ChunkQueryServiceImpl(config.id(), backend, scheduler, timers);
            // The czar pings every 30 s while a stream is open (a long scan sends nothing for minutes);
            // gRPC's default policy answers more than one ping per 5 min with GOAWAY "too_many_pings",
            // which killed every query running longer than about a minute.
            ServerBuilder<?> builder = inProcessName != null
                    ? InProcessServerBuilder.forName(inProcessName)
                    : NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()))
                            .permitKeepAliveTime(10, java.util.concurrent.TimeUnit.SECONDS)
                            .permitKeepAliveWithoutCalls(true);
            // Chunk query calls only plan in memory and hand their statements to the scheduler: they
            // run on the network thread, saving a thread hop per query (~0.5 ms of a key lookup).
            // Load calls write to DuckDB and keep gRPC's executor.
            builder.callExecutor(new io.grpc.ServerCallExecutorSupplier() {
                @Override
                public <ReqT, RespT> java.util.concurrent.Executor getExecutor(io.grpc.ServerCall<ReqT, RespT> call,
                        io.grpc.Metadata headers) {
                    return io.skyshard.rpc.ChunkQueryServiceGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())
                            ? Runnable::run : null;
                }
            });
            server = builder.maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                    .addService(queryService)
                    .addService(new ChunkLoadServiceImpl(backend))
                    .build()
                    .start();
            return this;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    public WorkerConfig config() {
        return config;
    }

    /** The bound port (the ephemeral one when configured with 0); -1 for an in-process server. */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("worker " + config.id() + " is not started");
        }
        return inProcessName != null ? -1 : server.getPort();
    }

    /** The storage, for in-JVM tools (replication export, tests). */
    public synchronized StorageBackend backend() {
        if (backend == null) {
            throw new IllegalStateException("worker " + config.id() + " is not started");
        }
        return backend;
    }

    /** Stops accepting calls, cancels running statements, waits briefly, then closes DuckDB. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
        }
        if (queryService != null) {
            queryService.stopAll();
        }
        try {
            // Running calls were just stopped; what keeps a graceful shutdown waiting now is idle
            // client connections (czars keep channels open), so do not wait long for them.
            if (server != null && !server.awaitTermination(500, TimeUnit.MILLISECONDS)) {
                server.shutdownNow();
                server.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
        if (scheduler != null) {
            scheduler.close();
        }
        if (timers != null) {
            timers.shutdownNow();
        }
        if (backend != null) {
            try {
                backend.close();
            } catch (SkyshardException ignored) {
                // closing is best effort at shutdown
            }
        }
        server = null;
        backend = null;
        scheduler = null;
        timers = null;
        queryService = null;
    }
}
