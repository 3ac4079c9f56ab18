package io.skyshard.server.role;

import io.skyshard.common.catalog.WorkerInfo;
import io.skyshard.replication.registry.RemoteRegistry;
import io.skyshard.server.config.WorkerSettings;
import io.skyshard.worker.WorkerConfig;
import io.skyshard.worker.WorkerServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code skyshard worker}: one worker as its own process; registers itself with the controller. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Runs a worker: stores chunk tables in an embedded DuckDB and answers chunk queries over gRPC.")
public final class WorkerCommand implements Callable<Integer> {
    @Mixin
    RoleOptions options;

    @Option(names = "--id", description = "Worker id, stable across restarts (worker.id, required).")
    String id;

    @Option(names = "--host", description = "Address to listen on and to advertise (worker.host, default 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "gRPC port (worker.port, default 25000; 0 = any free port).")
    Integer port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Chunk storage directory (worker.dataDir, default data/<id>).")
    Path dataDir;

    @Option(names = "--threads", description = "Query threads (worker.threads, default: number of cores).")
    Integer threads;

    @Option(names = "--controller", paramLabel = "HOST:PORT", description = "Controller registry (worker.controller, default 127.0.0.1:8091).")
    String controller;

    @Override
    public Integer call() {
        WorkerSettings s = WorkerSettings.from(options
                .override(WorkerSettings.ID, id)
                .override(WorkerSettings.HOST, host)
                .override(WorkerSettings.PORT, port)
                .override(WorkerSettings.DATA_DIR, dataDir)
                .override(WorkerSettings.THREADS, threads)
                .override(WorkerSettings.CONTROLLER, controller)
                .load(WorkerSettings.KEYS));
        Ports.requireFree(s.host(), s.port(), "worker " + s.id() + " gRPC", "--port or " + WorkerSettings.PORT);
        RoleLifecycle lifecycle = new RoleLifecycle("worker " + s.id(), System.out);
        lifecycle.stopOnExit();
        try {
            RemoteRegistry registry = new RemoteRegistry(s.controller());
            lifecycle.add("registry client", registry::close);
            WorkerServer worker = new WorkerServer(new WorkerConfig(
                    s.id(), s.host(), s.port(), s.dataDir(), s.threads(), s.memoryLimitBytes()));
            // Added before start: a start that fails half way still releases what it opened.
            lifecycle.add("worker " + s.id(), worker::close);
            LocalCluster.startWorker(worker);
            // Registering after start means the controller never routes to a worker that is not listening.
            registry.registerWorker(new WorkerInfo(s.id(), s.host(), worker.port()));
            System.out.println("skyshard worker " + s.id() + " ready on " + s.host() + ":" + worker.port()
                    + " (registered with controller " + s.controller() + ")");
            System.out.flush();
        } catch (RuntimeException e) {
            lifecycle.closeAll();
            throw e;
        }
        lifecycle.awaitShutdown();
        return 0;
    }
}
