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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Assigns rows of partitioned tables to chunks (DESIGN.md section 4): a director row goes to the
 * chunk and sub-chunk of its position and, when it lies within the overlap radius of other chunks,
 * is copied to their overlap tables; a child row goes wherever its director row went; a match row
 * (a pair of two directors' rows, Qserv's "ref-match" tables) goes to the chunk of each of its two
 * director rows, once when both are in the same chunk, with its flag column telling which of them
 * the chunk holds (bit 1: the first director's row, bit 2: the second's), as Qserv's match
 * partitioner does.
 *
 * <p>Director rows go into the partitioner's own key map, which is where {@link #partition} looks up
 * children of directors partitioned by the same partitioner; the {@link DirectorLookup} variants
 * look keys up wherever the caller says (the key map, the cluster's director index, or both).
 *
 * <p>Every bad row fails the block with an error naming the row ({@link RowLocator}), the column and
 * the reason. Thread-safe: blocks may be partitioned concurrently (the key maps are the only shared
 * state).
 */
public final class RowPartitioner {
    private static final int[] NONE = new int[0];
    private final ChunkingFunction chunking;
    private final Map<String, DirectorKeyMap> directorKeys = new ConcurrentHashMap<>();

    /**
     * A partitioned block, the rows dropped under {@link UnknownKeyPolicy#SKIP} (or
     * {@link UnknownKeyPolicy#POSITION} when they have no position), and the rows placed by their own
     * position under {@link UnknownKeyPolicy#POSITION}.
     */
    public record Placed(PartitionedBlock block, long skippedNullKey, long skippedUnknownKey, long placedByPosition) {
        public Placed(PartitionedBlock block, long skippedNullKey, long skippedUnknownKey) {
            this(block, skippedNullKey, skippedUnknownKey, 0);
        }

        public long skipped() {
            return skippedNullKey + skippedUnknownKey;
        }
    }

    public RowPartitioner(ChunkingFunction chunking) {
        this.chunking = requireNonNull(chunking, "chunking");
    }

    public ChunkingFunction chunking() {
        return chunking;
    }

    /** The key map of a director table (empty until its blocks are partitioned). */
    public DirectorKeyMap directorKeys(String directorTable) {
        return directorKeys.computeIfAbsent(directorTable.toLowerCase(Locale.ROOT), k -> new DirectorKeyMap(directorTable));
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
        return partitionDirector(table, block, withOverlap, RowLocator.rows("block", 1));
    }

    public PartitionedBlock partitionDirector(TableDef table, TableBlock block, boolean withOverlap, RowLocator at) {
        requireKind(table, TableKind.DIRECTOR);
        TableBlock projected = block.project(table.columns());
        int n = projected.rowCount();
        long[] keys = keyColumn(table, projected, table.directorKey(), at, true).values();
        double[] ra = positionColumn(table, projected, table.raColumn(), at);
        double[] dec = positionColumn(table, projected, table.decColumn(), at);
        int[] chunk = new int[n];
        int[] sub = new int[n];
        long[] sort = new long[n];
        IntList overlapRow = new IntList();
        IntList overlapChunk = new IntList();
        LongList overlapSort = new LongList();
        for (int i = 0; i < n; i++) {
            if (!(dec[i] >= -90.0 && dec[i] <= 90.0) || !Double.isFinite(ra[i])) {
                throw new SkyshardException(IngestErrorCode.INVALID_ROW, at.describeRow(i) + ": table " + name(table) + " row with "
                        + table.directorKey() + " " + keys[i] + ": position (" + ra[i] + ", " + dec[i]
                        + ") is not a valid sky position (" + table.raColumn() + " must be finite, " + table.decColumn()
                        + " in [-90, 90])");
            }
            sort[i] = chunking.sortKey(ra[i], dec[i]);
            ChunkRef ref = chunking.locate(ra[i], dec[i], sort[i]);
            chunk[i] = ref.chunkId();
            sub[i] = ref.subChunkId();
            for (int other : withOverlap ? chunking.overlapChunks(ra[i], dec[i], sort[i]) : NONE) {
                if (other != chunk[i]) {
                    overlapRow.add(i);
                    overlapChunk.add(other);
                    overlapSort.add(sort[i]);
                }
            }
        }
        long[] lines = new long[n];
        for (int i = 0; i < n; i++) {
            lines[i] = at.line(i);
        }
        directorKeys(table.name()).putAll(keys, chunk, sub, sort, lines, at::describe);
        TableBlock stored = stored(table, projected, chunk, sub);
        int[] oChunks = overlapChunk.toArray();
        TableBlock overlap = stored.select(overlapRow.toArray());
        return new PartitionedBlock(table, stored, chunk, sort, ChunkGroups.of(chunk),
                overlap, oChunks, overlapSort.toArray(), ChunkGroups.of(oChunks));
    }

    /** Children of directors partitioned by this partitioner; an unknown or NULL key fails the block. */
    public PartitionedBlock partitionChild(TableDef table, TableBlock block) {
        return partitionChild(table, block, directorKeys(directorOf(table)).lookup(), UnknownKeyPolicy.REJECT,
                RowLocator.rows("block", 1)).block();
    }

    /**
     * Children whose director rows {@code lookup} finds, stored with their director row's chunk and
     * sub-chunk (so director-child joins are chunk-local whatever the child's own position); rows with a
     * NULL or unknown key follow {@code policy}.
     */
    public Placed partitionChild(TableDef table, TableBlock block, DirectorLookup lookup, UnknownKeyPolicy policy, RowLocator at) {
        requireKind(table, TableKind.CHILD);
        String director = directorOf(table);
        TableBlock projected = block.project(table.columns());
        int n = projected.rowCount();
        ColumnData.Longs keyData = keyColumn(table, projected, table.directorKey(), at, false);
        Resolved r = resolve(keyData, lookup);
        boolean byPosition = policy == UnknownKeyPolicy.POSITION && table.raColumn() != null && table.decColumn() != null;
        double[] ra = null;
        double[] dec = null;
        int[] keep = new int[n];
        int kept = 0;
        long skippedNull = 0;
        long skippedUnknown = 0;
        long placed = 0;
        for (int i = 0; i < n; i++) {
            if (r.chunk[i] >= 0) {
                keep[kept++] = i;
                continue;
            }
            boolean isNull = keyData.isNull(i);
            if (policy == UnknownKeyPolicy.REJECT) {
                throw isNull
                        ? new SkyshardException(IngestErrorCode.INVALID_ROW, at.describeRow(i) + ": table " + name(table)
                                + ": director key " + table.directorKey() + " is NULL")
                        : new SkyshardException(IngestErrorCode.UNKNOWN_DIRECTOR_KEY, at.describeRow(i) + ": table " + name(table)
                                + ": " + table.directorKey() + " = " + keyData.values()[i] + " has no row in director table "
                                + table.database() + "." + director);
            }
            if (byPosition) {
                if (ra == null) {
                    ra = positionValues(table, projected, table.raColumn());
                    dec = positionValues(table, projected, table.decColumn());
                }
                // A NULL position (NaN here) cannot place the row: it is dropped and counted below.
                if (!Double.isNaN(ra[i]) || !Double.isNaN(dec[i])) {
                    if (!(dec[i] >= -90.0 && dec[i] <= 90.0) || !Double.isFinite(ra[i])) {
                        throw new SkyshardException(IngestErrorCode.INVALID_ROW, at.describeRow(i) + ": table " + name(table)
                                + ": row without a director row placed by its position (" + ra[i] + ", " + dec[i]
                                + "), which is not a valid sky position (" + table.raColumn() + " must be finite, "
                                + table.decColumn() + " in [-90, 90])");
                    }
                    r.sort[i] = chunking.sortKey(ra[i], dec[i]);
                    ChunkRef ref = chunking.locate(ra[i], dec[i], r.sort[i]);
                    r.chunk[i] = ref.chunkId();
                    r.sub[i] = ref.subChunkId();
                    keep[kept++] = i;
                    placed++;
                    continue;
                }
            }
            if (isNull) {
                skippedNull++;
            } else {
                skippedUnknown++;
            }
        }
        int[] rows = kept == n ? null : Arrays.copyOf(keep, kept);
        TableBlock kept0 = rows == null ? projected : projected.select(rows);
        int[] chunk = rows == null ? r.chunk : select(r.chunk, rows);
        int[] sub = rows == null ? r.sub : select(r.sub, rows);
        long[] sort = rows == null ? r.sort : select(r.sort, rows);
        TableBlock stored = stored(table, kept0, chunk, sub);
        return new Placed(new PartitionedBlock(table, stored, chunk, sort, ChunkGroups.of(chunk),
                stored.select(new int[0]), new int[0], new long[0], ChunkGroups.of(new int[0])), skippedNull, skippedUnknown,
                placed);
    }

    /**
     * Match rows: each goes to the chunk of its first director's row and to that of its second's
     * (once when they are the same chunk), {@code chunkId}/{@code subChunkId} being those of the
     * director row the copy is stored with, and the flag column (if any) saying which director rows
     * the chunk holds. A NULL key means "no match on that side"; a row with neither side, or (under
     * REJECT) with a key that has no director row, fails the block.
     */
    public Placed partitionMatch(TableDef table, TableBlock block, DirectorLookup first, DirectorLookup second,
            UnknownKeyPolicy policy, RowLocator at) {
        requireKind(table, TableKind.MATCH);
        TableBlock projected = block.project(table.columns());
        int n = projected.rowCount();
        ColumnData.Longs k1 = keyColumn(table, projected, table.directorKey(), at, false);
        ColumnData.Longs k2 = keyColumn(table, projected, table.directorKey2(), at, false);
        Resolved r1 = resolve(k1, first);
        Resolved r2 = resolve(k2, second);
        IntList rowOf = new IntList();
        IntList chunks = new IntList();
        IntList subs = new IntList();
        LongList sorts = new LongList();
        IntList flags = new IntList();
        long skippedNull = 0;
        long skippedUnknown = 0;
        for (int i = 0; i < n; i++) {
            boolean unknown1 = !k1.isNull(i) && r1.chunk[i] < 0;
            boolean unknown2 = !k2.isNull(i) && r2.chunk[i] < 0;
            if (unknown1 || unknown2) {
                if (policy == UnknownKeyPolicy.REJECT) {
                    String col = unknown1 ? table.directorKey() : table.directorKey2();
                    long key = unknown1 ? k1.values()[i] : k2.values()[i];
                    String dir = unknown1 ? table.directorTable() : table.directorTable2();
                    throw new SkyshardException(IngestErrorCode.UNKNOWN_DIRECTOR_KEY, at.describeRow(i) + ": table " + name(table)
                            + ": " + col + " = " + key + " has no row in director table " + table.database() + "." + dir);
                }
                skippedUnknown++;
                continue;
            }
            if (k1.isNull(i) && k2.isNull(i)) {
                if (policy == UnknownKeyPolicy.REJECT) {
                    throw new SkyshardException(IngestErrorCode.INVALID_ROW, at.describeRow(i) + ": table " + name(table)
                            + ": both director keys " + table.directorKey() + " and " + table.directorKey2() + " are NULL");
                }
                skippedNull++;
                continue;
            }
            boolean has1 = r1.chunk[i] >= 0;
            boolean has2 = r2.chunk[i] >= 0;
            if (has1 && has2 && r1.chunk[i] == r2.chunk[i]) {
                add(rowOf, chunks, subs, sorts, flags, i, r1.chunk[i], r1.sub[i], r1.sort[i], 3);
                continue;
            }
            if (has1) {
                add(rowOf, chunks, subs, sorts, flags, i, r1.chunk[i], r1.sub[i], r1.sort[i], 1);
            }
            if (has2) {
                add(rowOf, chunks, subs, sorts, flags, i, r2.chunk[i], r2.sub[i], r2.sort[i], 2);
            }
        }
        TableBlock copies = projected.select(rowOf.toArray());
        if (table.flagColumn() != null) {
            copies = withFlags(table, copies, flags.toArray());
        }
        int[] chunk = chunks.toArray();
        TableBlock stored = stored(table, copies, chunk, subs.toArray());
        return new Placed(new PartitionedBlock(table, stored, chunk, sorts.toArray(), ChunkGroups.of(chunk),
                stored.select(new int[0]), new int[0], new long[0], ChunkGroups.of(new int[0])), skippedNull, skippedUnknown);
    }

    private static void add(IntList rowOf, IntList chunks, IntList subs, LongList sorts, IntList flags, int row, int chunk, int sub,
            long sort, int flag) {
        rowOf.add(row);
        chunks.add(chunk);
        subs.add(sub);
        sorts.add(sort);
        flags.add(flag);
    }

    /** The block with the flag column set (added when the table's schema does not declare it: see TableDef). */
    private static TableBlock withFlags(TableDef table, TableBlock block, int[] flags) {
        long[] v = new long[flags.length];
        for (int r = 0; r < v.length; r++) {
            v[r] = flags[r];
        }
        ColumnData.Longs values = new ColumnData.Longs(v, null);
        java.util.Optional<Integer> at = block.indexOf(table.flagColumn());
        List<ColumnDef> columns = new ArrayList<>(block.columns());
        List<ColumnData> data = new ArrayList<>();
        for (int i = 0; i < block.columns().size(); i++) {
            data.add(block.data(i));
        }
        if (at.isPresent()) {
            ColumnDef c = block.columns().get(at.get());
            if (ColumnData.kindOf(c.type()) != ColumnData.Kind.LONG) {
                throw new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH, "table " + name(table) + ": flag column '"
                        + table.flagColumn() + "' must be an integer column, it is " + c.type());
            }
            data.set(at.get(), values);
        } else {
            columns.add(ColumnDef.notNull(table.flagColumn(), io.skyshard.common.catalog.ColumnType.INTEGER));
            data.add(values);
        }
        return new TableBlock(columns, data, block.rowCount());
    }

    /** Chunk, sub-chunk and sort key per row; chunk -1 for a NULL or unknown key. */
    private record Resolved(int[] chunk, int[] sub, long[] sort) {
    }

    private Resolved resolve(ColumnData.Longs keys, DirectorLookup lookup) {
        int n = keys.size();
        int[] chunk = new int[n];
        int[] sub = new int[n];
        long[] sort = new long[n];
        Arrays.fill(chunk, -1);
        long[] values = keys.values();
        if (keys.nulls() != null) {
            // NULL keys are never looked up: mark them found-as-nothing with -2, restored to -1 below.
            for (int i = 0; i < n; i++) {
                if (keys.nulls()[i]) {
                    chunk[i] = -2;
                }
            }
        }
        lookup.resolve(values, chunk, sub, sort);
        for (int i = 0; i < n; i++) {
            if (chunk[i] == -2) {
                chunk[i] = -1;
            }
        }
        return new Resolved(chunk, sub, sort);
    }

    /** The lookup of the cluster's director index adapted to sort keys: chunk and sub-chunk only. */
    public DirectorLookup indexLookup(IndexResolver index) {
        return (keys, chunkOut, subOut, sortOut) -> {
            int[] wanted = new int[keys.length];
            int count = 0;
            for (int i = 0; i < keys.length; i++) {
                if (chunkOut[i] == -1) {
                    wanted[count++] = i;
                }
            }
            if (count == 0) {
                return 0;
            }
            long[] k = new long[count];
            for (int j = 0; j < count; j++) {
                k[j] = keys[wanted[j]];
            }
            int[] c = new int[count];
            int[] s = new int[count];
            int missing = index.resolve(k, c, s);
            for (int j = 0; j < count; j++) {
                int i = wanted[j];
                if (c[j] >= 0) {
                    chunkOut[i] = c[j];
                    subOut[i] = s[j];
                    sortOut[i] = chunking.subChunkSortKey(c[j], s[j]);
                }
            }
            return missing;
        };
    }

    /** Key -> (chunk, sub-chunk) resolution of a director index; {@code chunkOut[i] = -1} when absent. */
    @FunctionalInterface
    public interface IndexResolver {
        /** @return the number of keys not found */
        int resolve(long[] keys, int[] chunkOut, int[] subOut);
    }

    private static String directorOf(TableDef table) {
        if (table.directorTable() == null) {
            throw new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH, "child table " + name(table) + " names no director table");
        }
        return table.directorTable();
    }

    private static int[] select(int[] v, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = v[rows[i]];
        }
        return out;
    }

    private static long[] select(long[] v, int[] rows) {
        long[] out = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = v[rows[i]];
        }
        return out;
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

    private static ColumnData.Longs keyColumn(TableDef table, TableBlock block, String column, RowLocator at, boolean notNull) {
        if (column == null) {
            throw new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH, "table " + name(table) + " has no director key column");
        }
        if (!(block.data(column) instanceof ColumnData.Longs keys)) {
            throw new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH,
                    "table " + name(table) + ": director key '" + column + "' must be an integer column");
        }
        if (notNull && keys.nulls() != null) {
            for (int i = 0; i < keys.size(); i++) {
                if (keys.nulls()[i]) {
                    throw new SkyshardException(IngestErrorCode.INVALID_ROW,
                            at.describeRow(i) + ": table " + name(table) + ": director key " + column + " is NULL");
                }
            }
        }
        return keys;
    }

    /** A position column's values as doubles (shared with the block for DOUBLE) and its NULL flags (null: none). */
    private record Positions(double[] values, boolean[] nulls) {
    }

    private static Positions positions(TableDef table, TableBlock block, String column) {
        return switch (block.data(column)) {
            case ColumnData.Doubles x -> new Positions(x.values(), x.nulls());
            case ColumnData.Floats f -> {
                double[] out = new double[f.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = f.values()[i];
                }
                yield new Positions(out, f.nulls());
            }
            default -> throw new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH,
                    "table " + name(table) + ": position column '" + column + "' must be FLOAT or DOUBLE");
        };
    }

    /** A position column's values with NaN for NULLs (a child's own position, needed for a few rows only). */
    private static double[] positionValues(TableDef table, TableBlock block, String column) {
        Positions p = positions(table, block, column);
        double[] out = p.values().clone();
        if (p.nulls() != null) {
            for (int i = 0; i < out.length; i++) {
                if (p.nulls()[i]) {
                    out[i] = Double.NaN;
                }
            }
        }
        return out;
    }

    private static double[] positionColumn(TableDef table, TableBlock block, String column, RowLocator at) {
        if (column == null) {
            throw new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH, "director table " + name(table) + " has no position column");
        }
        Positions p = positions(table, block, column);
        if (p.nulls() != null) {
            for (int i = 0; i < p.nulls().length; i++) {
                if (p.nulls()[i]) {
                    throw new SkyshardException(IngestErrorCode.INVALID_ROW, at.describeRow(i) + ": table " + name(table)
                            + ": position column '" + column + "' is NULL");
                }
            }
        }
        return p.values();
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
