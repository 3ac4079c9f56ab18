package io.skyshard.server.role;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.Registry;
import io.skyshard.common.catalog.WorkerInfo;
import io.skyshard.czar.CzarConfig;
import io.skyshard.czar.CzarServer;
import io.skyshard.ingest.service.IngestService;
import io.skyshard.worker.WorkerConfig;
import io.skyshard.worker.WorkerServer;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.server.ServerErrorCode;
import io.skyshard.server.config.TapSettings;
import io.skyshard.tap.TapService;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A whole cluster in this process on loopback: a controller with its embedded metadata store, N
 * workers (gRPC on ephemeral ports, data under {@code dataDir/worker-N}) and a czar. The roles talk
 * to each other exactly as separate processes do (gRPC between czar and workers); only the
 * registry is shared in-process, as the controller's own store.
 */
public final class LocalCluster implements AutoCloseable {
    /**
     * How the cluster is laid out; ports 0 = any free port.
     *
     * @param ingestPort the controller's REST API port (ingest)
     */
    public record Layout(Path dataDir, int workers, String host, int mysqlPort, int httpPort,
                         Map<String, String> users, int threadsPerWorker, long memoryPerWorker, int ingestPort) {
        public Layout {
            requireNonNull(dataDir, "dataDir");
            requireNonNull(host, "host");
            users = Map.copyOf(users);
            if (workers < 1) {
                throw new IllegalArgumentException("a cluster needs at least one worker, got " + workers);
            }
        }

        /** A layout whose controller REST API listens on any free port. */
        public Layout(Path dataDir, int workers, String host, int mysqlPort, int httpPort, Map<String, String> users,
                int threadsPerWorker, long memoryPerWorker) {
            this(dataDir, workers, host, mysqlPort, httpPort, users, threadsPerWorker, memoryPerWorker, 0);
        }
    }

    private final RoleLifecycle lifecycle;
    private final ControllerRole controller;
    private final List<WorkerInfo> workers;
    private final CzarServer czar;

    private LocalCluster(RoleLifecycle lifecycle, ControllerRole controller, List<WorkerInfo> workers, CzarServer czar) {
        this.lifecycle = lifecycle;
        this.controller = controller;
        this.workers = List.copyOf(workers);
        this.czar = czar;
    }

    /** Starts every role; on failure closes what was started and rethrows. */
    public static LocalCluster start(Layout layout, RoleLifecycle lifecycle) {
        Ports.requireFree(layout.host(), layout.mysqlPort(), "czar MySQL protocol", "--mysql-port");
        Ports.requireFree(layout.host(), layout.httpPort(), "czar HTTP API", "--http-port");
        Ports.requireFree(layout.host(), layout.ingestPort(), "controller REST API", "--ingest-port");
        try {
            // Closed last (added first): workers and czar may still talk to the registry while stopping.
            ControllerRole controller = ControllerRole.start(lifecycle, layout.host(), 0, layout.dataDir().resolve("controller"),
                    layout.ingestPort(), "", 1);
            Registry registry = controller.controller().registry();

            List<WorkerInfo> workers = new ArrayList<>();
            for (int n = 1; n <= layout.workers(); n++) {
                String id = "worker-" + n;
                WorkerServer worker = new WorkerServer(new WorkerConfig(id, layout.host(), 0,
                        layout.dataDir().resolve(id), layout.threadsPerWorker(), layout.memoryPerWorker()));
                lifecycle.add(id, worker::close);
                startWorker(worker);
                // Ports are ephemeral, so a restart re-registers the new endpoint under the same id;
                // placement is keyed by id and therefore survives.
                WorkerInfo info = new WorkerInfo(id, layout.host(), worker.port());
                registry.registerWorker(info);
                workers.add(info);
            }

            CzarServer czar = new CzarServer(new CzarConfig(layout.host(), layout.mysqlPort(), layout.httpPort(),
                    layout.dataDir().resolve("czar"), layout.users()), registry);
            lifecycle.add("czar", czar::close);
            czar.start();
            TapService tap = TapService.start(TapSettings.defaults().toConfig(layout.dataDir().resolve("czar"), layout.users()),
                    czar, registry);
            lifecycle.add("tap", tap::close);
            return new LocalCluster(lifecycle, controller, workers, czar);
        } catch (RuntimeException e) {
            lifecycle.closeAll();
            throw e;
        }
    }

    /** Starts a worker, turning a failure to listen into an error naming the worker and its address. */
    public static void startWorker(WorkerServer worker) {
        WorkerConfig c = worker.config();
        try {
            worker.start();
        } catch (IOException e) {
            throw new SkyshardException(ServerErrorCode.STARTUP_FAILED,
                    "worker " + c.id() + " cannot listen on " + c.host() + ":" + c.port() + ": " + e.getMessage(), e);
        }
    }

    public Registry registry() {
        return controller.controller().registry();
    }

    /** The ingest service of the cluster's controller. */
    public IngestService ingest() {
        return controller.ingest();
    }

    /** Port of the controller's REST API (ingest). */
    public int ingestPort() {
        return controller.restApi().port();
    }

    public List<WorkerInfo> workers() {
        return workers;
    }

    public CzarServer czar() {
        return czar;
    }

    public int mysqlPort() {
        return czar.mysqlPort();
    }

    public int httpPort() {
        return czar.httpPort();
    }

    /** Stops the czar, then the workers, then the controller. */
    @Override
    public void close() {
        lifecycle.closeAll();
    }
}
