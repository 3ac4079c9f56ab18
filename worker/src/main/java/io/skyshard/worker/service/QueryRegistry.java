package io.skyshard.worker.service;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Executions in progress by query id (a czar may open several streams for one query on a worker). */
final class QueryRegistry {
    private final ConcurrentHashMap<String, Set<QueryExecution>> byQuery = new ConcurrentHashMap<>();

    void add(QueryExecution execution) {
        byQuery.computeIfAbsent(execution.queryId(), k -> ConcurrentHashMap.newKeySet()).add(execution);
    }

    void remove(QueryExecution execution) {
        byQuery.computeIfPresent(execution.queryId(), (k, set) -> {
            set.remove(execution);
            return set.isEmpty() ? null : set;
        });
    }

    List<QueryExecution> get(String queryId) {
        Set<QueryExecution> set = byQuery.get(queryId);
        return set == null ? List.of() : List.copyOf(set);
    }

    List<QueryExecution> all() {
        return byQuery.values().stream().flatMap(Set::stream).toList();
    }
}
