package io.skyshard.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.catalog.ChunkRef;
import io.skyshard.common.catalog.ChunkTables;
import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.Partitioning;
import io.skyshard.common.catalog.WorkerInfo;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import io.skyshard.ingest.data.ColumnData;
import io.skyshard.ingest.data.TableBlock;
import io.skyshard.ingest.partition.RaBandChunking;
import io.skyshard.ingest.sample.SampleCatalog;
import io.skyshard.replication.registry.MetadataStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestCatalogLoader {
    private static final RaBandChunking CHUNKING = new RaBandChunking(24, 0.3);
    private final SampleCatalog catalog = new SampleCatalog(5, 20_000, 3_000);
    private FakeLoadWorker w1;
    private FakeLoadWorker w2;
    private MetadataStore registry;
    private WorkerConnections connections;

    @BeforeEach
    void start() throws Exception {
        w1 = new FakeLoadWorker();
        w2 = new FakeLoadWorker();
        registry = MetadataStore.inMemory();
        // Registered out of id order: placement must sort them.
        registry.registerWorker(new WorkerInfo("worker-b", "127.0.0.1", w2.port()));
        registry.registerWorker(new WorkerInfo("worker-a", "127.0.0.1", w1.port()));
        connections = new WorkerConnections();
    }

    private final List<CatalogLoader> loaders = new java.util.ArrayList<>();

    @AfterEach
    void stop() {
        loaders.forEach(CatalogLoader::close);
        connections.close();
        registry.close();
        w1.close();
        w2.close();
    }

    private CatalogLoader loader(int replicas) {
        return track(new CatalogLoader(registry, connections, new LoadOptions(replicas, 4, 1000, 2), p -> CHUNKING));
    }

    private CatalogLoader track(CatalogLoader loader) {
        loaders.add(loader);
        return loader;
    }

    @Test
    void loadsEveryChunkOnItsWorkerAndPublishesIndexAndPlacement() {
        Map<String, Long> lastProgress = new ConcurrentHashMap<>();
        LoadReport report = loader(1).loadSample(catalog, Partitioning.DEFAULT, (phase, done, total) -> lastProgress.merge(phase, done, Math::max));

        long sources = 0;
        for (int b = 0; b < catalog.blockCount(); b++) {
            sources += catalog.block(b).sources().rowCount();
        }
        assertThat(report.rows()).containsEntry("Object", 20_000L).containsEntry("Source", sources).containsEntry("Filter", 6L);
        assertThat(report.chunkCount()).isEqualTo(24);
        assertThat(lastProgress).containsEntry("partition", (long) catalog.blockCount());

        // Deterministic balanced placement: new chunks in ascending order, each to the least loaded worker.
        for (var e : report.placement().entrySet()) {
            assertThat(e.getValue()).containsExactly(e.getKey() % 2 == 0 ? "worker-a" : "worker-b");
        }
        assertThat(registry.snapshot().chunks("demo")).isEqualTo(report.placement());

        Map<String, FakeLoadWorker> byId = Map.of("worker-a", w1, "worker-b", w2);
        long objects = 0;
        long loadedSources = 0;
        long overlap = 0;
        for (var e : report.placement().entrySet()) {
            int chunk = e.getKey();
            Map<String, TableBlock> db = byId.get(e.getValue().get(0)).database("demo");
            TableBlock o = db.get(ChunkTables.chunkTable("Object", chunk));
            TableBlock s = db.get(ChunkTables.chunkTable("Source", chunk));
            TableBlock ov = db.get(ChunkTables.overlapTable("Object", chunk));
            assertThat(o).as("Object_%d", chunk).isNotNull();
            assertThat(s).as("Source_%d", chunk).isNotNull();
            assertThat(ov).as("ObjectFullOverlap_%d", chunk).isNotNull();
            assertThat(o.columns()).isEqualTo(catalog.objectTable().storedColumns().stream().map(ColumnDef::physical).toList());
            objects += o.rowCount();
            loadedSources += s.rowCount();
            overlap += ov.rowCount();
            // Stored sorted by the spatial key, all rows of this chunk.
            double[] ra = ((ColumnData.Doubles) o.data("coord_ra")).values();
            double[] dec = ((ColumnData.Doubles) o.data("coord_dec")).values();
            for (int i = 0; i < o.rowCount(); i++) {
                assertThat(CHUNKING.locate(ra[i], dec[i]).chunkId()).isEqualTo(chunk);
                if (i > 0) {
                    assertThat(CHUNKING.sortKey(ra[i], dec[i])).isGreaterThanOrEqualTo(CHUNKING.sortKey(ra[i - 1], dec[i - 1]));
                }
            }
            // The other worker holds nothing of this chunk.
            FakeLoadWorker other = e.getValue().get(0).equals("worker-a") ? w2 : w1;
            // (Tables are created empty on every worker through chunk 0, which holds no row then.)
            TableBlock elsewhere = other.database("demo").get(ChunkTables.chunkTable("Object", chunk));
            assertThat(elsewhere == null ? 0 : elsewhere.rowCount()).isZero();
        }
        assertThat(objects).isEqualTo(20_000);
        assertThat(loadedSources).isEqualTo(sources);
        assertThat(overlap).isEqualTo(report.overlapRows().get("Object")).isPositive();
        // Replicated table on every worker.
        for (FakeLoadWorker w : List.of(w1, w2)) {
            assertThat(w.database("demo").get("Filter").rowCount()).isEqualTo(6);
        }

        // Director index: every object, pointing at the chunk table that holds it.
        assertThat(registry.directorIndexSize("demo", "Object")).isEqualTo(20_000);
        List<Long> probe = List.of(SampleCatalog.OBJECT_ID_BASE, SampleCatalog.OBJECT_ID_BASE + 12_345, SampleCatalog.OBJECT_ID_BASE + 19_999);
        Map<Long, ChunkRef> found = registry.lookup("demo", "Object", probe);
        assertThat(found).hasSize(3);
        for (var f : found.entrySet()) {
            String worker = report.placement().get(f.getValue().chunkId()).get(0);
            TableBlock o = byId.get(worker).database("demo").get(ChunkTables.chunkTable("Object", f.getValue().chunkId()));
            int row = rowOf(o, f.getKey());
            assertThat(row).isNotNegative();
            assertThat(o.data("subChunkId").value(row)).isEqualTo((long) f.getValue().subChunkId());
        }
        assertThat(registry.snapshot().tables("demo")).hasSize(3);
    }

    @Test
    void chunkTablesShareStreamsPerWorkerWithWholeChunksInEach() {
        // 24 chunks, 12 per worker, 3 tables each: at most 7 tables a stream means 2 chunks (6 tables).
        LoadReport report = track(new CatalogLoader(registry, connections, new LoadOptions(1, 4, 1000, 2).withTablesPerStream(7), p -> CHUNKING))
                .loadSample(catalog, Partitioning.DEFAULT, ProgressListener.NONE);
        assertThat(report.chunkCount()).isEqualTo(24);
        // 6 chunk-table streams per worker, one per table creating it empty, and the replicated Filter's load.
        assertThat(w1.streams.get()).isEqualTo(6 + 3 + 1);
        assertThat(w2.streams.get()).isEqualTo(6 + 3 + 1);
        long objects = 0;
        for (FakeLoadWorker w : List.of(w1, w2)) {
            for (var e : w.database("demo").entrySet()) {
                if (e.getKey().startsWith("Object_")) {
                    objects += e.getValue().rowCount();
                }
            }
        }
        assertThat(objects).isEqualTo(20_000);
    }

    @Test
    void wideTablesSendFewerRowsPerBatch() {
        // 4 MB of row data a message at 8 bytes a value, never more than batchRows, never fewer than one row
        assertThat(LoadStream.rowsPerBatch(65_536, 9)).isEqualTo(58_254);
        assertThat(LoadStream.rowsPerBatch(65_536, 500)).isEqualTo(1_048);
        assertThat(LoadStream.rowsPerBatch(1_000, 9)).isEqualTo(1_000);
        assertThat(LoadStream.rowsPerBatch(65_536, 1_000_000)).isEqualTo(1);
        assertThat((long) LoadStream.rowsPerBatch(65_536, 27) * 27 * 8).isLessThanOrEqualTo(LoadOptions.BATCH_BYTES);
    }

    @Test
    void replicasGoToDistinctWorkers() {
        LoadReport report = loader(2).loadSample(new SampleCatalog(9, 3_000, 1_000), Partitioning.DEFAULT, ProgressListener.NONE);
        for (var e : report.placement().entrySet()) {
            assertThat(e.getValue()).containsExactlyInAnyOrder("worker-a", "worker-b");
            assertThat(w1.database("demo").get(ChunkTables.chunkTable("Source", e.getKey())).checksum())
                    .isEqualTo(w2.database("demo").get(ChunkTables.chunkTable("Source", e.getKey())).checksum());
        }
    }

    @Test
    void tooFewWorkersForTheReplicasFailsBeforeRegistering() {
        assertThatThrownBy(() -> loader(3).loadSample(catalog, Partitioning.DEFAULT, ProgressListener.NONE))
                .isInstanceOfSatisfying(SkyshardException.class, e -> assertThat(e.code()).isEqualTo(IngestErrorCode.NOT_ENOUGH_WORKERS))
                .hasMessageContaining("3 worker(s)");
        assertThat(registry.snapshot().database("demo")).isEmpty();
    }

    @Test
    void workerFailureNamesTheTableAndPublishesNothing() {
        w2.failTable = "Source";
        assertThatThrownBy(() -> loader(1).loadSample(new SampleCatalog(9, 3_000, 1_000), Partitioning.DEFAULT, ProgressListener.NONE))
                .isInstanceOfSatisfying(SkyshardException.class, e -> assertThat(e.code()).isEqualTo(IngestErrorCode.WORKER_LOAD_FAILED))
                .hasMessageContaining("worker-b")
                .hasMessageContaining("demo.Source")
                .hasMessageContaining("disk full");
        assertThat(registry.snapshot().database("demo")).isEmpty();
        assertThat(registry.snapshot().chunks("demo")).isEmpty();
        assertThat(registry.directorIndexSize("demo", "Object")).isZero();
        assertThat(w1.database("demo")).isEmpty();
    }

    /**
     * Table by table, children are placed through the director index (sorted by sub-chunk), the sample
     * path through the keys of its own pass (exact sort key): the same rows in every chunk table, in
     * an order that may differ inside a sub-chunk. Compared as sorted row sets.
     */
    @Test
    void genericLoadMatchesTheSampleLoad() throws Exception {
        SampleCatalog small = new SampleCatalog(9, 4_000, 1_000);
        LoadReport report = loader(1).load(new io.skyshard.common.catalog.DatabaseDef("demo", Partitioning.DEFAULT),
                small.tables(), t -> small.rows(t.name()), ProgressListener.NONE);
        Map<String, Long> checksums = new HashMap<>();
        w1.database("demo").forEach((k, v) -> checksums.put(k, sortedChecksum(v)));
        w2.database("demo").forEach((k, v) -> checksums.put(k + "@b", sortedChecksum(v)));

        try (MetadataStore other = MetadataStore.inMemory(); FakeLoadWorker x1 = new FakeLoadWorker(); FakeLoadWorker x2 = new FakeLoadWorker();
                WorkerConnections c = new WorkerConnections()) {
            other.registerWorker(new WorkerInfo("worker-a", "127.0.0.1", x1.port()));
            other.registerWorker(new WorkerInfo("worker-b", "127.0.0.1", x2.port()));
            LoadReport sample;
            try (CatalogLoader l = new CatalogLoader(other, c, new LoadOptions(1, 3, 700, 3), p -> CHUNKING)) {
                sample = l.loadSample(small, Partitioning.DEFAULT, ProgressListener.NONE);
            }
            assertThat(sample.rows()).isEqualTo(report.rows());
            assertThat(sample.placement()).isEqualTo(report.placement());
            Map<String, Long> sampleChecksums = new HashMap<>();
            x1.database("demo").forEach((k, v) -> sampleChecksums.put(k, sortedChecksum(v)));
            x2.database("demo").forEach((k, v) -> sampleChecksums.put(k + "@b", sortedChecksum(v)));
            assertThat(sampleChecksums).isEqualTo(checksums);
        }
    }

    /** Checksum of the rows ordered by their first column (a unique id in these tables). */
    private static long sortedChecksum(TableBlock block) {
        if (block.rowCount() == 0 || !(block.data(0) instanceof ColumnData.Longs ids)) {
            return block.checksum();
        }
        return block.select(io.skyshard.common.util.SortOrder.byKeys(ids.values())).checksum();
    }

    private static int rowOf(TableBlock block, long objectId) {
        long[] ids = ((ColumnData.Longs) block.data("objectId")).values();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == objectId) {
                return i;
            }
        }
        return -1;
    }
}
