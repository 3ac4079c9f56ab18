package io.skyshard.czar.dispatch;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.skyshard.common.catalog.ChunkTables;
import io.skyshard.common.catalog.ClusterSnapshot;
import io.skyshard.common.catalog.WorkerInfo;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.CzarErrorCode;
import io.skyshard.rpc.ChunkQueryServiceGrpc;
import io.skyshard.rpc.QueryRequest;
import io.skyshard.rpc.QueryResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends a chunk query template to the workers holding its chunks: one gRPC stream per worker per
 * query (Qserv's "UberJob"), results fed to a {@link PartialSink}. The first failure cancels every
 * other stream, so a failed query leaves no work behind on the workers.
 */
public final class Dispatcher {
    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());
    /** Queries visiting at most this many chunks go to the workers' interactive lane. */
    static final int INTERACTIVE_CHUNKS = 16;

    private final WorkerChannels channels;
    private final AtomicInteger roundRobin = new AtomicInteger();

    public Dispatcher(WorkerChannels channels) {
        this.channels = requireNonNull(channels, "channels");
    }

    /**
     * Picks one replica per chunk, spreading load over replicas, and groups chunks per worker.
     * Chunks absent from the placement are empty and need no visit.
     */
    public List<WorkerAssignment> assign(ClusterSnapshot snapshot, String database, int[] chunkIds) {
        Map<Integer, List<String>> placement = snapshot.chunks(database);
        Map<String, List<Integer>> perWorker = new TreeMap<>();
        int rr = roundRobin.getAndIncrement();
        for (int chunk : chunkIds) {
            List<String> replicas = placement.get(chunk);
            if (replicas == null || replicas.isEmpty()) {
                continue;
            }
            String worker = replicas.get(Math.floorMod(rr + chunk, replicas.size()));
            perWorker.computeIfAbsent(worker, w -> new ArrayList<>()).add(chunk);
        }
        List<WorkerAssignment> out = new ArrayList<>();
        perWorker.forEach((id, chunks) -> out.add(new WorkerAssignment(worker(snapshot, id),
                chunks.stream().mapToInt(Integer::intValue).toArray(), snapshot.visibility())));
        return out;
    }

    /** Chooses one worker to answer a query over replicated tables only (every worker has them). */
    public List<WorkerAssignment> assignReplicated(ClusterSnapshot snapshot) {
        List<WorkerInfo> workers = snapshot.workers();
        if (workers.isEmpty()) {
            throw new SkyshardException(CzarErrorCode.NO_REPLICA, "no worker is registered to answer the query");
        }
        WorkerInfo w = workers.get(Math.floorMod(roundRobin.getAndIncrement(), workers.size()));
        return List.of(new WorkerAssignment(w, new int[] {ChunkTables.REPLICATED_CHUNK}, snapshot.visibility()));
    }

    private static WorkerInfo worker(ClusterSnapshot snapshot, String id) {
        return snapshot.worker(id).orElseThrow(() -> new SkyshardException(CzarErrorCode.NO_REPLICA,
                "chunk placement names worker '" + id + "' which is not registered"));
    }

    /** A running distributed query; {@link #await()} blocks until every stream finished. */
    public final class Execution {
        private final List<ClientCallStreamObserver<QueryRequest>> calls = new ArrayList<>();
        private final CountDownLatch done;
        private final AtomicReference<SkyshardException> failure = new AtomicReference<>();

        private Execution(int streams) {
            this.done = new CountDownLatch(streams);
        }

        public void await() {
            try {
                done.await();
            } catch (InterruptedException e) {
                cancel("interrupted");
                Thread.currentThread().interrupt();
                throw new SkyshardException(CzarErrorCode.QUERY_CANCELLED, "query interrupted");
            }
            SkyshardException f = failure.get();
            if (f != null) {
                throw f;
            }
        }

        public void cancel(String why) {
            fail(new SkyshardException(CzarErrorCode.QUERY_CANCELLED, "query cancelled: " + why));
        }

        private void fail(SkyshardException e) {
            if (failure.compareAndSet(null, e)) {
                synchronized (calls) {
                    for (var c : calls) {
                        c.cancel(e.getMessage(), null);
                    }
                }
            }
        }
    }

    /** Starts one stream per assignment; returns at once. */
    public Execution start(String queryId, String template, String unionTable, List<WorkerAssignment> assignments,
            long deadlineEpochMillis, PartialSink sink) {
        long dispatched = System.nanoTime();
        int totalChunks = assignments.stream().mapToInt(a -> a.chunkIds().length).sum();
        Execution ex = new Execution(assignments.size());
        for (WorkerAssignment a : assignments) {
            QueryRequest.Builder req = QueryRequest.newBuilder()
                    .setQueryId(queryId)
                    .setSqlTemplate(template)
                    .setInteractive(totalChunks <= INTERACTIVE_CHUNKS)
                    .setDeadlineEpochMillis(deadlineEpochMillis);
            for (int c : a.chunkIds()) {
                req.addChunkIds(c);
            }
            if (unionTable != null) {
                req.setUnionSafe(true).setUnionTable(unionTable);
            }
            if (a.visibility() != null) {
                req.setVisibility(visibility(a.visibility()));
            }
            var stub = ChunkQueryServiceGrpc.newStub(channels.channel(a.worker()));
            stub.execute(req.build(), new ClientResponseObserver<QueryRequest, QueryResponse>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<QueryRequest> call) {
                    synchronized (ex.calls) {
                        ex.calls.add(call);
                    }
                    if (ex.failure.get() != null) {
                        call.cancel("query already failed", null);
                    }
                }

                @Override
                public void onNext(QueryResponse r) {
                    try {
                        switch (r.getPayloadCase()) {
                            case SCHEMA -> sink.schema(a.worker().id(), r.getSchema());
                            case BATCH -> sink.append(r.getBatch());
                            case CHUNKS_DONE -> sink.chunksDone(r.getChunksDone().getChunkIdsCount(), r.getChunksDone().getRows());
                            case ERROR -> ex.fail(new SkyshardException(CzarErrorCode.QUERY_FAILED_ON_WORKER,
                                    workerError(a.worker(), r.getError())));
                            default -> {
                            }
                        }
                    } catch (SkyshardException e) {
                        ex.fail(e);
                    } catch (RuntimeException e) {
                        ex.fail(SkyshardException.wrap(e));
                    }
                }

                @Override
                public void onError(Throwable t) {
                    if (ex.failure.get() == null) {
                        ex.fail(unavailable(a.worker(), t));
                    }
                    ex.done.countDown();
                }

                @Override
                public void onCompleted() {
                    if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                        LOG.log(System.Logger.Level.DEBUG, String.format("query %s: worker %s completed %.2f ms after dispatch",
                                queryId, a.worker().id(), (System.nanoTime() - dispatched) / 1e6));
                    }
                    ex.done.countDown();
                }
            });
        }
        return ex;
    }

    /** The snapshot's view of ingest transactions, so the query sees one state from start to end. */
    static io.skyshard.rpc.Visibility visibility(io.skyshard.common.catalog.Visibility v) {
        return io.skyshard.rpc.Visibility.newBuilder()
                .setSnapshotVersion(v.version())
                .setVisibleThrough(v.visibleThrough())
                .addAllHiddenTransactions(v.hiddenTransactions())
                .addAllHiddenContributions(v.hiddenContributions())
                .build();
    }

    private static String workerError(WorkerInfo w, io.skyshard.rpc.WorkerError e) {
        String where = e.getChunkId() != 0 || e.getCode().isEmpty() ? " (chunk " + e.getChunkId() + ")" : "";
        return e.getMessage() + " [worker " + w.id() + where + "]";
    }

    private static SkyshardException unavailable(WorkerInfo w, Throwable t) {
        if (t instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.CANCELLED) {
            return new SkyshardException(CzarErrorCode.QUERY_CANCELLED, "query cancelled");
        }
        return new SkyshardException(CzarErrorCode.WORKER_UNAVAILABLE,
                "worker " + w.id() + " at " + w.target() + " failed: " + Status.fromThrowable(t).getCode()
                        + (t.getMessage() == null ? "" : " " + t.getMessage()), t);
    }
}
