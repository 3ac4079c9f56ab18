package io.skyshard.ingest.load;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a load did.
 *
 * @param rows        table name -> rows loaded (each row counted once, not per replica)
 * @param overlapRows director table name -> overlap copies written (per chunk, not per replica)
 * @param placement   chunkId -> worker ids, as published to the registry
 * @param streams     Load streams opened (all tables, chunks and replicas)
 */
public record LoadReport(
        String database,
        Map<String, Long> rows,
        Map<String, Long> overlapRows,
        Map<Integer, List<String>> placement,
        long streams,
        Duration elapsed) {

    public LoadReport {
        rows = Map.copyOf(rows);
        overlapRows = Map.copyOf(overlapRows);
        placement = Map.copyOf(placement);
    }

    public int chunkCount() {
        return placement.size();
    }
}
