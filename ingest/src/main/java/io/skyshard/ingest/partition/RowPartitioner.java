package io.skyshard.ingest.partition;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ChunkRef;
import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.common.util.IntList;
import io.skyshard.common.util.LongList;
import io.skyshard.ingest.IngestErrorCode;
import io.skyshard.ingest.data.ColumnData;
import io.skyshard.ingest.data.TableBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Assigns rows of partitioned tables to chunks (DESIGN.md section 4): a director row goes to the
 * chunk and sub-chunk of its position and, when it lies within the overlap radius of other chunks,
 * is copied to their overlap tables; a child row goes wherever its director row went, found through
 * the director-key map filled while directors were partitioned. So every director block of a table
 * must be partitioned before any block of its children.
 *
 * <p>Thread-safe: blocks may be partitioned concurrently (the key maps are the only shared state).
 */
public final class RowPartitioner {
    private static final int[] NONE = new int[0];
    private final ChunkingFunction chunking;
    private final Map<String, DirectorKeyMap> directorKeys = new ConcurrentHashMap<>();

    public RowPartitioner(ChunkingFunction chunking) {
        this.chunking = requireNonNull(chunking, "chunking");
    }

    /** The key map of a director table (empty until its blocks are partitioned). */
    public DirectorKeyMap directorKeys(String directorTable) {
        return directorKeys.computeIfAbsent(directorTable.toLowerCase(Locale.ROOT), DirectorKeyMap::new);
    }

    public PartitionedBlock partition(TableDef table, TableBlock block) {
        return switch (table.kind()) {
            case DIRECTOR -> partitionDirector(table, block);
            case CHILD -> partitionChild(table, block);
            default -> throw new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH,
                    "table " + name(table) + " of kind " + table.kind() + " is not partitioned by this loader");
        };
    }

    public PartitionedBlock partitionDirector(TableDef table, TableBlock block) {
        return partitionDirector(table, block, true);
    }

    /** {@code withOverlap} false skips overlap copies (a single-node copy of the catalog has no use for them). */
    public PartitionedBlock partitionDirector(TableDef table, TableBlock block, boolean withOverlap) {
        requireKind(table, TableKind.DIRECTOR);
        TableBlock projected = block.project(table.columns());
        int n = projected.rowCount();
        long[] keys = keyColumn(table, projected, table.directorKey());
        double[] ra = positionColumn(table, projected, table.raColumn(), keys);
        double[] dec = positionColumn(table, projected, table.decColumn(), keys);
        int[] chunk = new int[n];
        int[] sub = new int[n];
        long[] sort = new long[n];
        IntList overlapRow = new IntList();
        IntList overlapChunk = new IntList();
        LongList overlapSort = new LongList();
        for (int i = 0; i < n; i++) {
            if (!(dec[i] >= -90.0 && dec[i] <= 90.0) || !Double.isFinite(ra[i])) {
                throw new SkyshardException(IngestErrorCode.INVALID_ROW, "table " + name(table) + " row with "
                        + table.directorKey() + " " + keys[i] + ": position (" + ra[i] + ", " + dec[i]
                        + ") is not a valid sky position");
            }
            ChunkRef ref = chunking.locate(ra[i], dec[i]);
            chunk[i] = ref.chunkId();
            sub[i] = ref.subChunkId();
            sort[i] = chunking.sortKey(ra[i], dec[i]);
            for (int other : withOverlap ? chunking.overlapChunks(ra[i], dec[i]) : NONE) {
                if (other != chunk[i]) {
                    overlapRow.add(i);
                    overlapChunk.add(other);
                    overlapSort.add(sort[i]);
                }
            }
        }
        directorKeys(table.name()).putAll(keys, chunk, sub, sort);
        TableBlock stored = stored(table, projected, chunk, sub);
        int[] oChunks = overlapChunk.toArray();
        TableBlock overlap = stored.select(overlapRow.toArray());
        return new PartitionedBlock(table, stored, chunk, sort, ChunkGroups.of(chunk),
                overlap, oChunks, overlapSort.toArray(), ChunkGroups.of(oChunks));
    }

    public PartitionedBlock partitionChild(TableDef table, TableBlock block) {
        requireKind(table, TableKind.CHILD);
        if (table.directorTable() == null) {
            throw new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH, "child table " + name(table) + " names no director table");
        }
        TableBlock projected = block.project(table.columns());
        int n = projected.rowCount();
        long[] keys = keyColumn(table, projected, table.directorKey());
        int[] chunk = new int[n];
        int[] sub = new int[n];
        long[] sort = new long[n];
        int missing = directorKeys(table.directorTable()).resolve(keys, chunk, sub, sort);
        if (missing >= 0) {
            throw new SkyshardException(IngestErrorCode.UNKNOWN_DIRECTOR_KEY, "table " + name(table) + ": "
                    + table.directorKey() + " " + keys[missing] + " has no row in director table "
                    + table.database() + "." + table.directorTable());
        }
        TableBlock stored = stored(table, projected, chunk, sub);
        TableBlock noOverlap = stored.select(new int[0]);
        return new PartitionedBlock(table, stored, chunk, sort, ChunkGroups.of(chunk),
                noOverlap, new int[0], new long[0], ChunkGroups.of(new int[0]));
    }

    /** Declared columns then chunkId/subChunkId, overriding any declared chunk columns with computed values. */
    private static TableBlock stored(TableDef table, TableBlock projected, int[] chunk, int[] sub) {
        List<ColumnDef> layout = table.storedColumns();
        List<ColumnData> data = new ArrayList<>(layout.size());
        for (ColumnDef c : layout) {
            if (c.name().equalsIgnoreCase(TableDef.CHUNK_ID)) {
                data.add(new ColumnData.Longs(widen(chunk), null));
            } else if (c.name().equalsIgnoreCase(TableDef.SUB_CHUNK_ID)) {
                data.add(new ColumnData.Longs(widen(sub), null));
            } else {
                data.add(projected.data(c.name()));
            }
        }
        return new TableBlock(layout, data, projected.rowCount());
    }

    private static long[] widen(int[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private static long[] keyColumn(TableDef table, TableBlock block, String column) {
        if (column == null) {
            throw new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH, "table " + name(table) + " has no director key column");
        }
        if (!(block.data(column) instanceof ColumnData.Longs keys)) {
            throw new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH,
                    "table " + name(table) + ": director key '" + column + "' must be an integer column");
        }
        if (keys.nulls() != null) {
            for (int i = 0; i < keys.size(); i++) {
                if (keys.nulls()[i]) {
                    throw new SkyshardException(IngestErrorCode.INVALID_ROW,
                            "table " + name(table) + " row " + i + " of block: director key '" + column + "' is NULL");
                }
            }
        }
        return keys.values();
    }

    private static double[] positionColumn(TableDef table, TableBlock block, String column, long[] keys) {
        if (column == null) {
            throw new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH, "director table " + name(table) + " has no position column");
        }
        ColumnData d = block.data(column);
        double[] out;
        boolean[] nulls;
        switch (d) {
            case ColumnData.Doubles x -> {
                out = x.values();
                nulls = x.nulls();
            }
            case ColumnData.Floats f -> {
                out = new double[f.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = f.values()[i];
                }
                nulls = f.nulls();
            }
            default -> throw new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH,
                    "table " + name(table) + ": position column '" + column + "' must be FLOAT or DOUBLE");
        }
        if (nulls != null) {
            for (int i = 0; i < nulls.length; i++) {
                if (nulls[i]) {
                    throw new SkyshardException(IngestErrorCode.INVALID_ROW, "table " + name(table) + " row with "
                            + table.directorKey() + " " + keys[i] + ": position column '" + column + "' is NULL");
                }
            }
        }
        return out;
    }

    private static void requireKind(TableDef table, TableKind kind) {
        if (table.kind() != kind) {
            throw new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH,
                    "table " + name(table) + " is " + table.kind() + ", expected " + kind);
        }
    }

    private static String name(TableDef t) {
        return t.database() + "." + t.name();
    }
}
