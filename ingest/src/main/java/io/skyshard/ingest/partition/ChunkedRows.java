package io.skyshard.ingest.partition;

import io.skyshard.common.util.SortOrder;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.ingest.data.GatheredRows;
import io.skyshard.ingest.data.TableBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * All partitioned blocks of one table, from which the rows of any chunk (or its overlap table) are
 * pulled sorted by the spatial sort key. Blocks may be added from several threads.
 */
public final class ChunkedRows {
    private final TableDef table;
    private final java.util.TreeMap<Long, PartitionedBlock> blocks = new java.util.TreeMap<>();

    public ChunkedRows(TableDef table) {
        this.table = table;
    }

    public TableDef table() {
        return table;
    }

    /**
     * Adds a block. {@code sequence} (e.g. the block's position in the input) fixes the order of rows
     * with equal sort keys, so the stored order does not depend on which thread finished first.
     */
    public void add(long sequence, PartitionedBlock block) {
        // Clustered by the caller's thread, outside the lock: partitioning threads do it in parallel.
        PartitionedBlock clustered = block.clustered();
        synchronized (this) {
            if (blocks.putIfAbsent(sequence, clustered) != null) {
                throw new IllegalArgumentException("block sequence " + sequence + " added twice for table " + table.name());
            }
        }
    }

    private synchronized List<PartitionedBlock> snapshot() {
        return List.copyOf(blocks.values());
    }

    public synchronized long rowCount() {
        return blocks.values().stream().mapToLong(PartitionedBlock::rowCount).sum();
    }

    public synchronized long overlapRowCount() {
        return blocks.values().stream().mapToLong(b -> b.overlapRows().rowCount()).sum();
    }

    public SortedSet<Integer> chunkIds() {
        SortedSet<Integer> out = new TreeSet<>();
        for (PartitionedBlock b : snapshot()) {
            for (int c : b.groups().chunkIds()) {
                out.add(c);
            }
        }
        return out;
    }

    public SortedSet<Integer> overlapChunkIds() {
        SortedSet<Integer> out = new TreeSet<>();
        for (PartitionedBlock b : snapshot()) {
            for (int c : b.overlapGroups().chunkIds()) {
                out.add(c);
            }
        }
        return out;
    }

    /** Rows {@link #chunk} would return, without gathering them. */
    public long chunkRowCount(int chunkId) {
        long n = 0;
        for (PartitionedBlock b : snapshot()) {
            n += b.groups().countOf(chunkId);
        }
        return n;
    }

    /** Rows {@link #overlap} would return, without gathering them. */
    public long overlapRowCount(int chunkId) {
        long n = 0;
        for (PartitionedBlock b : snapshot()) {
            n += b.overlapGroups().countOf(chunkId);
        }
        return n;
    }

    /** The rows of a chunk in stored layout, ordered by sort key (ties: block order, then row order). */
    public TableBlock chunk(int chunkId) {
        return chunkRows(chunkId).toBlock();
    }

    /** The rows of a chunk's overlap table in stored layout, ordered by sort key. */
    public TableBlock overlap(int chunkId) {
        return overlapRows(chunkId).toBlock();
    }

    /** The rows {@link #chunk} copies into a block, as a selection of the blocks holding them. */
    public GatheredRows chunkRows(int chunkId) {
        return collect(chunkId, false);
    }

    /** The rows {@link #overlap} copies into a block, as a selection of the blocks holding them. */
    public GatheredRows overlapRows(int chunkId) {
        return collect(chunkId, true);
    }

    private GatheredRows collect(int chunkId, boolean overlap) {
        List<TableBlock> sources = new ArrayList<>();
        List<int[]> rows = new ArrayList<>();
        List<long[]> keys = new ArrayList<>();
        int total = 0;
        for (PartitionedBlock b : snapshot()) {
            int[] r = (overlap ? b.overlapGroups() : b.groups()).rowsOf(chunkId);
            if (r.length > 0) {
                sources.add(overlap ? b.overlapRows() : b.rows());
                rows.add(r);
                keys.add(overlap ? b.overlapSortKeys() : b.sortKeys());
                total += r.length;
            }
        }
        if (total == 0) {
            return new GatheredRows(table.storedColumns(), List.of(), new int[0], new int[0]);
        }
        long[] sortKeys = new long[total];
        int[] part = new int[total];
        int[] row = new int[total];
        int o = 0;
        for (int p = 0; p < rows.size(); p++) {
            for (int r : rows.get(p)) {
                sortKeys[o] = keys.get(p)[r];
                part[o] = p;
                row[o++] = r;
            }
        }
        // Gathered straight into sort-key order: one copy of the rows, not a concatenation then a reorder.
        int[] order = SortOrder.byKeys(sortKeys);
        int[] sortedPart = new int[total];
        int[] sortedRow = new int[total];
        for (int i = 0; i < total; i++) {
            sortedPart[i] = part[order[i]];
            sortedRow[i] = row[order[i]];
        }
        return new GatheredRows(table.storedColumns(), sources, sortedPart, sortedRow);
    }
}
