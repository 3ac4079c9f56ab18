package io.skyshard.spatial.region;

/** A half-open range [start, end) of NESTED pixel indices at one order. */
public record PixelRange(long start, long end) {
    public long size() {
        return end - start;
    }

    public boolean contains(long pix) {
        return pix >= start && pix < end;
    }
}
