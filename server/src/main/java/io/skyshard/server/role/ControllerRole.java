package io.skyshard.server.role;

import io.skyshard.ingest.api.ControllerRestApi;
import io.skyshard.ingest.load.LoadOptions;
import io.skyshard.ingest.load.WorkerConnections;
import io.skyshard.ingest.service.IngestService;
import io.skyshard.replication.ControllerConfig;
import io.skyshard.replication.ControllerServer;
import java.nio.file.Path;

/**
 * The controller role as one unit: the metadata store with its registry gRPC service, the ingest
 * service (which loads through the workers' load service) and the REST API. Each part is added to the
 * lifecycle as it starts, so a failure half way closes what was started, in reverse order.
 */
public record ControllerRole(ControllerServer controller, IngestService ingest, ControllerRestApi restApi) {
    public static ControllerRole start(RoleLifecycle lifecycle, String host, int grpcPort, Path dataDir, int httpPort,
            String adminToken, int replicas) {
        return start(lifecycle, host, grpcPort, dataDir, httpPort, adminToken, replicas, LoadOptions.FLUSH_BYTES);
    }

    public static ControllerRole start(RoleLifecycle lifecycle, String host, int grpcPort, Path dataDir, int httpPort,
            String adminToken, int replicas, long loadBufferBytes) {
        ControllerServer controller = new ControllerServer(new ControllerConfig(host, grpcPort, dataDir));
        lifecycle.add("controller", controller::close);
        controller.start();
        WorkerConnections connections = new WorkerConnections();
        lifecycle.add("ingest connections", connections::close);
        IngestService ingest = new IngestService(controller.store(), connections, LoadOptions.DEFAULT.withReplicas(replicas).withFlushBytes(loadBufferBytes));
        lifecycle.add("ingest", ingest::close);
        ControllerRestApi api = ControllerRestApi.start(ingest, host, httpPort, adminToken, dataDir.resolve("spool"));
        lifecycle.add("controller REST API", api::close);
        return new ControllerRole(controller, ingest, api);
    }
}
