package io.skyshard.ingest.load;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import io.skyshard.ingest.data.BatchEncoder;
import io.skyshard.ingest.data.TableBlock;
import io.skyshard.rpc.ChunkLoadServiceGrpc;
import io.skyshard.rpc.LoadHeader;
import io.skyshard.rpc.LoadRequest;
import io.skyshard.rpc.LoadResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one table (header + batches) over one ChunkLoadService.Load stream and waits for the
 * worker's commit. Honours gRPC flow control: a slow worker makes the sender wait instead of
 * buffering a whole chunk in the channel.
 */
final class LoadStream {
    private static final long TIMEOUT_MINUTES = 10;

    private LoadStream() {
    }

    static long send(ManagedChannel channel, String workerId, LoadHeader header, TableBlock rows, int batchRows) {
        String where = "worker " + workerId + ", table " + header.getDatabase() + "." + header.getTable()
                + (header.getOverlap() ? " (overlap)" : "") + ", chunk " + header.getChunkId();
        Object lock = new Object();
        CompletableFuture<LoadResponse> done = new CompletableFuture<>();
        ClientResponseObserver<LoadRequest, LoadResponse> observer = new ClientResponseObserver<>() {
            private LoadResponse response;

            @Override
            public void beforeStart(ClientCallStreamObserver<LoadRequest> requestStream) {
                requestStream.setOnReadyHandler(() -> {
                    synchronized (lock) {
                        lock.notifyAll();
                    }
                });
            }

            @Override
            public void onNext(LoadResponse value) {
                response = value;
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
                synchronized (lock) {
                    lock.notifyAll();
                }
            }

            @Override
            public void onCompleted() {
                done.complete(response == null ? LoadResponse.getDefaultInstance() : response);
            }
        };
        ClientCallStreamObserver<LoadRequest> requests = (ClientCallStreamObserver<LoadRequest>) ChunkLoadServiceGrpc
                .newStub(channel)
                .withDeadlineAfter(TIMEOUT_MINUTES, TimeUnit.MINUTES)
                .withMaxOutboundMessageSize(WorkerConnections.MAX_MESSAGE_BYTES)
                .load(observer);
        try {
            requests.onNext(LoadRequest.newBuilder().setHeader(header).build());
            for (int from = 0; from < rows.rowCount() && !done.isDone(); from += batchRows) {
                awaitReady(requests, done, lock);
                int to = Math.min(rows.rowCount(), from + batchRows);
                requests.onNext(LoadRequest.newBuilder().setBatch(BatchEncoder.encode(rows, from, to)).build());
            }
            if (!done.isDone()) {
                requests.onCompleted();
            }
            LoadResponse response = done.get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
            if (response.getRowsLoaded() != rows.rowCount()) {
                throw new SkyshardException(IngestErrorCode.WORKER_LOAD_FAILED,
                        where + ": worker loaded " + response.getRowsLoaded() + " rows, " + rows.rowCount() + " were sent");
            }
            return response.getRowsLoaded();
        } catch (InterruptedException e) {
            requests.cancel("load interrupted", e);
            Thread.currentThread().interrupt();
            throw new SkyshardException(IngestErrorCode.WORKER_LOAD_FAILED, where + ": interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String message = cause instanceof StatusRuntimeException s
                    ? s.getStatus().getCode() + ": " + s.getStatus().getDescription()
                    : String.valueOf(cause);
            throw new SkyshardException(IngestErrorCode.WORKER_LOAD_FAILED, where + ": " + message, cause);
        } catch (TimeoutException e) {
            requests.cancel("load timed out", e);
            throw new SkyshardException(IngestErrorCode.WORKER_LOAD_FAILED, where + ": no answer in " + TIMEOUT_MINUTES + " min", e);
        } catch (RuntimeException e) {
            requests.cancel("load failed", e);
            throw e;
        }
    }

    private static void awaitReady(ClientCallStreamObserver<LoadRequest> requests, CompletableFuture<?> done, Object lock)
            throws InterruptedException {
        synchronized (lock) {
            while (!requests.isReady() && !done.isDone()) {
                lock.wait(50);
            }
        }
    }
}
