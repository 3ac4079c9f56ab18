package io.skyshard.server.bench;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.server.ServerErrorCode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Runs workloads against the cluster (MySQL protocol) and the single-DuckDB reference, timing each
 * query and comparing the two answers. Answers are compared as sorted row lists with a small
 * relative tolerance on floating point values: the cluster sums partial aggregates in a different
 * order than a single engine does, so exact equality of AVG/SUM would be a false alarm.
 */
public final class BenchRunner {
    /** Opens a new connection to one engine. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private static final double RELATIVE_TOLERANCE = 1e-9;

    private final ConnectionSource cluster;
    private final ConnectionSource reference;

    public BenchRunner(ConnectionSource cluster, ConnectionSource reference) {
        this.cluster = requireNonNull(cluster, "cluster");
        this.reference = requireNonNull(reference, "reference");
    }

    /** Runs the queries one after another on one connection per engine. */
    public WorkloadResult sequential(String name, List<BenchQuery> queries) {
        double[] clusterMs = new double[queries.size()];
        double[] referenceMs = new double[queries.size()];
        long clusterCpu = 0;
        long referenceCpu = 0;
        long rows = 0;
        int mismatches = 0;
        String first = "";
        try (Connection c = cluster.open(); Connection r = reference.open();
             Statement cs = c.createStatement(); Statement rs = r.createStatement()) {
            for (int i = 0; i < queries.size(); i++) {
                BenchQuery q = queries.get(i);
                long cpu0 = processCpuNanos();
                long t0 = System.nanoTime();
                List<List<Object>> clusterRows = fetch(cs, q.clusterSql(), "cluster");
                long t1 = System.nanoTime();
                long cpu1 = processCpuNanos();
                List<List<Object>> referenceRows = fetch(rs, q.referenceSql(), "reference DuckDB");
                long t2 = System.nanoTime();
                referenceCpu += processCpuNanos() - cpu1;
                clusterCpu += cpu1 - cpu0;
                clusterMs[i] = (t1 - t0) / 1e6;
                referenceMs[i] = (t2 - t1) / 1e6;
                rows += clusterRows.size();
                String diff = difference(clusterRows, referenceRows);
                if (diff != null) {
                    mismatches++;
                    if (first.isEmpty()) {
                        first = diff + " for: " + q.clusterSql();
                    }
                }
            }
        } catch (SQLException e) {
            throw connectionFailure(name, e);
        }
        int n = Math.max(1, queries.size());
        return new WorkloadResult(name, LatencyStats.of(clusterMs, Double.NaN, clusterCpu / 1e6 / n),
                LatencyStats.of(referenceMs, Double.NaN, referenceCpu / 1e6 / n), rows, mismatches, first);
    }

    /**
     * {@code clients} threads, each with its own connection, send queries from {@code queries}
     * (indexed by a shared counter) for {@code duration} on each engine in turn.
     */
    public WorkloadResult concurrent(String name, int clients, Duration duration, IntFunction<BenchQuery> queries) {
        Throughput c = throughput(cluster, clients, duration, i -> queries.apply(i).clusterSql(), "cluster");
        Throughput r = throughput(reference, clients, duration, i -> queries.apply(i).referenceSql(), "reference DuckDB");
        return new WorkloadResult(name, c.stats(), r.stats(), c.rows(), 0, "");
    }

    private record Throughput(LatencyStats stats, long rows) {}

    private Throughput throughput(ConnectionSource source, int clients, Duration duration, IntFunction<String> sql,
                                  String engine) {
        AtomicLong counter = new AtomicLong();
        AtomicLong rows = new AtomicLong();
        List<double[]> perClient = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        SQLException[] failure = new SQLException[1];
        try {
            for (int i = 0; i < clients; i++) {
                connections.add(source.open());
            }
            CountDownLatch done = new CountDownLatch(clients);
            long startCpu = processCpuNanos();
            long startNanos = System.nanoTime();
            long endNanos = startNanos + duration.toNanos();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                double[] latencies = new double[1 << 20];
                int[] n = new int[1];
                perClient.add(latencies);
                counts.add(n);
                Connection conn = connections.get(i);
                threads.add(Thread.ofPlatform().name("bench-client-" + i).start(() -> {
                    try (Statement st = conn.createStatement()) {
                        while (System.nanoTime() < endNanos && n[0] < latencies.length) {
                            String q = sql.apply((int) counter.getAndIncrement());
                            long t0 = System.nanoTime();
                            rows.addAndGet(count(st, q));
                            latencies[n[0]++] = (System.nanoTime() - t0) / 1e6;
                        }
                    } catch (SQLException e) {
                        synchronized (failure) {
                            failure[0] = e;
                        }
                    } finally {
                        done.countDown();
                    }
                }));
            }
            done.await();
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            long cpu = processCpuNanos() - startCpu;
            if (failure[0] != null) {
                throw failure[0];
            }
            double[] all = new double[counts.stream().mapToInt(a -> a[0]).sum()];
            int k = 0;
            for (int i = 0; i < clients; i++) {
                System.arraycopy(perClient.get(i), 0, all, k, counts.get(i)[0]);
                k += counts.get(i)[0];
            }
            return new Throughput(LatencyStats.of(all, all.length / seconds, cpu / 1e6 / Math.max(1, all.length)), rows.get());
        } catch (SQLException e) {
            throw connectionFailure(name(engine), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SkyshardException(ServerErrorCode.BENCHMARK_FAILED, "benchmark interrupted");
        } finally {
            for (Connection c : connections) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing after the measurement: nothing left to protect
                }
            }
        }
    }

    /** CPU time of every thread of this process, native ones (DuckDB) included, as the OS counts it. */
    static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static String name(String engine) {
        return "concurrent clients on " + engine;
    }

    private static long count(Statement st, String sql) throws SQLException {
        long n = 0;
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                n++;
            }
        }
        return n;
    }

    private static List<List<Object>> fetch(Statement st, String sql, String engine) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Object[] row = new Object[n];
                for (int i = 0; i < n; i++) {
                    Object v = rs.getObject(i + 1);
                    // Engines disagree on integer widths and decimal vs double; compare numbers as doubles.
                    row[i] = v instanceof Number num ? (Object) num.doubleValue() : v == null ? null : v.toString();
                }
                rows.add(Arrays.asList(row));
            }
            return rows;
        } catch (SQLException e) {
            throw new SQLException(engine + " failed on: " + sql + ": " + e.getMessage(), e.getSQLState(),
                    e.getErrorCode(), e);
        }
    }

    /** Null when both answers hold the same rows (in any order), else a short description. */
    static String difference(List<List<Object>> a, List<List<Object>> b) {
        if (a.size() != b.size()) {
            return "cluster returned " + a.size() + " rows, reference " + b.size();
        }
        Comparator<List<Object>> order = Comparator.comparing(Object::toString);
        List<List<Object>> sa = a.stream().sorted(order).toList();
        List<List<Object>> sb = b.stream().sorted(order).toList();
        for (int i = 0; i < sa.size(); i++) {
            List<Object> x = sa.get(i);
            List<Object> y = sb.get(i);
            if (x.size() != y.size()) {
                return "column counts differ: " + x.size() + " vs " + y.size();
            }
            for (int j = 0; j < x.size(); j++) {
                if (!same(x.get(j), y.get(j))) {
                    return "row " + x + " differs from " + y;
                }
            }
        }
        return null;
    }

    private static boolean same(Object x, Object y) {
        if (x instanceof Double dx && y instanceof Double dy) {
            double scale = Math.max(1.0, Math.max(Math.abs(dx), Math.abs(dy)));
            return Math.abs(dx - dy) <= RELATIVE_TOLERANCE * scale || dx.equals(dy);
        }
        return java.util.Objects.equals(x, y);
    }

    private static SkyshardException connectionFailure(String workload, SQLException e) {
        return new SkyshardException(ServerErrorCode.BENCHMARK_FAILED,
                "benchmark workload '" + workload + "' failed: " + e.getMessage(), e);
    }
}
