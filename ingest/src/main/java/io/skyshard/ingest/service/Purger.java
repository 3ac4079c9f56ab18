package io.skyshard.ingest.service;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.WorkerInfo;
import io.skyshard.ingest.load.WorkerConnections;
import io.skyshard.replication.registry.MetadataStore;
import io.skyshard.rpc.ChunkLoadServiceGrpc;
import io.skyshard.rpc.PurgeRequest;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes the rows of aborted transactions and failed contributions from every worker, in the
 * background: after an abort or a failure, and again every few seconds for workers that were
 * unreachable (a worker that restarts is caught up this way). Queries never depend on it: dead rows
 * stay hidden by the snapshots' visibility until every registered worker confirmed their deletion,
 * and a worker refuses any late write of a purged contribution.
 */
public final class Purger implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Purger.class.getName());
    /** How often each worker's ledger is compared with the controller's transactions. */
    private static final long RECONCILE_SECONDS = 60;

    private final MetadataStore store;
    private final WorkerConnections connections;
    private final long intervalMillis;
    private final Thread thread;
    private final Object signal = new Object();
    private boolean triggered;
    private volatile boolean closed;

    public Purger(MetadataStore store, WorkerConnections connections, long intervalMillis) {
        this.store = requireNonNull(store, "store");
        this.connections = requireNonNull(connections, "connections");
        this.intervalMillis = intervalMillis;
        this.thread = new Thread(this::loop, "ingest-purger");
        thread.setDaemon(true);
    }

    public Purger start() {
        thread.start();
        return this;
    }

    /** Runs a round soon. */
    public void trigger() {
        synchronized (signal) {
            triggered = true;
            signal.notifyAll();
        }
    }

    private void loop() {
        long lastReconcile = 0;
        while (!closed) {
            try {
                purgeOnce();
                if (System.nanoTime() - lastReconcile > TimeUnit.SECONDS.toNanos(RECONCILE_SECONDS)) {
                    reconcile();
                    lastReconcile = System.nanoTime();
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "purge round failed", e);
            }
            synchronized (signal) {
                if (!triggered && !closed) {
                    try {
                        signal.wait(intervalMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                triggered = false;
            }
        }
    }

    /** One round: every worker gets the dead items it has not confirmed. Returns whether anything was left to purge. */
    public boolean purgeOnce() {
        MetadataStore.DeadData dead = store.deadData();
        if (dead.isEmpty()) {
            return false;
        }
        for (WorkerInfo w : store.catalog().workers()) {
            Set<Long> done = dead.confirmedBy().getOrDefault(w.id(), Set.of());
            long[] txns = Arrays.stream(dead.transactionIds()).filter(t -> !done.contains(t)).toArray();
            long[] contributions = Arrays.stream(dead.contributionIds()).filter(c -> !done.contains(c)).toArray();
            if (txns.length == 0 && contributions.length == 0) {
                continue;
            }
            try {
                PurgeRequest.Builder req = PurgeRequest.newBuilder();
                Arrays.stream(txns).forEach(req::addTransactionIds);
                Arrays.stream(contributions).forEach(req::addContributionIds);
                ChunkLoadServiceGrpc.newBlockingStub(connections.channel(w)).withDeadlineAfter(5, TimeUnit.MINUTES).purge(req.build());
                store.confirmPurge(w.id(), txns, contributions);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "worker " + w.id() + " could not purge yet: " + e.getMessage());
            }
        }
        return true;
    }

    /**
     * Compares each worker's ledger with the controller's transactions and has it delete the rows of
     * transactions the controller does not know (their database was dropped while the worker was
     * away) or aborted: a worker that comes back after missing a purge is cleaned this way.
     */
    public void reconcile() {
        for (WorkerInfo w : store.catalog().workers()) {
            try {
                long[] held = ChunkLoadServiceGrpc.newBlockingStub(connections.channel(w)).withDeadlineAfter(1, TimeUnit.MINUTES)
                        .listContributions(io.skyshard.rpc.ListContributionsRequest.getDefaultInstance()).getContributionIdsList()
                        .stream().mapToLong(Long::longValue).toArray();
                long[] stale = Arrays.stream(held).map(io.skyshard.common.catalog.Visibility::transactionOf).distinct()
                        .filter(t -> store.transaction(t).map(r -> r.state() == io.skyshard.replication.transaction.TransactionState.ABORTED)
                                .orElse(true))
                        .toArray();
                if (stale.length > 0) {
                    PurgeRequest.Builder req = PurgeRequest.newBuilder();
                    Arrays.stream(stale).forEach(req::addTransactionIds);
                    ChunkLoadServiceGrpc.newBlockingStub(connections.channel(w)).withDeadlineAfter(5, TimeUnit.MINUTES).purge(req.build());
                    LOG.info("worker " + w.id() + ": deleted the rows of stale transactions " + Arrays.toString(stale));
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "worker " + w.id() + " could not be reconciled yet: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        trigger();
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
