package io.skyshard.ingest.partition;

import io.skyshard.common.util.SortOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.catalog.ChunkRef;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import io.skyshard.ingest.data.ColumnData;
import io.skyshard.ingest.data.TableBlock;
import io.skyshard.ingest.sample.SampleBlock;
import io.skyshard.ingest.sample.SampleCatalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TestRowPartitioner {
    private static final RaBandChunking CHUNKING = new RaBandChunking(12, 0.5);
    private final SampleCatalog catalog = new SampleCatalog(11, 12_000, 4_000);

    private record Partitioned(ChunkedRows objects, ChunkedRows sources, RowPartitioner partitioner) {
    }

    @Test
    void clusteringOrdersABlockByChunkThenSortKeyKeepingTiesInInputOrder() {
        TableDef table = catalog.objectTable();
        SampleBlock sample = catalog.block(0);
        PartitionedBlock block = new RowPartitioner(CHUNKING).partitionDirector(table, sample.objects());
        PartitionedBlock clustered = block.clustered();
        int n = block.rowCount();
        assertThat(clustered.rowCount()).isEqualTo(n);
        assertThat(clustered.overlapRows().rowCount()).isEqualTo(block.overlapRows().rowCount());
        long[] before = ((ColumnData.Longs) block.rows().data("objectId")).values();
        long[] after = ((ColumnData.Longs) clustered.rows().data("objectId")).values();
        Map<Long, Integer> inputRow = new HashMap<>();
        for (int i = 0; i < n; i++) {
            inputRow.put(before[i], i);
        }
        for (int i = 0; i < n; i++) {
            int r = inputRow.get(after[i]);
            // every row keeps its own chunk and sort key
            assertThat(clustered.chunkIds()[i]).isEqualTo(block.chunkIds()[r]);
            assertThat(clustered.sortKeys()[i]).isEqualTo(block.sortKeys()[r]);
            if (i > 0) {
                int c0 = clustered.chunkIds()[i - 1];
                int c1 = clustered.chunkIds()[i];
                long k0 = clustered.sortKeys()[i - 1];
                long k1 = clustered.sortKeys()[i];
                assertThat(c0 < c1 || c0 == c1 && (k0 < k1 || k0 == k1 && inputRow.get(after[i - 1]) < r))
                        .as("row %d after row %d", i, i - 1).isTrue();
            }
        }
        // each chunk's rows are one run, in stored order
        for (int c : clustered.groups().chunkIds()) {
            int[] rows = clustered.groups().rowsOf(c);
            for (int j = 1; j < rows.length; j++) {
                assertThat(rows[j]).isEqualTo(rows[j - 1] + 1);
            }
        }
        int[] overlapChunks = clustered.overlapChunkIds();
        for (int i = 1; i < overlapChunks.length; i++) {
            assertThat(overlapChunks[i]).isGreaterThanOrEqualTo(overlapChunks[i - 1]);
        }
        assertThat(clustered.clustered()).isSameAs(clustered);
    }

    private Partitioned partitionAll(ChunkingFunction chunking) {
        RowPartitioner p = new RowPartitioner(chunking);
        ChunkedRows objects = new ChunkedRows(catalog.objectTable());
        ChunkedRows sources = new ChunkedRows(catalog.sourceTable());
        // Blocks in reverse order: the sequence numbers, not arrival order, must decide the result.
        for (int b = catalog.blockCount() - 1; b >= 0; b--) {
            SampleBlock block = catalog.block(b);
            objects.add(b, p.partitionDirector(catalog.objectTable(), block.objects()));
        }
        for (int b = 0; b < catalog.blockCount(); b++) {
            sources.add(b, p.partitionChild(catalog.sourceTable(), catalog.block(b).sources()));
        }
        return new Partitioned(objects, sources, p);
    }

    @Test
    void directorRowsGoToTheirChunkAndOverlapMatchesBruteForce() {
        Partitioned parts = partitionAll(CHUNKING);
        // Brute force: for every generated object, where it must be and which overlap tables must hold it.
        Map<Long, ChunkRef> expectedHome = new HashMap<>();
        Map<Integer, List<Long>> expectedOverlap = new TreeMap<>();
        for (int b = 0; b < catalog.blockCount(); b++) {
            TableBlock o = catalog.block(b).objects();
            long[] id = ((ColumnData.Longs) o.data("objectId")).values();
            double[] ra = ((ColumnData.Doubles) o.data("coord_ra")).values();
            double[] dec = ((ColumnData.Doubles) o.data("coord_dec")).values();
            for (int i = 0; i < id.length; i++) {
                expectedHome.put(id[i], CHUNKING.locate(ra[i], dec[i]));
                double width = 360.0 / CHUNKING.bands();
                for (int c = 0; c < CHUNKING.bands(); c++) {
                    if (c == expectedHome.get(id[i]).chunkId()) {
                        continue;
                    }
                    double dist = Math.min(RaBandChunking.distanceToMeridian(ra[i], dec[i], c * width),
                            RaBandChunking.distanceToMeridian(ra[i], dec[i], (c + 1) * width));
                    boolean adjacent = Math.floorMod(c - expectedHome.get(id[i]).chunkId(), CHUNKING.bands()) == 1
                            || Math.floorMod(expectedHome.get(id[i]).chunkId() - c, CHUNKING.bands()) == 1;
                    if (adjacent && dist < 0.5) {
                        expectedOverlap.computeIfAbsent(c, k -> new ArrayList<>()).add(id[i]);
                    }
                }
            }
        }
        long total = 0;
        for (int chunk : parts.objects().chunkIds()) {
            TableBlock rows = parts.objects().chunk(chunk);
            total += rows.rowCount();
            long[] id = ((ColumnData.Longs) rows.data("objectId")).values();
            long[] chunkCol = ((ColumnData.Longs) rows.data("chunkId")).values();
            long[] subCol = ((ColumnData.Longs) rows.data("subChunkId")).values();
            double[] ra = ((ColumnData.Doubles) rows.data("coord_ra")).values();
            double[] dec = ((ColumnData.Doubles) rows.data("coord_dec")).values();
            long previous = Long.MIN_VALUE;
            for (int i = 0; i < id.length; i++) {
                assertThat(chunkCol[i]).isEqualTo(chunk).isEqualTo(expectedHome.get(id[i]).chunkId());
                assertThat(subCol[i]).isEqualTo(expectedHome.get(id[i]).subChunkId());
                long key = CHUNKING.sortKey(ra[i], dec[i]);
                assertThat(key).isGreaterThanOrEqualTo(previous);
                previous = key;
            }
        }
        assertThat(total).isEqualTo(catalog.objectCount()).isEqualTo(parts.objects().rowCount());
        assertThat(parts.objects().chunk(99).rowCount()).isZero();

        Map<Integer, List<Long>> actualOverlap = new TreeMap<>();
        for (int chunk : parts.objects().overlapChunkIds()) {
            TableBlock rows = parts.objects().overlap(chunk);
            long[] id = ((ColumnData.Longs) rows.data("objectId")).values();
            long[] chunkCol = ((ColumnData.Longs) rows.data("chunkId")).values();
            for (int i = 0; i < id.length; i++) {
                // Overlap copies keep their home chunk: the table they are in says which chunk they serve.
                assertThat(chunkCol[i]).isEqualTo(expectedHome.get(id[i]).chunkId()).isNotEqualTo(chunk);
                actualOverlap.computeIfAbsent(chunk, k -> new ArrayList<>()).add(id[i]);
            }
        }
        expectedOverlap.values().forEach(l -> l.sort(null));
        actualOverlap.values().forEach(l -> l.sort(null));
        assertThat(actualOverlap).isEqualTo(expectedOverlap);
        assertThat(expectedOverlap).isNotEmpty();
    }

    @Test
    void childRowsFollowTheirDirector() {
        Partitioned parts = partitionAll(CHUNKING);
        long total = 0;
        for (int chunk : parts.sources().chunkIds()) {
            TableBlock objects = parts.objects().chunk(chunk);
            java.util.Set<Long> ids = new java.util.HashSet<>();
            for (long id : ((ColumnData.Longs) objects.data("objectId")).values()) {
                ids.add(id);
            }
            TableBlock sources = parts.sources().chunk(chunk);
            total += sources.rowCount();
            long[] obj = ((ColumnData.Longs) sources.data("objectId")).values();
            long[] chunkCol = ((ColumnData.Longs) sources.data("chunkId")).values();
            for (int i = 0; i < obj.length; i++) {
                assertThat(ids).contains(obj[i]);
                assertThat(chunkCol[i]).isEqualTo(chunk);
            }
            // Sources of one object are stored next to each other (sorted by the director's key).
            java.util.Set<Long> seen = new java.util.HashSet<>();
            for (int i = 0; i < obj.length; i++) {
                if (i > 0 && obj[i] != obj[i - 1]) {
                    assertThat(seen.add(obj[i - 1])).isTrue();
                }
            }
        }
        long generated = 0;
        for (int b = 0; b < catalog.blockCount(); b++) {
            generated += catalog.block(b).sources().rowCount();
        }
        assertThat(total).isEqualTo(generated);
        assertThat(parts.objects().chunkIds()).containsAll(parts.sources().chunkIds());
    }

    @Test
    void resultDoesNotDependOnBlockArrivalOrder() {
        Partitioned a = partitionAll(CHUNKING);
        RowPartitioner p = new RowPartitioner(CHUNKING);
        ChunkedRows objects = new ChunkedRows(catalog.objectTable());
        for (int b = 0; b < catalog.blockCount(); b++) {
            objects.add(b, p.partitionDirector(catalog.objectTable(), catalog.block(b).objects()));
        }
        for (int chunk : a.objects().chunkIds()) {
            assertThat(objects.chunk(chunk).checksum()).isEqualTo(a.objects().chunk(chunk).checksum());
        }
    }

    @Test
    void directorIndexEntriesCoverEveryObject() {
        Partitioned parts = partitionAll(CHUNKING);
        DirectorKeyMap.Entries e = parts.partitioner().directorKeys("Object").entries();
        assertThat(e.keys()).hasSize((int) catalog.objectCount());
        assertThat(e.keys()).isSorted();
        assertThat(e.keys()[0]).isEqualTo(SampleCatalog.OBJECT_ID_BASE);
    }

    @Test
    void unknownDirectorKeyIsNamed() {
        RowPartitioner p = new RowPartitioner(CHUNKING);
        p.partitionDirector(catalog.objectTable(), catalog.block(0).objects());
        TableBlock sources = catalog.block(1).sources();
        long firstKey = ((ColumnData.Longs) sources.data("objectId")).values()[0];
        assertThatThrownBy(() -> p.partitionChild(catalog.sourceTable(), sources))
                .isInstanceOfSatisfying(SkyshardException.class,
                        e -> assertThat(e.code()).isEqualTo(IngestErrorCode.UNKNOWN_DIRECTOR_KEY))
                .hasMessageContaining(Long.toString(firstKey))
                .hasMessageContaining("demo.Object");
    }

    @Test
    void childRowsWithoutADirectorRowArePlacedByTheirOwnPositionUnderPosition() {
        RowPartitioner p = new RowPartitioner(CHUNKING);
        p.partitionDirector(catalog.objectTable(), catalog.block(0).objects());
        TableDef plain = catalog.sourceTable();
        TableDef positioned = new TableDef(plain.database(), plain.name(), plain.kind(), plain.columns(), plain.directorKey(),
                "ra", "dec", plain.directorTable());
        DirectorLookup lookup = p.directorKeys("Object").lookup();

        // Block 0's sources have their directors: they follow them whatever the policy.
        TableBlock known = catalog.block(0).sources();
        RowPartitioner.Placed followed = p.partitionChild(positioned, known, lookup, UnknownKeyPolicy.POSITION, RowLocator.rows("b0", 1));
        assertThat(followed.placedByPosition()).isZero();
        assertThat(followed.block().rowCount()).isEqualTo(known.rowCount());

        // Block 1's sources have none: each goes to the chunk of its own (ra, dec).
        TableBlock orphans = catalog.block(1).sources();
        RowPartitioner.Placed placed = p.partitionChild(positioned, orphans, lookup, UnknownKeyPolicy.POSITION, RowLocator.rows("b1", 1));
        assertThat(placed.skipped()).isZero();
        assertThat(placed.placedByPosition()).isEqualTo(orphans.rowCount());
        TableBlock stored = placed.block().rows();
        double[] ra = ((ColumnData.Doubles) stored.data("ra")).values();
        double[] dec = ((ColumnData.Doubles) stored.data("dec")).values();
        long[] chunk = ((ColumnData.Longs) stored.data("chunkId")).values();
        long[] sub = ((ColumnData.Longs) stored.data("subChunkId")).values();
        for (int i = 0; i < stored.rowCount(); i++) {
            ChunkRef at = CHUNKING.locate(ra[i], dec[i]);
            assertThat(chunk[i]).isEqualTo(at.chunkId());
            assertThat(sub[i]).isEqualTo(at.subChunkId());
        }

        // Without position columns the same rows are skipped and counted; REJECT still names the first.
        RowPartitioner.Placed skipped = p.partitionChild(plain, orphans, lookup, UnknownKeyPolicy.POSITION, RowLocator.rows("b1", 1));
        assertThat(skipped.block().rowCount()).isZero();
        assertThat(skipped.skippedUnknownKey()).isEqualTo(orphans.rowCount());
        assertThatThrownBy(() -> p.partitionChild(positioned, orphans, lookup, UnknownKeyPolicy.REJECT, RowLocator.rows("b1", 1)))
                .isInstanceOfSatisfying(SkyshardException.class,
                        e -> assertThat(e.code()).isEqualTo(IngestErrorCode.UNKNOWN_DIRECTOR_KEY));

        // A row placed by its position must have a valid one.
        List<ColumnData> data = new ArrayList<>();
        for (int c = 0; c < orphans.columns().size(); c++) {
            if (orphans.columns().get(c).name().equals("dec")) {
                double[] d = ((ColumnData.Doubles) orphans.data(c)).values().clone();
                d[3] = -90.5;
                data.add(new ColumnData.Doubles(d, null));
            } else {
                data.add(orphans.data(c));
            }
        }
        TableBlock bad = new TableBlock(orphans.columns(), data, orphans.rowCount());
        assertThatThrownBy(() -> p.partitionChild(positioned, bad, lookup, UnknownKeyPolicy.POSITION, RowLocator.rows("bad.csv", 1)))
                .isInstanceOf(SkyshardException.class)
                .hasMessageContaining("bad.csv")
                .hasMessageContaining("-90.5");
    }

    @Test
    void duplicateDirectorKeyIsNamedAndLeavesTheMapUnchanged() {
        RowPartitioner p = new RowPartitioner(CHUNKING);
        TableBlock objects = catalog.block(0).objects();
        p.partitionDirector(catalog.objectTable(), objects);
        int before = p.directorKeys("Object").size();
        assertThatThrownBy(() -> p.partitionDirector(catalog.objectTable(), objects))
                .isInstanceOfSatisfying(SkyshardException.class,
                        e -> assertThat(e.code()).isEqualTo(IngestErrorCode.DUPLICATE_DIRECTOR_KEY))
                .hasMessageContaining(Long.toString(SampleCatalog.OBJECT_ID_BASE));
        assertThat(p.directorKeys("Object").size()).isEqualTo(before);
    }

    @Test
    void invalidPositionsAreRejected() {
        TableDef t = catalog.objectTable();
        TableBlock objects = catalog.block(0).objects();
        List<ColumnData> data = new ArrayList<>();
        for (int c = 0; c < objects.columns().size(); c++) {
            if (objects.columns().get(c).name().equals("coord_dec")) {
                double[] dec = ((ColumnData.Doubles) objects.data(c)).values().clone();
                dec[7] = 91.0;
                data.add(new ColumnData.Doubles(dec, null));
            } else {
                data.add(objects.data(c));
            }
        }
        TableBlock bad = new TableBlock(objects.columns(), data, objects.rowCount());
        assertThatThrownBy(() -> new RowPartitioner(CHUNKING).partitionDirector(t, bad))
                .isInstanceOf(SkyshardException.class)
                .hasMessageContaining(Long.toString(SampleCatalog.OBJECT_ID_BASE + 7))
                .hasMessageContaining("91.0");
    }

    @Test
    void keyMapSurvivesGrowthAndRollback() {
        DirectorKeyMap m = new DirectorKeyMap("T");
        int n = 50_000;
        long[] keys = new long[n];
        int[] chunks = new int[n];
        for (int i = 0; i < n; i++) {
            keys[i] = i * 1_000_003L;
            chunks[i] = i % 97;
        }
        m.putAll(keys, chunks, chunks, new long[n]);
        assertThatThrownBy(() -> m.putAll(new long[] {-1, -2, keys[123]}, new int[3], new int[3], new long[3]))
                .hasMessageContaining(Long.toString(keys[123]));
        assertThat(m.size()).isEqualTo(n);
        int[] c = new int[n];
        assertThat(m.resolve(keys, c, new int[n], new long[n])).isEqualTo(-1);
        assertThat(c).isEqualTo(chunks);
        assertThat(m.resolve(new long[] {keys[0], -1}, new int[2], new int[2], new long[2])).isEqualTo(1);
    }

    @Test
    void sortOrderIsStable() {
        long[] keys = {5, 1, 5, 0, 1, 5};
        assertThat(SortOrder.byKeys(keys)).containsExactly(3, 1, 4, 0, 2, 5);
        long[] big = new long[1000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (i * 7919L) % 101;
        }
        int[] order = SortOrder.byKeys(big);
        for (int i = 1; i < order.length; i++) {
            assertThat(big[order[i]] > big[order[i - 1]] || (big[order[i]] == big[order[i - 1]] && order[i] > order[i - 1])).isTrue();
        }
    }
}
