package io.skyshard.server.bench;

import java.util.Arrays;

/**
 * Latency summary of one workload on one engine, in milliseconds.
 *
 * @param cpuMsPerQuery CPU time (all threads of the process: client, czar, workers or DuckDB) per
 *                      query; steadier than latency on a machine shared with other work, since time
 *                      spent waiting for a core is not counted. NaN when not measured.
 */
public record LatencyStats(int count, double medianMs, double p95Ms, double queriesPerSecond, double cpuMsPerQuery) {
    /** Summarises per-query latencies; {@code qps} is NaN when the workload is not a throughput test. */
    public static LatencyStats of(double[] latenciesMs, double qps) {
        return of(latenciesMs, qps, Double.NaN);
    }

    public static LatencyStats of(double[] latenciesMs, double qps, double cpuMsPerQuery) {
        if (latenciesMs.length == 0) {
            return new LatencyStats(0, Double.NaN, Double.NaN, qps, cpuMsPerQuery);
        }
        double[] sorted = latenciesMs.clone();
        Arrays.sort(sorted);
        return new LatencyStats(sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.95), qps, cpuMsPerQuery);
    }

    /** Nearest-rank percentile of an ascending array. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
