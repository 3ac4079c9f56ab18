package io.skyshard.server.role;

import io.skyshard.czar.CzarConfig;
import io.skyshard.czar.CzarServer;
import io.skyshard.replication.registry.RemoteRegistry;
import io.skyshard.server.config.CzarSettings;
import io.skyshard.server.config.RoleConfig;
import io.skyshard.server.config.TapSettings;
import io.skyshard.tap.TapService;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code skyshard czar}: the query front end as its own process, reading metadata from the controller. */
@Command(name = "czar", mixinStandardHelpOptions = true,
        description = "Runs the czar: MySQL protocol and HTTP SQL API; plans, dispatches and merges queries.")
public final class CzarCommand implements Callable<Integer> {
    @Mixin
    RoleOptions options;

    @Option(names = "--host", description = "Address to listen on (czar.host, default 127.0.0.1).")
    String host;

    @Option(names = {"--port", "--mysql-port"}, description = "MySQL protocol port (czar.mysqlPort, default 4040).")
    Integer mysqlPort;

    @Option(names = "--http-port", description = "HTTP SQL API port (czar.httpPort, default 8080).")
    Integer httpPort;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Merge and result directory (czar.dataDir, default data/czar).")
    Path dataDir;

    @Option(names = "--controller", paramLabel = "HOST:PORT", description = "Controller registry (czar.controller, default 127.0.0.1:8091).")
    String controller;

    @Override
    public Integer call() {
        RoleConfig config = options
                .override(CzarSettings.HOST, host)
                .override(CzarSettings.MYSQL_PORT, mysqlPort)
                .override(CzarSettings.HTTP_PORT, httpPort)
                .override(CzarSettings.DATA_DIR, dataDir)
                .override(CzarSettings.CONTROLLER, controller)
                .load(CzarSettings.KEYS);
        CzarSettings s = CzarSettings.from(config);
        TapSettings tapSettings = TapSettings.from(config);
        Ports.requireFree(s.host(), s.mysqlPort(), "czar MySQL protocol", "--port or " + CzarSettings.MYSQL_PORT);
        Ports.requireFree(s.host(), s.httpPort(), "czar HTTP API", "--http-port or " + CzarSettings.HTTP_PORT);
        RoleLifecycle lifecycle = new RoleLifecycle("czar", System.out);
        lifecycle.stopOnExit();
        try {
            RemoteRegistry registry = new RemoteRegistry(s.controller());
            lifecycle.add("registry client", registry::close);
            CzarServer czar = new CzarServer(
                    new CzarConfig(s.host(), s.mysqlPort(), s.httpPort(), s.dataDir(), s.users()), registry);
            // Added before start: a start that fails half way still releases what it opened.
            lifecycle.add("czar", czar::close);
            czar.start();
            TapService tap = TapService.start(tapSettings.toConfig(s.dataDir(), s.users()), czar, registry);
            lifecycle.add("tap", tap::close);
            System.out.println("skyshard czar ready on " + s.host() + ":" + czar.mysqlPort()
                    + " (MySQL protocol), http://" + s.host() + ":" + czar.httpPort() + " (HTTP API, TAP at /tap), controller "
                    + s.controller());
            System.out.flush();
        } catch (RuntimeException e) {
            lifecycle.closeAll();
            throw e;
        }
        lifecycle.awaitShutdown();
        return 0;
    }
}
