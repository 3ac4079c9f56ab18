package io.skyshard.ingest.partition;

/**
 * Finds the director rows of keys: their chunk, sub-chunk and spatial sort key. Child and match rows
 * are placed with their director rows through it.
 */
@FunctionalInterface
public interface DirectorLookup {
    /**
     * Resolves every key: for a key found, fills {@code chunkOut}, {@code subOut} and {@code sortOut}
     * at its index; for a key not found, sets {@code chunkOut[i] = -1} and leaves the rest. Only the
     * indexes where {@code chunkOut[i] == -1} on entry are looked at, so lookups can be chained.
     *
     * @return how many keys are still not found
     */
    int resolve(long[] keys, int[] chunkOut, int[] subOut, long[] sortOut);

    /** Tries this lookup, then {@code next} for the keys still missing. */
    default DirectorLookup then(DirectorLookup next) {
        return (keys, chunkOut, subOut, sortOut) -> {
            int missing = resolve(keys, chunkOut, subOut, sortOut);
            return missing == 0 ? 0 : next.resolve(keys, chunkOut, subOut, sortOut);
        };
    }

    /** Finds nothing. */
    DirectorLookup NONE = (keys, chunkOut, subOut, sortOut) -> {
        int missing = 0;
        for (int c : chunkOut) {
            if (c == -1) {
                missing++;
            }
        }
        return missing;
    };
}
