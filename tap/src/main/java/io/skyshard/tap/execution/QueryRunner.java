package io.skyshard.tap.execution;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ClusterSnapshot;
import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.Partitioning;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.common.catalog.WorkerInfo;
import io.skyshard.common.error.ErrorCategory;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.CzarErrorCode;
import io.skyshard.czar.query.QueryOptions;
import io.skyshard.czar.query.QueryResult;
import io.skyshard.czar.query.QueryService;
import io.skyshard.czar.query.Session;
import io.skyshard.sql.SqlErrorCode;
import io.skyshard.tap.TapConfig;
import io.skyshard.tap.TapErrorCode;
import io.skyshard.tap.adql.AdqlTranslator;
import io.skyshard.tap.adql.TapTable;
import io.skyshard.tap.adql.TranslatedQuery;
import io.skyshard.tap.schema.TapMetadata;
import io.skyshard.tap.schema.TapSchemaEngine;
import io.skyshard.tap.upload.CrossMatchChunks;
import io.skyshard.tap.upload.UploadReader;
import io.skyshard.tap.upload.UploadShipper;
import io.skyshard.tap.upload.UploadSource;
import io.skyshard.tap.upload.UploadTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/**
 * Runs TAP queries for the sync endpoint and the async jobs: reads the uploads, translates the
 * ADQL, puts the uploads on the workers, runs the statement on the cluster (or TAP_SCHEMA
 * locally) within the execution duration, and hands back the rows to stream.
 */
public final class QueryRunner implements AutoCloseable {
    private final QueryService service;
    private final Supplier<ClusterSnapshot> snapshots;
    private final LongPredicate canceller;
    private final TapSchemaEngine tapSchema;
    private final UploadShipper shipper;
    private final TapConfig config;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "skyshard-tap-timer");
        t.setDaemon(true);
        return t;
    });
    private volatile TapMetadata metadata;
    private volatile long metadataVersion = -1;

    /**
     * @param canceller cancels a running query of the query service by id (false: not running)
     */
    public QueryRunner(QueryService service, Supplier<ClusterSnapshot> snapshots, LongPredicate canceller,
            TapSchemaEngine tapSchema, UploadShipper shipper, TapConfig config) {
        this.service = requireNonNull(service, "service");
        this.snapshots = requireNonNull(snapshots, "snapshots");
        this.canceller = requireNonNull(canceller, "canceller");
        this.tapSchema = requireNonNull(tapSchema, "tapSchema");
        this.shipper = requireNonNull(shipper, "shipper");
        this.config = requireNonNull(config, "config");
    }

    /** The published metadata of the current catalog snapshot (rebuilt when the snapshot changes). */
    public TapMetadata metadata() {
        ClusterSnapshot snapshot = snapshots.get();
        if (metadata == null || snapshot.version() != metadataVersion) {
            synchronized (this) {
                if (metadata == null || snapshot.version() != metadataVersion) {
                    metadata = TapMetadata.of(snapshot);
                    metadataVersion = snapshot.version();
                }
            }
        }
        return metadata;
    }

    /** Cancels the running query with this id, if any. */
    public boolean cancel(long queryId) {
        return canceller.test(queryId);
    }

    /**
     * Runs the query and returns its rows, ready to write.
     *
     * @param timeLimit  the execution duration; the distributed query is cancelled when it passes
     * @param onQueryId  told the query service's id of the statement as soon as it has one (to abort it)
     */
    public Execution execute(TapQuery query, String user, Duration timeLimit, LongConsumer onQueryId) {
        List<UploadTable> uploads = readUploads(query.uploads());
        String tag = HexFormat.of().formatHex(longBytes(ThreadLocalRandom.current().nextLong())).substring(0, 12);
        List<TapTable> uploadTables = new ArrayList<>();
        for (UploadTable u : uploads) {
            List<ColumnDef> defs = u.columns().stream()
                    .map(c -> new ColumnDef(c.name(), c.type(), 0, 0, true, c.unit(), c.ucd(), c.description())).toList();
            String physical = "tap_upload_" + tag + "_" + u.name().toLowerCase(Locale.ROOT);
            uploadTables.add(new TapTable(TapMetadata.TAP_UPLOAD, u.name(), TapTable.Source.UPLOAD, "uploaded table",
                    u.columns(), null, physical, new TableDef("", physical, TableKind.REPLICATED, defs, null, null, null, null)));
        }
        TapMetadata visible = metadata().withUploads(uploadTables);
        TranslatedQuery translated = new AdqlTranslator(visible).translate(query.adql(), query.maxrec());
        if (translated.target() == TapTable.Source.TAP_SCHEMA) {
            return new Execution(translated, tapSchema.execute(translated.sql(), visible), () -> { });
        }
        List<TableDef> shipped = new ArrayList<>();
        List<WorkerInfo> workers = snapshots.get().workers();
        Runnable drop = () -> {
            if (shipped.isEmpty()) {
                return;
            }
            // an aborted job's thread is interrupted, and a blocking gRPC call in it would fail at once
            boolean interrupted = Thread.interrupted();
            try {
                shipper.drop(workers, translated.database(), shipped.stream().map(TableDef::name).toList());
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try {
            for (TapTable t : translated.uploads()) {
                UploadTable rows = uploads.get(uploadTables.indexOf(t));
                TableDef def = t.definition();
                TableDef placed = new TableDef(translated.database(), def.name(), TableKind.REPLICATED, def.columns(),
                        null, null, null, null);
                shipped.add(placed);
                shipper.load(workers, placed, rows.rows());
            }
            Set<Integer> chunkLimit = translated.uploadMatch() == null ? null
                    : nearUploadedPositions(translated.uploadMatch(), uploads.get(uploadTables.indexOf(translated.uploadMatch().upload())),
                            visible.partitioning(translated.database()));
            QueryResult result = runOnCluster(translated, user, timeLimit, onQueryId, shipped, chunkLimit);
            return new Execution(translated, result, drop);
        } catch (RuntimeException e) {
            drop.run();
            throw e;
        }
    }

    /**
     * The chunks a cross-match can find rows in (see {@link CrossMatchChunks}), or null when every
     * chunk must be read.
     */
    private static Set<Integer> nearUploadedPositions(TranslatedQuery.UploadMatch match, UploadTable rows,
            Partitioning partitioning) {
        int ra = columnIndex(rows, match.raColumn());
        int dec = columnIndex(rows, match.decColumn());
        List<double[]> positions = new ArrayList<>(rows.rows().size());
        for (Object[] row : rows.rows()) {
            // a NULL coordinate matches nothing; a non-numeric one cannot be a position the engine compares
            if (row[ra] == null || row[dec] == null) {
                continue;
            }
            if (!(row[ra] instanceof Number a) || !(row[dec] instanceof Number d)) {
                return null;
            }
            positions.add(new double[] {a.doubleValue(), d.doubleValue()});
        }
        return CrossMatchChunks.near(positions, match.radiusDeg(), partitioning).orElse(null);
    }

    private static int columnIndex(UploadTable rows, String name) {
        for (int i = 0; i < rows.columns().size(); i++) {
            if (rows.columns().get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IllegalStateException("upload " + rows.name() + " has no column " + name);
    }

    private QueryResult runOnCluster(TranslatedQuery translated, String user, Duration timeLimit, LongConsumer onQueryId,
            List<TableDef> extraTables, Set<Integer> chunkLimit) {
        AtomicLong queryId = new AtomicLong(-1);
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> timer = timers.schedule(() -> {
            timedOut.set(true);
            long id = queryId.get();
            if (id >= 0) {
                canceller.test(id);
            }
        }, Math.max(1, timeLimit.toMillis()), TimeUnit.MILLISECONDS);
        try {
            QueryOptions options = new QueryOptions(extraTables, id -> {
                queryId.set(id);
                onQueryId.accept(id);
                if (timedOut.get()) {
                    canceller.test(id);
                }
            }, chunkLimit);
            return service.execute(translated.sql(), new Session(user, translated.database()), options);
        } catch (SkyshardException e) {
            if (timedOut.get() && e.code() == CzarErrorCode.QUERY_CANCELLED) {
                throw new SkyshardException(TapErrorCode.TIMEOUT, "the query ran longer than its execution duration of "
                        + timeLimit.toSeconds() + " s and was stopped", e);
            }
            if (e.code() instanceof SqlErrorCode && e.code().category() == ErrorCategory.USER) {
                // positions in planner messages refer to the translated SQL: give the ADQL's when known,
                // else show the SQL they refer to
                String adql = translated.positions().rewrite(e.getMessage());
                if (adql != null) {
                    throw new SkyshardException(e.code(), adql, e);
                }
                throw new SkyshardException(e.code(), e.getMessage() + " [in the SQL translated from ADQL: "
                        + translated.sql().replace('\n', ' ') + "]", e);
            }
            throw e;
        } finally {
            timer.cancel(false);
        }
    }

    private List<UploadTable> readUploads(List<UploadSource> sources) {
        List<UploadTable> out = new ArrayList<>();
        long rows = 0;
        for (UploadSource s : sources) {
            UploadTable t = UploadReader.read(s.name(), s.read(config.maxUploadBytes(), config.uploadHosts()),
                    config.maxUploadRows() - rows);
            rows += t.rows().size();
            out.add(t);
        }
        return out;
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
