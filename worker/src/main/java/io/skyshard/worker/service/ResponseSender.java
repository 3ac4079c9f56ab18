package io.skyshard.worker.service;

import io.grpc.stub.ServerCallStreamObserver;
import io.skyshard.rpc.ChunksDone;
import io.skyshard.rpc.ColumnarBatch;
import io.skyshard.rpc.QueryResponse;
import io.skyshard.rpc.ResultSchema;
import io.skyshard.rpc.WorkerError;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Serialises the messages of one Execute stream coming from several statement threads, with
 * gRPC flow control: a producer blocks while the transport is not ready, so a slow czar slows
 * the statements down instead of the worker buffering their results. The schema always goes
 * first and nothing follows the terminal message.
 */
final class ResponseSender {
    private static final long READY_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ServerCallStreamObserver<QueryResponse> observer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private boolean schemaSent;
    private boolean terminated;

    ResponseSender(ServerCallStreamObserver<QueryResponse> observer) {
        this.observer = requireNonNull(observer, "observer");
        observer.setOnReadyHandler(this::signalReady);
    }

    private void signalReady() {
        lock.lock();
        try {
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean schemaSent() {
        lock.lock();
        try {
            return schemaSent;
        } finally {
            lock.unlock();
        }
    }

    /** Sends the schema unless one was sent already. */
    boolean schema(ResultSchema schema) {
        lock.lock();
        try {
            if (schemaSent) {
                return !terminated;
            }
            boolean ok = sendLocked(QueryResponse.newBuilder().setSchema(schema).build(), () -> false);
            schemaSent = ok;
            return ok;
        } finally {
            lock.unlock();
        }
    }

    /** Sends a batch, waiting for flow control; false when the stream is finished or stopped. */
    boolean batch(ColumnarBatch batch, BooleanSupplier stop) {
        lock.lock();
        try {
            return sendLocked(QueryResponse.newBuilder().setBatch(batch).build(), stop);
        } finally {
            lock.unlock();
        }
    }

    boolean progress(ChunksDone done) {
        lock.lock();
        try {
            return sendLocked(QueryResponse.newBuilder().setChunksDone(done).build(), () -> false);
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream with an error message; returns false if it had already ended. */
    boolean fail(WorkerError error) {
        lock.lock();
        try {
            if (terminated) {
                return false;
            }
            // Not held back by flow control: one small terminal message, which gRPC buffers, and a
            // caller that may be the transport's own thread (request checks), which must never wait
            // for a readiness signal only that thread could deliver.
            try {
                if (!observer.isCancelled()) {
                    observer.onNext(QueryResponse.newBuilder().setError(error).build());
                }
            } catch (RuntimeException ignored) {
                // the czar is gone; nobody to tell
            }
            terminated = true;
            try {
                observer.onCompleted();
            } catch (RuntimeException ignored) {
                // the czar is gone; nobody to tell
            }
            ready.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    boolean complete() {
        lock.lock();
        try {
            if (terminated) {
                return false;
            }
            terminated = true;
            try {
                observer.onCompleted();
            } catch (RuntimeException ignored) {
                // the czar is gone; nobody to tell
            }
            ready.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Marks the stream dead without sending anything (the call was cancelled by the client). */
    void abandon() {
        lock.lock();
        try {
            terminated = true;
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private boolean sendLocked(QueryResponse message, BooleanSupplier stop) {
        try {
            while (!terminated && !observer.isCancelled() && !observer.isReady()) {
                if (stop.getAsBoolean()) {
                    return false;
                }
                ready.awaitNanos(READY_POLL_NANOS);
            }
            if (terminated || observer.isCancelled()) {
                return false;
            }
            observer.onNext(message);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            // onNext fails once the call is cancelled; the cancel handler stops the execution
            terminated = true;
            return false;
        }
    }
}
