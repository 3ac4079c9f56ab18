package io.skyshard.common.catalog;

import java.util.Collection;
import java.util.Map;

/** Director key -> chunk lookups (DESIGN.md section 4), used to prune {@code objectId = c} queries to one chunk. */
public interface DirectorIndex {
    /** The chunk of each key found; keys not in the index are absent from the result. */
    Map<Long, ChunkRef> lookup(String database, String directorTable, Collection<Long> keys);
}
