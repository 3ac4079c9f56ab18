package io.skyshard.tap;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.Registry;
import io.skyshard.czar.CzarServer;
import io.skyshard.tap.execution.QueryRunner;
import io.skyshard.tap.http.TapHandler;
import io.skyshard.tap.schema.TapSchemaEngine;
import io.skyshard.tap.upload.UploadShipper;
import io.skyshard.tap.uws.JobManager;
import io.skyshard.tap.uws.JobStore;

/**
 * The TAP service mounted on a czar's HTTP port under {@value #PREFIX}: the query runner over the
 * czar's query service, the TAP_SCHEMA engine, the upload shipper and the persistent job list.
 */
public final class TapService implements AutoCloseable {
    public static final String PREFIX = "/tap";

    private final TapSchemaEngine tapSchema;
    private final UploadShipper shipper;
    private final QueryRunner runner;
    private final JobManager jobs;

    private TapService(TapSchemaEngine tapSchema, UploadShipper shipper, QueryRunner runner, JobManager jobs) {
        this.tapSchema = tapSchema;
        this.shipper = shipper;
        this.runner = runner;
        this.jobs = jobs;
    }

    /** Starts the service on a started czar; jobs of an earlier run are picked up from {@code config.dataDir()}. */
    public static TapService start(TapConfig config, CzarServer czar, Registry registry) {
        return start(config, czar, registry, PREFIX);
    }

    /** The same under another path (e.g. a second service with other settings on the same czar). */
    public static TapService start(TapConfig config, CzarServer czar, Registry registry, String prefix) {
        requireNonNull(config, "config");
        requireNonNull(prefix, "prefix");
        requireNonNull(czar, "czar");
        requireNonNull(registry, "registry");
        TapSchemaEngine tapSchema = new TapSchemaEngine();
        UploadShipper shipper = new UploadShipper(config.dataDir().resolve("uploads"));
        QueryRunner runner = new QueryRunner(czar.queryService(), registry::snapshot, id -> czar.queries().cancel(id),
                tapSchema, shipper, config);
        JobManager jobs = new JobManager(new JobStore(config.dataDir().resolve("jobs")), runner, config);
        TapService service = new TapService(tapSchema, shipper, runner, jobs);
        try {
            shipper.dropLeftovers(registry.snapshot().workers());
            jobs.start();
            czar.http().mount(prefix + "/*", new TapHandler(prefix, runner, jobs, config, registry::snapshot),
                    config.maxUploadBytes());
            return service;
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    public JobManager jobs() {
        return jobs;
    }

    @Override
    public void close() {
        jobs.close();
        runner.close();
        shipper.close();
        tapSchema.close();
    }
}
