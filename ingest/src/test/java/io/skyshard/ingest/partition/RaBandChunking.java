package io.skyshard.ingest.partition;

import io.skyshard.common.catalog.ChunkRef;
import io.skyshard.common.util.IntList;

/**
 * A test-only chunking: {@code bands} equal ra bands (chunk = band index), sub-chunks of 10 deg in
 * dec, overlap = within {@code overlapDeg} (angular distance) of a neighbouring band's boundary
 * meridian. Simple enough to be checked by brute force, independently of HEALPix.
 */
public record RaBandChunking(int bands, double overlapDeg) implements ChunkingFunction {
    @Override
    public ChunkRef locate(double raDeg, double decDeg) {
        return new ChunkRef(band(raDeg), Math.min(17, (int) Math.floor((decDeg + 90.0) / 10.0)));
    }

    @Override
    public int[] overlapChunks(double raDeg, double decDeg) {
        int own = band(raDeg);
        double width = 360.0 / bands;
        IntList out = new IntList();
        double west = own * width;
        double east = (own + 1) * width;
        if (distanceToMeridian(raDeg, decDeg, west) < overlapDeg) {
            out.add(Math.floorMod(own - 1, bands));
        }
        if (distanceToMeridian(raDeg, decDeg, east) < overlapDeg) {
            int next = Math.floorMod(own + 1, bands);
            if (out.size() == 0 || out.get(0) != next) {
                out.add(next);
            }
        }
        return out.toArray();
    }

    @Override
    public long sortKey(double raDeg, double decDeg) {
        ChunkRef r = locate(raDeg, decDeg);
        return ((long) r.chunkId() << 40) | ((long) r.subChunkId() << 32) | (long) ((decDeg + 90.0) * 1e7);
    }

    private int band(double raDeg) {
        return Math.min(bands - 1, (int) Math.floor(raDeg / 360.0 * bands));
    }

    static double distanceToMeridian(double raDeg, double decDeg, double meridianDeg) {
        double d = Math.toRadians(raDeg - meridianDeg);
        return Math.toDegrees(Math.asin(Math.min(1.0, Math.cos(Math.toRadians(decDeg)) * Math.abs(Math.sin(d)))));
    }
}
