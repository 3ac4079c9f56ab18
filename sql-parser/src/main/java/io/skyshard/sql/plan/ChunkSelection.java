package io.skyshard.sql.plan;

/** Which chunks a distributed query must visit. */
public sealed interface ChunkSelection {
    /** Every non-empty chunk of the database (full scan). */
    record All() implements ChunkSelection {
    }

    /** Only these chunks (after spatial or director-index pruning); may be empty: then no worker is asked. */
    record Chunks(int[] chunkIds) implements ChunkSelection {
        public Chunks {
            chunkIds = chunkIds.clone();
        }
    }

    /** The query reads replicated tables only: any one worker answers it once. */
    record ReplicatedOnly() implements ChunkSelection {
    }
}
