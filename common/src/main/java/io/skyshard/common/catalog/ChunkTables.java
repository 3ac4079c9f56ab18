package io.skyshard.common.catalog;

/**
 * Physical names of chunk tables (DESIGN.md section 4) and the placeholder used in chunk query
 * templates. The czar emits one template per query with {@value #CHUNK_PLACEHOLDER} in table names;
 * the worker substitutes each chunk id, so a query over thousands of chunks is unparsed once.
 */
public final class ChunkTables {
    public static final String CHUNK_PLACEHOLDER = "%CHUNK%";
    /** Chunk id used in requests for queries that touch only replicated tables. */
    public static final int REPLICATED_CHUNK = -1;
    /**
     * The union table of a request whose every chunk table reference may read all its chunks at
     * once (a join of several partitioned tables that pairs rows of one chunk only, or through keys
     * and deduplicated overlap rows: see the planner's JoinLocalityPass).
     */
    public static final String ALL_CHUNK_TABLES = "*";

    private ChunkTables() {
    }

    public static String chunkTable(String table, int chunkId) {
        return table + "_" + chunkId;
    }

    public static String overlapTable(String table, int chunkId) {
        return chunkTable(overlapStore(table), chunkId);
    }

    /**
     * The name under which a table's overlap rows are stored ({@code ObjectFullOverlap}): chunk
     * {@code c} of it is the overlap table {@code ObjectFullOverlap_c}.
     */
    public static String overlapStore(String table) {
        return table + "FullOverlap";
    }

    public static String chunkTableTemplate(String table) {
        return table + "_" + CHUNK_PLACEHOLDER;
    }

    public static String overlapTableTemplate(String table) {
        return chunkTableTemplate(overlapStore(table));
    }

    /** Replaces the placeholder in a chunk query template. */
    public static String instantiate(String template, int chunkId) {
        return template.replace(CHUNK_PLACEHOLDER, Integer.toString(chunkId));
    }
}
