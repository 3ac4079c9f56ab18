package io.skyshard.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.Partitioning;
import io.skyshard.common.catalog.Visibility;
import io.skyshard.ingest.api.ContributionSources;
import io.skyshard.ingest.client.RestIngestClient;
import io.skyshard.ingest.service.ContributionFailedException;
import io.skyshard.replication.transaction.ContributionRecord;
import io.skyshard.replication.transaction.ContributionState;
import io.skyshard.rpc.ChunkLoadServiceGrpc;
import io.skyshard.rpc.ListContributionsRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes during ingest, with every role its own process: a worker process killed with SIGKILL in
 * the middle of a contribution (after some of its rows were already committed on the workers).
 * Queries running all along through the czar see the committed state, never a mix; the contribution
 * fails whole; when the worker is back its rows are purged; a retry under the same key then loads
 * the file once, and the commit shows all of it at once.
 */
class TestIngestCrashes {
    private static final int BASE = 2_000;
    private static final int BIG = 400_000;

    @TempDir
    Path dir;

    /** {@code id,ra,decl} rows spread over the sky. */
    private static void writeObjects(Path file, int first, int count) throws Exception {
        StringBuilder sb = new StringBuilder(count * 40);
        for (int i = first; i < first + count; i++) {
            sb.append(i).append(',').append((i * 0.0137) % 360).append(',').append(((i * 0.0071) % 170) - 85).append('\n');
        }
        Files.writeString(file, sb);
    }

    @Test
    void aWorkerKilledMidContributionLeavesNothingVisible() throws Exception {
        Path base = dir.resolve("base.csv");
        Path big = dir.resolve("big.csv");
        writeObjects(base, 1, BASE);
        writeObjects(big, 1_000_000, BIG);
        try (RoleProcess controller = RoleProcess.start("controller", "--port", "0", "--http-port", "0", "--load-buffer", "1m",
                "--data-dir", dir.resolve("c").toString())) {
            String target = "127.0.0.1:" + controller.awaitReady();
            RoleProcess w2 = TestRolesAsProcesses.worker(dir, "w2", target);
            try (RoleProcess w1 = TestRolesAsProcesses.worker(dir, "w1", target);
                    RestIngestClient ingest = new RestIngestClient("http://127.0.0.1:" + controller.find(TestRolesAsProcesses.REST), null)) {
                w1.awaitReady();
                w2.awaitReady();
                ingest.createDatabase(new DatabaseDef("crash", new Partitioning(3, 7, 0.01)));
                ingest.createTable("crash", """
                        {"table":"Obj","is_partitioned":1,"director_key":"id","longitude_key":"ra","latitude_key":"decl",
                         "schema":[{"name":"id","type":"bigint NOT NULL"},{"name":"ra","type":"double NOT NULL"},
                                   {"name":"decl","type":"double NOT NULL"}]}""");
                long t1 = ingest.begin("crash", "base").id();
                ingest.contribute(t1, spec("base"), base, false, n -> { });
                ingest.commit(t1);
                ingest.publish("crash");

                try (RoleProcess czar = TestRolesAsProcesses.czar(dir, target)) {
                    String url = "jdbc:mariadb://127.0.0.1:" + czar.awaitReady() + "/crash?user=qsmaster";
                    assertThat(count(url)).isEqualTo(BASE);
                    Set<Long> seen = ConcurrentHashMap.newKeySet();
                    AtomicInteger answered = new AtomicInteger();
                    AtomicBoolean stop = new AtomicBoolean();
                    Thread watcher = Thread.ofPlatform().start(() -> {
                        while (!stop.get()) {
                            try {
                                seen.add(count(url));
                                answered.incrementAndGet();
                            } catch (Exception e) {
                                // A query needing the dead worker fails: an error, never a wrong answer.
                            }
                        }
                    });

                    long t2 = ingest.begin("crash", "crash").id();
                    CompletableFuture<ContributionRecord> load = CompletableFuture.supplyAsync(
                            () -> ingest.contribute(t2, spec("big"), big, true, n -> { }));
                    // Kill w2 once the contribution has written to the workers a few times.
                    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                    while (System.nanoTime() < deadline && !load.isDone()
                            && ingest.contributions(t2).stream().mapToLong(c -> c.stats().rowsRead()).sum() < BIG / 4) {
                        Thread.sleep(20);
                    }
                    assertThat(load.isDone()).as("the load must still be running when the worker is killed").isFalse();
                    w2.kill();
                    assertThatThrownBy(load::join).cause().isInstanceOf(ContributionFailedException.class).hasMessageContaining("w2");
                    ContributionRecord failed = ingest.contributions(t2).getFirst();
                    assertThat(failed.state()).isEqualTo(ContributionState.FAILED);

                    // w2 comes back on its data directory; its committed part of the failed contribution is purged.
                    w2 = TestRolesAsProcesses.worker(dir, "w2", target);
                    int w2Port = w2.awaitReady();
                    awaitNoRowsOf(w2Port, failed.id());
                    int before = answered.get();
                    while (answered.get() < before + 3) {
                        Thread.sleep(50);
                    }
                    assertThat(count(url)).isEqualTo(BASE);

                    // A retry under the same key loads the file once; the commit shows it whole.
                    ContributionRecord retried = ingest.contribute(t2, spec("big"), big, true, n -> { });
                    assertThat(retried.state()).isEqualTo(ContributionState.LOADED);
                    assertThat(retried.retryOf()).isEqualTo(failed.id());
                    assertThat(ingest.contribute(t2, spec("big"), big, true, n -> { }).id()).isEqualTo(retried.id());
                    assertThat(count(url)).isEqualTo(BASE);
                    // A key of the uncommitted load is not found, however often asked (the czar caches plans).
                    assertThat(rowsWithId(url, 1_000_000)).isZero();
                    assertThat(rowsWithId(url, 1_000_000)).isZero();
                    ingest.commit(t2);
                    // The czar, another process, sees a commit when it next refreshes its snapshot (within 200 ms).
                    assertThat(awaitCount(url, BASE + BIG)).isEqualTo(BASE + BIG);
                    // ... and then the same lookup through the director index, planned anew.
                    assertThat(rowsWithId(url, 1_000_000)).isEqualTo(1);
                    before = answered.get();
                    while (answered.get() < before + 3) {
                        Thread.sleep(50);
                    }
                    stop.set(true);
                    watcher.join(60_000);
                    assertThat(seen).as("COUNT(*) answers seen during the load, the kill, the restart and the commit")
                            .containsOnly((long) BASE, (long) BASE + BIG);
                }
            } finally {
                w2.close();
            }
        }
    }

    private static ContributionSources.Spec spec(String key) {
        return new ContributionSources.Spec("Obj", null, null, "csv", null, null, null, null, null, null, null, key, key + ".csv",
                null, null, false);
    }

    private static long awaitCount(String url, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long n;
        do {
            n = count(url);
        } while (n != expected && System.nanoTime() < deadline);
        return n;
    }

    private static int rowsWithId(String url, long id) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id, ra FROM Obj WHERE id = " + id)) {
            int n = 0;
            while (rs.next()) {
                n++;
            }
            return n;
        }
    }

    private static long count(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM Obj")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void awaitNoRowsOf(int workerPort, long contribution) throws Exception {
        io.grpc.ManagedChannel channel = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forAddress("127.0.0.1", workerPort)
                .usePlaintext().build();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            List<Long> held;
            do {
                held = ChunkLoadServiceGrpc.newBlockingStub(channel).listContributions(ListContributionsRequest.getDefaultInstance())
                        .getContributionIdsList();
                if (!held.contains(contribution)) {
                    break;
                }
                Thread.sleep(200);
            } while (System.nanoTime() < deadline);
            assertThat(held).as("contributions held by the restarted worker").doesNotContain(contribution);
            assertThat(held.stream().map(Visibility::transactionOf).distinct()).containsOnly(1L);
        } finally {
            channel.shutdownNow();
        }
    }
}
