package io.skyshard.common.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, versioned view of everything the czar needs to plan and route a query: databases,
 * tables, workers and which workers hold which chunk. Published by the controller; the czar caches
 * it and refetches when the version changes.
 *
 * @param placement  database -> chunkId -> ids of the workers holding that chunk (replicas)
 * @param visibility which ingest transactions and contributions queries of this snapshot see
 */
public record ClusterSnapshot(
        long version,
        List<DatabaseDef> databases,
        List<TableDef> tables,
        List<WorkerInfo> workers,
        Map<String, Map<Integer, List<String>>> placement,
        Visibility visibility) implements Catalog {

    public ClusterSnapshot {
        databases = List.copyOf(databases);
        tables = List.copyOf(tables);
        workers = List.copyOf(workers);
        placement = Map.copyOf(placement);
        visibility = visibility == null ? Visibility.ALL : visibility;
    }

    /** A snapshot in which every loaded row is visible (no ingest transaction to hide). */
    public ClusterSnapshot(long version, List<DatabaseDef> databases, List<TableDef> tables, List<WorkerInfo> workers,
            Map<String, Map<Integer, List<String>>> placement) {
        this(version, databases, tables, workers, placement, Visibility.ALL);
    }

    public static ClusterSnapshot empty() {
        return new ClusterSnapshot(0, List.of(), List.of(), List.of(), Map.of(), Visibility.ALL);
    }

    @Override
    public Optional<DatabaseDef> database(String name) {
        return databases.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    @Override
    public Optional<TableDef> table(String database, String table) {
        return tables.stream()
                .filter(t -> t.database().equals(database) && t.name().equalsIgnoreCase(table))
                .findFirst();
    }

    @Override
    public List<TableDef> tables(String database) {
        return tables.stream().filter(t -> t.database().equals(database)).toList();
    }

    /** Non-empty chunks of a database with their replicas. */
    public Map<Integer, List<String>> chunks(String database) {
        return placement.getOrDefault(database, Map.of());
    }

    public Optional<WorkerInfo> worker(String id) {
        return workers.stream().filter(w -> w.id().equals(id)).findFirst();
    }
}
