package io.skyshard.ingest.api;

import static java.util.Objects.requireNonNull;

import io.skyshard.czar.frontend.http.HttpApiServer;
import io.skyshard.ingest.service.IngestService;
import java.nio.file.Path;

/**
 * The controller's HTTP server (default 127.0.0.1:8090) with the ingest REST API mounted; other
 * controller APIs (replication, administration) mount their routes on {@link #server()}.
 */
public final class ControllerRestApi implements AutoCloseable {
    public static final int DEFAULT_PORT = 8090;

    private final HttpApiServer server;

    private ControllerRestApi(HttpApiServer server) {
        this.server = server;
    }

    /**
     * Starts the server.
     *
     * @param adminToken null or empty: no token
     * @param spoolDir   scratch space for uploaded Parquet files
     */
    public static ControllerRestApi start(IngestService service, String host, int port, String adminToken, Path spoolDir) {
        requireNonNull(service, "service");
        HttpApiServer http = new HttpApiServer(host, port);
        new IngestHttpApi(service, adminToken, spoolDir).mount(http);
        http.start();
        return new ControllerRestApi(http);
    }

    public HttpApiServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
