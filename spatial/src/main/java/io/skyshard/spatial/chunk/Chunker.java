package io.skyshard.spatial.chunk;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.common.util.IntList;
import io.skyshard.spatial.SpatialErrorCode;
import io.skyshard.spatial.healpix.Healpix;
import io.skyshard.spatial.region.Circle;
import io.skyshard.spatial.region.Region;
import io.skyshard.spatial.region.RegionCoverer;
import java.util.Arrays;

/**
 * Position -> chunk/sub-chunk, region -> chunks, overlap membership. Chunks are NESTED pixels at the chunk order;
 * sub-chunks are NESTED pixels at the sub-chunk order numbered from 0 inside their chunk. Immutable and
 * thread-safe.
 */
public final class Chunker {
    /** chunkId is an int: 12 * 4^13 fits, 12 * 4^14 does not. */
    public static final int MAX_CHUNK_ORDER = 13;
    /** subChunkId is an int: 4^15 fits. */
    public static final int MAX_SUB_CHUNK_LEVELS = 15;
    /** Order of {@link #sortKey}. */
    public static final int SORT_KEY_ORDER = 20;
    /** Overlap is meant for near-neighbour joins; a larger one would copy most of a chunk's neighbours. */
    public static final double MAX_OVERLAP_DEG = 10.0;

    private final int chunkOrder;
    private final int subChunkOrder;
    private final double overlapDeg;
    private final int subChunkShift;
    /**
     * Order of the cells whose rows provably need no overlap search (-1: none). Such a cell is
     * smaller than its chunk, yet at least {@link #INTERIOR_MARGIN} times wider than the overlap,
     * so a point in a cell surrounded by cells of its own chunk is farther than the overlap from
     * every other chunk: the coverage search (most of partitioning's time) runs only for the few
     * rows in cells along chunk edges.
     */
    private final int interiorOrder;
    /**
     * Nominal cell width over the overlap radius required of {@link #interiorOrder}'s cells. Cells
     * near the poles and the zone boundaries are much narrower than nominal: TestChunker finds
     * answers changed at 3 and none at 4; 8 leaves room.
     */
    static final double INTERIOR_MARGIN = 8.0;

    public Chunker(int chunkOrder, int subChunkOrder, double overlapDeg) {
        if (chunkOrder < 0 || chunkOrder > MAX_CHUNK_ORDER) {
            throw new SkyshardException(SpatialErrorCode.INVALID_ORDER,
                    "chunk order must be in [0, " + MAX_CHUNK_ORDER + "], got " + chunkOrder);
        }
        if (subChunkOrder < chunkOrder || subChunkOrder - chunkOrder > MAX_SUB_CHUNK_LEVELS
                || subChunkOrder > Healpix.MAX_ORDER) {
            throw new SkyshardException(SpatialErrorCode.INVALID_ORDER,
                    "sub-chunk order must be in [chunk order, chunk order + " + MAX_SUB_CHUNK_LEVELS + "] and <= "
                            + Healpix.MAX_ORDER + ", got " + subChunkOrder + " with chunk order " + chunkOrder);
        }
        if (!(overlapDeg >= 0.0 && overlapDeg <= MAX_OVERLAP_DEG)) {
            throw new SkyshardException(SpatialErrorCode.INVALID_REGION,
                    "overlap must be in [0, " + MAX_OVERLAP_DEG + "] degrees, got " + overlapDeg);
        }
        this.chunkOrder = chunkOrder;
        this.subChunkOrder = subChunkOrder;
        this.overlapDeg = overlapDeg;
        this.subChunkShift = 2 * (subChunkOrder - chunkOrder);
        this.interiorOrder = interiorOrder(chunkOrder, overlapDeg);
    }

    /**
     * The finest order whose nominal pixel width (sqrt of the pixel area) is at least
     * INTERIOR_MARGIN overlaps, if it splits a chunk into at least 4 x 4 cells; else -1.
     */
    static int interiorOrder(int chunkOrder, double overlapDeg) {
        if (overlapDeg <= 0) {
            return -1;
        }
        double nominalOrder0Deg = Math.toDegrees(Math.sqrt(Math.PI / 3));
        int order = (int) Math.floor(Math.log(nominalOrder0Deg / (INTERIOR_MARGIN * overlapDeg)) / Math.log(2));
        order = Math.min(order, Healpix.MAX_ORDER);
        return order >= chunkOrder + 2 ? order : -1;
    }

    public int chunkOrder() {
        return chunkOrder;
    }

    public int subChunkOrder() {
        return subChunkOrder;
    }

    public double overlapDeg() {
        return overlapDeg;
    }

    /** Number of chunks of the whole sky. */
    public int chunkCount() {
        return (int) Healpix.nPix(chunkOrder);
    }

    /** Number of sub-chunks in each chunk. */
    public int subChunksPerChunk() {
        return 1 << subChunkShift;
    }

    public ChunkLocation locate(double raDeg, double decDeg) {
        return locate(Healpix.angToPix(subChunkOrder, raDeg, decDeg));
    }

    /**
     * {@link #locate(double, double)} of a point whose {@link #sortKey} is known: for orders up to
     * the sort key's, the pixel is the key's ancestor. The NESTED index at a coarser order is the
     * finer one shifted right, and {@link Healpix#angToPix}'s arithmetic scales exactly by powers of
     * two, so the answer is bit for bit the same; a partitioner then computes one pixel per row, not three.
     */
    public ChunkLocation locate(double raDeg, double decDeg, long sortKey) {
        return locate(pixel(subChunkOrder, raDeg, decDeg, sortKey));
    }

    private ChunkLocation locate(long sub) {
        long chunk = sub >> subChunkShift;
        return new ChunkLocation((int) chunk, (int) (sub - (chunk << subChunkShift)));
    }

    /** Chunks that may hold a point of the region: conservative (never misses one), sorted ascending. */
    public int[] chunksCovering(Region region) {
        long[] pixels = RegionCoverer.cover(region, chunkOrder);
        int[] out = new int[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = (int) pixels[i];
        }
        return out;
    }

    /** Sub-chunks (ids inside {@code chunkId}) that may hold a point of the region, sorted ascending. */
    public int[] subChunksCovering(int chunkId, Region region) {
        if (chunkId < 0 || chunkId >= chunkCount()) {
            throw new SkyshardException(SpatialErrorCode.INVALID_PIXEL,
                    "chunk " + chunkId + " does not exist at chunk order " + chunkOrder);
        }
        long first = (long) chunkId << subChunkShift;
        long end = first + (1L << subChunkShift);
        IntList out = new IntList();
        for (var range : RegionCoverer.coverRanges(region, subChunkOrder)) {
            long from = Math.max(first, range.start());
            long to = Math.min(end, range.end());
            for (long p = from; p < to; p++) {
                out.add((int) (p - first));
            }
        }
        return out.toArray();
    }

    /**
     * Chunks other than the point's own whose boundary lies within the overlap radius of the point, sorted
     * ascending: the chunks whose overlap tables must hold a copy of a row at this position. Conservative (may
     * name a chunk slightly farther than the overlap, never misses one).
     */
    public int[] overlapChunks(double raDeg, double decDeg) {
        return overlapChunks(raDeg, decDeg, -1);
    }

    /** {@link #overlapChunks(double, double)} of a point whose {@link #sortKey} is known (see {@link #locate(double, double, long)}). */
    public int[] overlapChunks(double raDeg, double decDeg, long sortKey) {
        if (overlapDeg == 0.0) {
            Healpix.checkDec(decDeg, "overlapChunks");
            return new int[0];
        }
        if (interiorOrder < 0) {
            return overlapChunksByCoverage(raDeg, decDeg);
        }
        long cell = pixel(interiorOrder, raDeg, decDeg, sortKey);
        if (inChunkInterior(cell)) {
            return new int[0];
        }
        // The overlap circle (radius at most 1/INTERIOR_MARGIN of a cell) lies inside the point's cell and
        // its neighbours, so only their chunks can be near: each is tested as the coverage would test it,
        // which costs a few pixel tests instead of a descent from the twelve base pixels.
        int shift = 2 * (interiorOrder - chunkOrder);
        int own = (int) (cell >> shift);
        Circle circle = new Circle(Healpix.normalizeRa(raDeg), decDeg, overlapDeg);
        int[] candidates = new int[8];
        int count = 0;
        for (long n : Healpix.neighbours(interiorOrder, cell)) {
            if (n < 0) {
                continue;
            }
            int chunk = (int) (n >> shift);
            boolean seen = chunk == own;
            for (int i = 0; i < count && !seen; i++) {
                seen = candidates[i] == chunk;
            }
            if (!seen) {
                candidates[count++] = chunk;
            }
        }
        int[] chunks = RegionCoverer.mayHold(circle, chunkOrder, candidates, count);
        Arrays.sort(chunks);
        return chunks;
    }

    /** {@link #overlapChunks} by covering the overlap circle, for every row (what the interior test saves). */
    int[] overlapChunksByCoverage(double raDeg, double decDeg) {
        int own = (int) Healpix.angToPix(chunkOrder, raDeg, decDeg);
        long[] near = RegionCoverer.cover(new Circle(Healpix.normalizeRa(raDeg), decDeg, overlapDeg), chunkOrder);
        IntList out = new IntList();
        for (long p : near) {
            if (p != own) {
                out.add((int) p);
            }
        }
        return out.toArray();
    }

    /** Whether the point's cell at the interior order has neighbours of its own chunk on every side. */
    private boolean inChunkInterior(long cell) {
        long[] faceXy = Healpix.nestedToFaceXy(interiorOrder, cell);
        long last = (1L << (interiorOrder - chunkOrder)) - 1;
        long x = faceXy[1] & last;
        long y = faceXy[2] & last;
        return x > 0 && y > 0 && x < last && y < last;
    }

    /** The point's pixel at {@code order}, from its sort key when one is given (not negative) and fine enough. */
    private static long pixel(int order, double raDeg, double decDeg, long sortKey) {
        return sortKey >= 0 && order <= SORT_KEY_ORDER ? sortKey >> (2 * (SORT_KEY_ORDER - order))
                : Healpix.angToPix(order, raDeg, decDeg);
    }

    /** A fine spatial sort key (NESTED index at order 20) used to write chunk tables in spatial order. */
    public static long sortKey(double raDeg, double decDeg) {
        return Healpix.angToPix(SORT_KEY_ORDER, raDeg, decDeg);
    }

    @Override
    public String toString() {
        return "Chunker[chunkOrder=" + chunkOrder + ", subChunkOrder=" + subChunkOrder + ", overlapDeg=" + overlapDeg
                + "]";
    }
}
