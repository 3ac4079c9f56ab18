package io.skyshard.server.role;

import io.skyshard.replication.ControllerConfig;
import io.skyshard.replication.ControllerServer;
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

    @Override
    public Integer call() {
        ControllerSettings s = ControllerSettings.from(options
                .override(ControllerSettings.HOST, host)
                .override(ControllerSettings.PORT, port)
                .override(ControllerSettings.DATA_DIR, dataDir)
                .load(ControllerSettings.KEYS));
        Ports.requireFree(s.host(), s.port(), "controller gRPC", "--port or " + ControllerSettings.PORT);
        RoleLifecycle lifecycle = new RoleLifecycle("controller", System.out);
        lifecycle.stopOnExit();
        ControllerServer controller = new ControllerServer(new ControllerConfig(s.host(), s.port(), s.dataDir())).start();
        lifecycle.add("controller", controller::close);
        System.out.println("skyshard controller ready on " + s.host() + ":" + controller.port()
                + " (metadata in " + s.dataDir().toAbsolutePath() + ")");
        System.out.flush();
        lifecycle.awaitShutdown();
        return 0;
    }
}
