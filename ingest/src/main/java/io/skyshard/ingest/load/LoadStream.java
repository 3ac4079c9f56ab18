package io.skyshard.ingest.load;

import static java.util.Objects.requireNonNull;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import io.skyshard.ingest.data.RowSet;
import io.skyshard.ingest.data.TableBlock;
import io.skyshard.rpc.ChunkLoadServiceGrpc;
import io.skyshard.rpc.LoadHeader;
import io.skyshard.rpc.LoadRequest;
import io.skyshard.rpc.LoadResponse;
import io.skyshard.common.catalog.ChunkTables;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends tables (header + batches each) over one ChunkLoadService.Load stream and waits for the
 * worker's commit. Honours gRPC flow control: a slow worker makes the sender wait instead of
 * buffering a whole chunk in the channel.
 */
final class LoadStream {
    private static final long TIMEOUT_MINUTES = 10;

    private LoadStream() {
    }

    /** One table of a multi-table stream: its header and its rows, produced only when the stream reaches it. */
    record Table(LoadHeader header, Supplier<? extends RowSet> rows) {
        Table {
            requireNonNull(header, "header");
            requireNonNull(rows, "rows");
        }

        String name() {
            String t = header.getChunkId() == ChunkTables.REPLICATED_CHUNK ? header.getTable()
                    : header.getOverlap() ? ChunkTables.overlapTable(header.getTable(), header.getChunkId())
                    : ChunkTables.chunkTable(header.getTable(), header.getChunkId());
            return header.getDatabase() + "." + t;
        }
    }

    static long send(ManagedChannel channel, String workerId, LoadHeader header, TableBlock rows, int batchRows) {
        return send(channel, workerId, List.of(new Table(header, () -> rows)), batchRows);
    }

    /**
     * Sends several tables over one stream ({@code header, batch*} per table), which the worker
     * loads in one transaction: on failure none of them is loaded. Returns the rows loaded.
     */
    static long send(ManagedChannel channel, String workerId, List<Table> tables, int batchRows) {
        if (tables.isEmpty()) {
            return 0;
        }
        String where = describe(workerId, tables);
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
            List<LoadHeader> declarations = declarations(tables);
            for (LoadHeader d : declarations) {
                awaitReady(requests, done, lock);
                requests.onNext(LoadRequest.newBuilder().setHeader(d).build());
            }
            long[] sent = new long[tables.size()];
            for (int t = 0; t < tables.size() && !done.isDone(); t++) {
                RowSet rows = tables.get(t).rows().get();
                sent[t] = rows.rowCount();
                awaitReady(requests, done, lock);
                requests.onNext(LoadRequest.newBuilder().setHeader(tables.get(t).header()).build());
                int step = rowsPerBatch(batchRows, tables.get(t).header().getColumnsCount());
                for (int from = 0; from < rows.rowCount() && !done.isDone(); from += step) {
                    awaitReady(requests, done, lock);
                    int to = Math.min(rows.rowCount(), from + step);
                    requests.onNext(LoadRequest.newBuilder().setBatch(rows.batch(from, to)).build());
                }
            }
            if (!done.isDone()) {
                requests.onCompleted();
            }
            LoadResponse response = done.get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
            long total = Arrays.stream(sent).sum();
            if (response.getRowsLoaded() != total) {
                throw new SkyshardException(IngestErrorCode.WORKER_LOAD_FAILED,
                        where + ": worker loaded " + response.getRowsLoaded() + " rows, " + total + " were sent");
            }
            // Workers predating per-table counts answer only the total.
            int first = declarations.size();
            for (int t = 0; first + t < response.getTableRowsCount() && t < sent.length; t++) {
                if (response.getTableRows(first + t) != sent[t]) {
                    throw new SkyshardException(IngestErrorCode.WORKER_LOAD_FAILED, where + ": worker loaded "
                            + response.getTableRows(first + t) + " rows into " + tables.get(t).name() + ", " + sent[t] + " were sent");
                }
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

    /**
     * Rows per batch message: {@code batchRows}, fewer for a wide table so that a message stays near
     * {@link LoadOptions#BATCH_BYTES} (8 bytes a value) and far below the worker's inbound limit.
     */
    static int rowsPerBatch(int batchRows, int columns) {
        return (int) Math.max(1, Math.min(batchRows, LoadOptions.BATCH_BYTES / (8L * Math.max(1, columns))));
    }

    /**
     * Row-less headers naming every chunk table store the stream will fill, sent before any row so
     * that the worker creates missing stores before its transaction begins (see the Load RPC).
     */
    static List<LoadHeader> declarations(List<Table> tables) {
        java.util.Map<List<Object>, LoadHeader> stores = new java.util.LinkedHashMap<>();
        for (Table t : tables) {
            LoadHeader h = t.header();
            // A replicated table loaded for a contribution is declared too: the worker gives it the
            // hidden contribution column before the transaction begins.
            if (h.getChunkId() != ChunkTables.REPLICATED_CHUNK || h.getContributionId() != 0) {
                stores.putIfAbsent(List.of(h.getDatabase(), h.getTable(), h.getOverlap(), h.getChunkId() == ChunkTables.REPLICATED_CHUNK),
                        h.toBuilder().setReplace(false).build());
            }
        }
        return List.copyOf(stores.values());
    }

    private static String describe(String workerId, List<Table> tables) {
        if (tables.size() == 1) {
            LoadHeader h = tables.getFirst().header();
            return "worker " + workerId + ", table " + h.getDatabase() + "." + h.getTable()
                    + (h.getOverlap() ? " (overlap)" : "") + ", chunk " + h.getChunkId();
        }
        StringBuilder sb = new StringBuilder("worker " + workerId + ", stream of " + tables.size() + " tables (");
        int shown = Math.min(3, tables.size());
        for (int t = 0; t < shown; t++) {
            sb.append(t == 0 ? "" : ", ").append(tables.get(t).name());
        }
        return sb.append(tables.size() > shown ? ", ... " + tables.getLast().name() : "").append(")").toString();
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
