package io.skyshard.server.role;

import io.skyshard.server.config.ControllerSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code skyshard controller}: the metadata registry as its own process. */
@Command(name = "controller", mixinStandardHelpOptions = true,
        description = "Runs the controller: the metadata registry of databases, tables, workers and chunk placement.")
public final class ControllerCommand implements Callable<Integer> {
    @Mixin
    RoleOptions options;

    @Option(names = "--host", description = "Address to listen on (controller.host, default 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "Registry gRPC port (controller.port, default 8091).")
    Integer port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Metadata directory (controller.dataDir, default data/controller).")
    Path dataDir;

    @Option(names = "--http-port", description = "REST API port: ingest (controller.httpPort, default 8090; 0 = any free port).")
    Integer httpPort;

    @Option(names = "--replicas", description = "Workers each new chunk is written to (controller.replicas, default 1).")
    Integer replicas;

    @Option(names = "--load-buffer", paramLabel = "SIZE",
            description = "Row data a load gathers before writing to the workers, e.g. 512m (controller.loadBuffer, default 512m).")
    String loadBuffer;

    @Override
    public Integer call() {
        ControllerSettings s = ControllerSettings.from(options
                .override(ControllerSettings.HOST, host)
                .override(ControllerSettings.PORT, port)
                .override(ControllerSettings.DATA_DIR, dataDir)
                .override(ControllerSettings.HTTP_PORT, httpPort)
                .override(ControllerSettings.REPLICAS, replicas)
                .override(ControllerSettings.LOAD_BUFFER, loadBuffer)
                .load(ControllerSettings.KEYS));
        Ports.requireFree(s.host(), s.port(), "controller gRPC", "--port or " + ControllerSettings.PORT);
        Ports.requireFree(s.host(), s.httpPort(), "controller REST API", "--http-port or " + ControllerSettings.HTTP_PORT);
        RoleLifecycle lifecycle = new RoleLifecycle("controller", System.out);
        lifecycle.stopOnExit();
        ControllerRole role;
        try {
            role = ControllerRole.start(lifecycle, s.host(), s.port(), s.dataDir(), s.httpPort(), s.adminToken(), s.replicas(),
                    s.loadBufferBytes());
        } catch (RuntimeException e) {
            lifecycle.closeAll();
            throw e;
        }
        System.out.println("skyshard controller ready on " + s.host() + ":" + role.controller().port()
                + " (REST API on http://" + s.host() + ":" + role.restApi().port() + "/ingest, metadata in "
                + s.dataDir().toAbsolutePath() + ")");
        System.out.flush();
        lifecycle.awaitShutdown();
        return 0;
    }
}
