package io.skyshard.ingest.load;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.Partitioning;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import io.skyshard.ingest.data.TableBlock;
import io.skyshard.ingest.partition.ChunkingFunction;
import io.skyshard.ingest.partition.RowLocator;
import io.skyshard.ingest.partition.UnknownKeyPolicy;
import io.skyshard.ingest.sample.SampleCatalog;
import io.skyshard.ingest.service.ContributionRequest;
import io.skyshard.ingest.service.IngestService;
import io.skyshard.replication.registry.MetadataStore;
import io.skyshard.replication.transaction.ContributionRecord;
import io.skyshard.replication.transaction.TransactionRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Loads a whole catalog in one ingest transaction, through the same {@link IngestService} the REST
 * API uses: creates the database (unpublished) and its tables, begins a transaction, loads every
 * table as a contribution (directors before their children), commits and publishes. Until the
 * commit no query sees any of it; if anything fails the transaction is aborted and the database,
 * which this loader created, dropped again so its name can be reused.
 *
 * <p>The demo, the benchmark and the tests load the generated sample catalog this way; a pipeline
 * loads files through the REST API or {@code skyshard ingest}.
 */
public final class CatalogLoader implements AutoCloseable {
    private final IngestService service;
    private final boolean ownsService;

    /** A loader over a shared ingest service (the controller's). */
    public CatalogLoader(IngestService service) {
        this.service = requireNonNull(service, "service");
        this.ownsService = false;
    }

    /** A loader with its own ingest service over {@code store}; close it when done. */
    public CatalogLoader(MetadataStore store, WorkerConnections connections) {
        this(store, connections, LoadOptions.DEFAULT, ChunkingFunction::healpix);
    }

    public CatalogLoader(MetadataStore store, WorkerConnections connections, LoadOptions options,
            Function<Partitioning, ChunkingFunction> chunkingFactory) {
        this.service = new IngestService(store, connections, options, chunkingFactory, 3_000);
        this.ownsService = true;
    }

    public IngestService service() {
        return service;
    }

    /** Loads the sample catalog into database {@link SampleCatalog#DATABASE}, generating blocks in parallel. */
    public LoadReport loadSample(SampleCatalog catalog, Partitioning partitioning, ProgressListener progress) {
        DatabaseDef database = new DatabaseDef(catalog.database(), partitioning);
        return run(database, catalog.tables(), progress, txn -> {
            ExecutorService generators = Executors.newFixedThreadPool(Math.max(1, service.options().partitionThreads() / 2 + 1),
                    r -> {
                        Thread t = new Thread(r, "sample-generator");
                        t.setDaemon(true);
                        return t;
                    });
            try {
                int blocks = catalog.blockCount();
                progress.progress("partition", 0, blocks);
                long[] done = {0};
                ProgressListener perBlock = (phase, rows, total) -> {
                    if (phase.equals("read")) {
                        progress.progress("partition", Math.min(blocks, ++done[0]), blocks);
                    } else if (phase.equals("write")) {
                        progress.progress("load", rows, -1);
                    }
                };
                List<ContributionRecord> records = new ArrayList<>(service.contributeTables(txn.id(),
                        List.of(catalog.objectTable().name(), catalog.sourceTable().name()), "sample catalog (seed " + catalog.seed() + ")",
                        new SampleFeed(catalog, generators, Math.max(2, service.options().partitionThreads())), UnknownKeyPolicy.REJECT,
                        perBlock));
                records.add(contributeBlocks(txn, catalog.filterTable(), List.of(catalog.filterRows()).iterator(), progress));
                return records;
            } finally {
                generators.shutdownNow();
            }
        });
    }

    /**
     * Loads any catalog: {@code rows} gives each table's rows as blocks (columns in any order, named
     * as declared). Director tables are loaded before their children and match tables.
     */
    public LoadReport load(DatabaseDef database, List<TableDef> tables, Function<TableDef, Iterator<TableBlock>> rows,
            ProgressListener progress) {
        requireNonNull(rows, "rows");
        List<TableDef> ordered = registrationOrder(tables);
        return run(database, ordered, progress, txn -> {
            List<ContributionRecord> records = new ArrayList<>();
            for (TableDef t : ordered) {
                records.add(contributeBlocks(txn, t, rows.apply(t), progress));
            }
            return records;
        });
    }

    private ContributionRecord contributeBlocks(TransactionRecord txn, TableDef table, Iterator<TableBlock> blocks,
            ProgressListener progress) {
        return service.contribute(txn.id(), new ContributionRequest(table.name(), null, "rows of " + table.name(),
                UnknownKeyPolicy.REJECT, null), t -> new BlocksFeed(t, blocks), progress);
    }

    @FunctionalInterface
    private interface Contributions {
        List<ContributionRecord> load(TransactionRecord txn);
    }

    private LoadReport run(DatabaseDef database, List<TableDef> tables, ProgressListener progress, Contributions contributions) {
        requireNonNull(database, "database");
        requireNonNull(progress, "progress");
        long start = System.nanoTime();
        List<TableDef> ordered = registrationOrder(tables);
        for (TableDef t : ordered) {
            if (!t.database().equals(database.name())) {
                throw new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH,
                        "table " + t.database() + "." + t.name() + " does not belong to database " + database.name());
            }
        }
        int workers = service.store().catalog().workers().size();
        if (workers < service.options().replicas()) {
            throw new SkyshardException(IngestErrorCode.NOT_ENOUGH_WORKERS, "loading " + database.name() + " needs "
                    + service.options().replicas() + " worker(s) for its replicas, " + workers + " registered");
        }
        service.createDatabase(database);
        TransactionRecord txn = null;
        try {
            for (TableDef t : ordered) {
                service.createTable(t);
            }
            txn = service.begin(database.name(), "catalog load");
            List<ContributionRecord> records = contributions.load(txn);
            progress.progress("commit", 0, 1);
            service.commit(txn.id());
            progress.progress("commit", 1, 1);
            service.publish(database.name());
            progress.progress("publish", 1, 1);
            Map<String, Long> rowCounts = new LinkedHashMap<>();
            Map<String, Long> overlapCounts = new LinkedHashMap<>();
            for (ContributionRecord c : records) {
                rowCounts.merge(c.table(), c.stats().rowsLoaded(), Long::sum);
                TableDef t = service.store().catalog().table(database.name(), c.table()).orElseThrow();
                if (t.kind() == TableKind.DIRECTOR) {
                    overlapCounts.merge(c.table(), c.stats().overlapRows(), Long::sum);
                }
            }
            return new LoadReport(database.name(), rowCounts, overlapCounts, service.store().catalog().chunks(database.name()),
                    records.size(), Duration.ofNanos(System.nanoTime() - start));
        } catch (RuntimeException e) {
            cleanUp(database.name(), txn);
            throw e;
        }
    }

    /** Best effort: a failed load must not leave a registered database or orphan chunk tables behind. */
    private void cleanUp(String database, TransactionRecord txn) {
        try {
            if (txn != null) {
                service.abort(txn.id(), "catalog load failed");
            }
        } catch (RuntimeException ignored) {
            // the original failure is what the caller needs to see
        }
        try {
            service.dropDatabase(database);
        } catch (RuntimeException ignored) {
            // same: a worker down is cleaned when it is next purged
        }
    }

    /** Directors, then children (their director must be registered first), then the rest. */
    static List<TableDef> registrationOrder(List<TableDef> tables) {
        List<TableDef> out = new ArrayList<>();
        for (TableKind k : List.of(TableKind.DIRECTOR, TableKind.CHILD, TableKind.MATCH, TableKind.REPLICATED)) {
            for (TableDef t : tables) {
                if (t.kind() == k) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (ownsService) {
            service.close();
        }
    }

    /** Blocks handed in memory, one table. */
    private static final class BlocksFeed implements TableFeed {
        private final TableDef table;
        private final Iterator<TableBlock> blocks;
        private long rows;

        BlocksFeed(TableDef table, Iterator<TableBlock> blocks) {
            this.table = table;
            this.blocks = blocks;
        }

        @Override
        public Map<String, Batch> next() {
            if (!blocks.hasNext()) {
                return null;
            }
            TableBlock b = blocks.next();
            long first = rows + 1;
            rows += b.rowCount();
            return Map.of(table.name(), new Batch(b, RowLocator.rows("rows of " + table.name(), first)));
        }
    }
}
