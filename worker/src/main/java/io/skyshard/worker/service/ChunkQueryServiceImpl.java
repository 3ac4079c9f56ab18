package io.skyshard.worker.service;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.skyshard.rpc.CancelRequest;
import io.skyshard.rpc.CancelResponse;
import io.skyshard.rpc.ChunkQueryServiceGrpc;
import io.skyshard.rpc.QueryRequest;
import io.skyshard.rpc.QueryResponse;
import io.skyshard.rpc.Visibility;
import io.skyshard.rpc.WorkerError;
import io.skyshard.rpc.WorkerStatusRequest;
import io.skyshard.rpc.WorkerStatusResponse;
import io.skyshard.worker.WorkerErrorCode;
import io.skyshard.worker.scheduler.Lane;
import io.skyshard.worker.scheduler.Scheduler;
import io.skyshard.worker.storage.StorageBackend;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

import static java.util.Objects.requireNonNull;

/**
 * Answers chunk queries (see skyshard.proto). Every stream starts with the result schema, carries
 * batches and progress, and ends with completion or one WorkerError; a bad request or a failing
 * statement never escapes as an exception from the server.
 */
public final class ChunkQueryServiceImpl extends ChunkQueryServiceGrpc.ChunkQueryServiceImplBase {
    private static final Logger LOG = Logger.getLogger(ChunkQueryServiceImpl.class.getName());

    private final String workerId;
    private final StorageBackend backend;
    private final Scheduler scheduler;
    private final ScheduledExecutorService timers;
    private final ChunkPlanner planner;
    private final QueryRegistry registry = new QueryRegistry();
    /** Before any czar sent one: everything loaded is visible (no ingest transaction is known yet). */
    private final AtomicReference<Visibility> latestVisibility = new AtomicReference<>(
            Visibility.newBuilder().setSnapshotVersion(-1).setVisibleThrough(Long.MAX_VALUE).build());

    public ChunkQueryServiceImpl(String workerId, StorageBackend backend, Scheduler scheduler, ScheduledExecutorService timers) {
        this.workerId = requireNonNull(workerId, "workerId");
        this.backend = requireNonNull(backend, "backend");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.timers = requireNonNull(timers, "timers");
        this.planner = new ChunkPlanner(backend);
    }

    @Override
    public void execute(QueryRequest request, StreamObserver<QueryResponse> responseObserver) {
        ServerCallStreamObserver<QueryResponse> observer = (ServerCallStreamObserver<QueryResponse>) responseObserver;
        ResponseSender sender = new ResponseSender(observer);
        AtomicReference<QueryExecution> ref = new AtomicReference<>();
        observer.setOnCancelHandler(() -> {
            QueryExecution e = ref.get();
            if (e != null) {
                e.abandon();
            } else {
                sender.abandon();
            }
        });
        try {
            if (request.getSqlTemplate().isBlank()) {
                sender.fail(WorkerError.newBuilder().setCode(WorkerErrorCode.INVALID_REQUEST.name())
                        .setMessage("query " + request.getQueryId() + " has an empty sql_template").setChunkId(-1).build());
                return;
            }
            if (request.getChunkIdsCount() == 0) {
                sender.fail(WorkerError.newBuilder().setCode(WorkerErrorCode.INVALID_REQUEST.name())
                        .setMessage("query " + request.getQueryId() + " names no chunk (use -1 for replicated tables)")
                        .setChunkId(-1).build());
                return;
            }
            String template = request.getSqlTemplate();
            long received = System.nanoTime();
            ChunkPlanner.Plan plan = planner.plan(template, request.getChunkIdsList(), request.getUnionSafe(), request.getUnionTable(),
                    VisibilityFilter.of(backend, visibility(request)));
            if (LOG.isLoggable(Level.FINE)) {
                LOG.fine(String.format("query %s: %d chunks planned into %d statements in %.2f ms", request.getQueryId(),
                        request.getChunkIdsCount(), plan.tasks().size(), (System.nanoTime() - received) / 1e6));
            }
            Lane lane = request.getInteractive() ? Lane.INTERACTIVE : Lane.SCAN;
            AtomicReference<ScheduledFuture<?>> deadlineTimer = new AtomicReference<>();
            QueryExecution execution = new QueryExecution(request.getQueryId(), backend, scheduler.executor(lane),
                    scheduler.threads(lane), sender, plan, request.getBatchRows(),
                    () -> planner.schemaProbe(template),
                    () -> {
                        QueryExecution self = ref.get();
                        if (self != null) {
                            registry.remove(self);
                        }
                        ScheduledFuture<?> t = deadlineTimer.get();
                        if (t != null) {
                            t.cancel(false);
                        }
                    });
            ref.set(execution);
            registry.add(execution);
            if (observer.isCancelled()) {
                execution.abandon();
                return;
            }
            long deadline = request.getDeadlineEpochMillis();
            if (deadline > 0) {
                long delay = deadline - System.currentTimeMillis();
                if (delay <= 0) {
                    execution.stop(WorkerErrorCode.DEADLINE_EXCEEDED, "deadline of query " + request.getQueryId() + " passed before it started", -1);
                    return;
                }
                deadlineTimer.set(timers.schedule(() -> execution.stop(WorkerErrorCode.DEADLINE_EXCEEDED,
                        "query " + request.getQueryId() + " exceeded its deadline", -1), delay, TimeUnit.MILLISECONDS));
            }
            execution.start();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "execute of query " + request.getQueryId() + " failed", e);
            QueryExecution execution = ref.get();
            if (execution != null) {
                execution.stop(WorkerErrorCode.INTERNAL, String.valueOf(e.getMessage()), -1);
            } else {
                sender.fail(WorkerError.newBuilder().setCode(WorkerErrorCode.INTERNAL.name())
                        .setMessage(String.valueOf(e.getMessage())).setChunkId(-1).build());
            }
        }
    }

    /**
     * The request's visibility, remembered when it is the newest seen; a request without one (an
     * older client) gets the newest: committed state only grows, so it is the best knowledge here.
     */
    private Visibility visibility(QueryRequest request) {
        if (request.hasVisibility()) {
            Visibility v = request.getVisibility();
            latestVisibility.accumulateAndGet(v, (old, now) -> now.getSnapshotVersion() > old.getSnapshotVersion() ? now : old);
            return v;
        }
        return latestVisibility.get();
    }

    @Override
    public void cancel(CancelRequest request, StreamObserver<CancelResponse> responseObserver) {
        List<QueryExecution> executions = registry.get(request.getQueryId());
        for (QueryExecution e : executions) {
            e.stop(WorkerErrorCode.CANCELLED, "query " + request.getQueryId() + " was cancelled", -1);
        }
        responseObserver.onNext(CancelResponse.newBuilder().setFound(!executions.isEmpty()).build());
        responseObserver.onCompleted();
    }

    @Override
    public void status(WorkerStatusRequest request, StreamObserver<WorkerStatusResponse> responseObserver) {
        List<QueryExecution> all = registry.all();
        int queued = scheduler.queuedTasks();
        for (QueryExecution e : all) {
            queued += e.queuedTasks();
        }
        responseObserver.onNext(WorkerStatusResponse.newBuilder().setWorkerId(workerId)
                .setRunningQueries(all.size()).setQueuedTasks(queued).build());
        responseObserver.onCompleted();
    }

    /** Stops every execution (server shutdown). */
    public void stopAll() {
        for (QueryExecution e : registry.all()) {
            e.stop(WorkerErrorCode.CANCELLED, "worker " + workerId + " is shutting down", -1);
        }
    }
}
