package io.skyshard.common.catalog;

import java.util.List;

/**
 * The controller's metadata registry as seen by the other roles. Implemented by the persistent
 * store inside the controller process and by a gRPC client everywhere else.
 */
public interface Registry extends DirectorIndex {
    /** The current snapshot; cheap to call (implementations cache). */
    ClusterSnapshot snapshot();

    void createDatabase(DatabaseDef database);

    void createTable(TableDef table);

    void registerWorker(WorkerInfo worker);

    /** Records that these workers hold these chunks of a database (replaces earlier placement of those chunks). */
    void setPlacement(String database, java.util.Map<Integer, List<String>> chunkReplicas);

    /** Adds director index entries; a key already present is an error naming the key. */
    void addDirectorIndex(String database, String directorTable, long[] keys, int[] chunkIds, int[] subChunkIds);

    /** Removes a database with its tables, placement and director index. */
    void dropDatabase(String database);
}
