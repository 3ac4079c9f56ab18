package io.skyshard.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.skyshard.common.catalog.ChunkRef;
import io.skyshard.common.catalog.ChunkTables;
import io.skyshard.common.catalog.Partitioning;
import io.skyshard.common.catalog.WorkerInfo;
import io.skyshard.ingest.data.ColumnData;
import io.skyshard.ingest.partition.ChunkingFunction;
import io.skyshard.ingest.sample.SampleBlock;
import io.skyshard.ingest.sample.SampleCatalog;
import io.skyshard.replication.registry.MetadataStore;
import io.skyshard.rpc.ChunkLoadServiceGrpc;
import io.skyshard.rpc.ListChunksRequest;
import io.skyshard.worker.WorkerConfig;
import io.skyshard.worker.WorkerServer;
import io.skyshard.worker.storage.StorageBackend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with real workers (DuckDB storage behind gRPC), the real HEALPix chunker and the real
 * metadata store. {@code -Dingest.e2eObjects=1000000} turns it into the load-speed check.
 */
class TestWorkerLoad {
    @TempDir
    Path dir;

    @Test
    void sampleLoadsOntoRealWorkers() throws Exception {
        long objects = Long.getLong("ingest.e2eObjects", 20_000);
        Partitioning partitioning = objects > 100_000 ? Partitioning.DEFAULT : new Partitioning(3, 7, 1.0 / 60.0);
        SampleCatalog catalog = new SampleCatalog(2024, objects, 10_000);
        try (WorkerServer a = new WorkerServer(WorkerConfig.local("w1", dir.resolve("w1"))).start();
                WorkerServer b = new WorkerServer(WorkerConfig.local("w2", dir.resolve("w2"))).start();
                MetadataStore registry = MetadataStore.inMemory();
                WorkerConnections connections = new WorkerConnections()) {
            registry.registerWorker(new WorkerInfo("w1", "127.0.0.1", a.port()));
            registry.registerWorker(new WorkerInfo("w2", "127.0.0.1", b.port()));
            long start = System.nanoTime();
            LoadReport report;
            try (CatalogLoader loader = new CatalogLoader(registry, connections)) {
                report = loader.loadSample(catalog, partitioning, ProgressListener.NONE);
            }
            System.out.printf("loaded %s in %d ms: %d chunks, %d streams%n", report.rows(),
                    (System.nanoTime() - start) / 1_000_000, report.chunkCount(), report.streams());

            // Expected rows per chunk, computed independently of the partitioner.
            ChunkingFunction chunking = ChunkingFunction.healpix(partitioning);
            Map<Integer, Long> expectedObjects = new TreeMap<>();
            Map<Integer, Long> expectedSources = new TreeMap<>();
            Map<Long, Integer> chunkOf = new java.util.HashMap<>();
            for (int i = 0; i < catalog.blockCount(); i++) {
                SampleBlock blk = catalog.block(i);
                long[] id = ((ColumnData.Longs) blk.objects().data("objectId")).values();
                double[] ra = ((ColumnData.Doubles) blk.objects().data("coord_ra")).values();
                double[] dec = ((ColumnData.Doubles) blk.objects().data("coord_dec")).values();
                for (int r = 0; r < id.length; r++) {
                    int c = chunking.locate(ra[r], dec[r]).chunkId();
                    chunkOf.put(id[r], c);
                    expectedObjects.merge(c, 1L, Long::sum);
                }
                for (long o : ((ColumnData.Longs) blk.sources().data("objectId")).values()) {
                    expectedSources.merge(chunkOf.get(o), 1L, Long::sum);
                }
            }
            assertThat(report.placement().keySet()).isEqualTo(expectedObjects.keySet());

            Map<String, WorkerServer> servers = Map.of("w1", a, "w2", b);
            for (String id : List.of("w1", "w2")) {
                WorkerInfo info = registry.snapshot().worker(id).orElseThrow();
                ManagedChannel channel = connections.channel(info);
                Set<String> listed = new HashSet<>(ChunkLoadServiceGrpc.newBlockingStub(channel)
                        .listChunks(ListChunksRequest.newBuilder().setDatabase("demo").build()).getTablesList());
                // Chunk tables without rows do not exist: an overlap may be empty, and a chunk's Source
                // table is when none of its objects has sources.
                Set<String> expected = new HashSet<>();
                Set<String> possibleOverlaps = new HashSet<>();
                expected.add("Filter");
                report.placement().forEach((chunk, workers) -> {
                    if (workers.contains(id)) {
                        expected.add(ChunkTables.chunkTable("Object", chunk));
                        possibleOverlaps.add(ChunkTables.overlapTable("Object", chunk));
                        if (expectedSources.getOrDefault(chunk, 0L) > 0) {
                            expected.add(ChunkTables.chunkTable("Source", chunk));
                        }
                    }
                });
                Set<String> overlaps = new HashSet<>(listed);
                overlaps.removeAll(expected);
                assertThat(possibleOverlaps).containsAll(overlaps);
                assertThat(overlaps).isNotEmpty();
                assertThat(listed).containsAll(expected);

                // Straight from the worker's DuckDB, chunk by chunk.
                if (objects <= 100_000) {
                    StorageBackend backend = servers.get(id).backend();
                    try (Connection conn = backend.openConnection(); Statement st = conn.createStatement()) {
                        for (var e : report.placement().entrySet()) {
                            if (!e.getValue().contains(id)) {
                                continue;
                            }
                            int[] chunk = {e.getKey()};
                            assertThat(count(st, backend.chunkSource("demo", "Object", chunk))).isEqualTo(expectedObjects.get(e.getKey()));
                            assertThat(count(st, backend.chunkSource("demo", "Source", chunk)))
                                    .isEqualTo(expectedSources.getOrDefault(e.getKey(), 0L));
                        }
                        assertThat(count(st, "demo.\"Filter\"")).isEqualTo(6);
                        // NULLs survived the trip.
                        long nulls = 0;
                        long all = 0;
                        for (var e : report.placement().entrySet()) {
                            if (e.getValue().contains(id)) {
                                try (ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE u_psfFlux IS NULL), count(*) FROM "
                                        + backend.chunkSource("demo", "Object", new int[] {e.getKey()}))) {
                                    rs.next();
                                    nulls += rs.getLong(1);
                                    all += rs.getLong(2);
                                }
                            }
                        }
                        assertThat(nulls).isPositive().isLessThan(all / 10);
                    }
                }
            }
            assertThat(registry.directorIndexSize("demo", "Object")).isEqualTo((int) objects);
            Map<Long, ChunkRef> found = registry.lookup("demo", "Object", List.of(SampleCatalog.OBJECT_ID_BASE + 17));
            assertThat(found.get(SampleCatalog.OBJECT_ID_BASE + 17).chunkId()).isEqualTo(chunkOf.get(SampleCatalog.OBJECT_ID_BASE + 17));
        }
    }

    private static long count(Statement st, String source) throws Exception {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + source)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
