package io.skyshard.server.bench;

import static java.util.Objects.requireNonNull;

/**
 * What one workload measured on both engines, and whether their answers agreed.
 *
 * @param mismatches queries whose results differed between the cluster and the reference
 * @param firstMismatch description of the first difference, or empty
 */
public record WorkloadResult(String name, LatencyStats cluster, LatencyStats reference, long rows, int mismatches,
                             String firstMismatch) {
    public WorkloadResult {
        requireNonNull(name, "name");
        requireNonNull(cluster, "cluster");
        requireNonNull(reference, "reference");
        requireNonNull(firstMismatch, "firstMismatch");
    }
}
