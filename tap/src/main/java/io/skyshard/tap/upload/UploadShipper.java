package io.skyshard.tap.upload;

import static java.util.Objects.requireNonNull;

import io.grpc.stub.StreamObserver;
import io.skyshard.common.catalog.ChunkTables;
import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.WorkerInfo;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.dispatch.WorkerChannels;
import io.skyshard.rpc.ChunkLoadServiceGrpc;
import io.skyshard.rpc.ColumnSpec;
import io.skyshard.rpc.DropTablesRequest;
import io.skyshard.rpc.LoadHeader;
import io.skyshard.rpc.LoadRequest;
import io.skyshard.rpc.LoadResponse;
import io.skyshard.rpc.convert.BatchBuilder;
import io.skyshard.rpc.convert.ColumnKinds;
import io.skyshard.tap.TapErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Puts upload tables on the workers as replicated tables of the database a query runs in, and
 * drops them when the query is over, so that the planner's partitioned x replicated join answers
 * a cross-match chunk by chunk. Every table loaded is first written to a journal in
 * {@code journalDir}; a czar that stops before dropping a table drops it at its next start.
 */
public final class UploadShipper implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UploadShipper.class.getName());
    private static final int BATCH_ROWS = 4096;
    private static final long TIMEOUT_SECONDS = 120;

    private final WorkerChannels channels = new WorkerChannels();
    private final Path journalDir;

    public UploadShipper(Path journalDir) {
        this.journalDir = requireNonNull(journalDir, "journalDir");
        try {
            Files.createDirectories(journalDir);
        } catch (IOException e) {
            throw new SkyshardException(TapErrorCode.STORAGE_FAILED, "cannot create " + journalDir + ": " + e.getMessage(), e);
        }
    }

    /** Loads one table on every worker (all of them hold every replicated table). */
    public void load(List<WorkerInfo> workers, TableDef table, List<Object[]> rows) {
        journal(table.database(), table.name());
        List<ColumnSpec> specs = new ArrayList<>();
        for (ColumnDef c : table.columns()) {
            specs.add(ColumnKinds.spec(c));
        }
        List<CompletableFuture<LoadResponse>> loads = new ArrayList<>();
        for (WorkerInfo w : workers) {
            loads.add(send(w, table, specs, rows));
        }
        for (int i = 0; i < loads.size(); i++) {
            try {
                LoadResponse r = loads.get(i).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (r.getRowsLoaded() != rows.size()) {
                    throw new SkyshardException(TapErrorCode.INTERNAL, "worker " + workers.get(i).id() + " loaded "
                            + r.getRowsLoaded() + " upload rows of " + rows.size());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SkyshardException(TapErrorCode.INTERNAL, "interrupted while loading an upload", e);
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new SkyshardException(TapErrorCode.INTERNAL, "loading the upload on worker " + workers.get(i).id()
                        + " failed: " + cause.getMessage(), cause);
            }
        }
    }

    private CompletableFuture<LoadResponse> send(WorkerInfo worker, TableDef table, List<ColumnSpec> specs, List<Object[]> rows) {
        CompletableFuture<LoadResponse> done = new CompletableFuture<>();
        StreamObserver<LoadRequest> requests = ChunkLoadServiceGrpc.newStub(channels.channel(worker))
                .withDeadlineAfter(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .load(new StreamObserver<>() {
                    private LoadResponse response;

                    @Override
                    public void onNext(LoadResponse value) {
                        response = value;
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(response == null ? LoadResponse.getDefaultInstance() : response);
                    }
                });
        try {
            requests.onNext(LoadRequest.newBuilder().setHeader(LoadHeader.newBuilder()
                    .setDatabase(table.database()).setTable(table.name()).setChunkId(ChunkTables.REPLICATED_CHUNK)
                    .addAllColumns(specs).setReplace(true)).build());
            for (int from = 0; from < rows.size(); from += BATCH_ROWS) {
                BatchBuilder batch = new BatchBuilder(specs);
                for (int r = from; r < Math.min(rows.size(), from + BATCH_ROWS); r++) {
                    batch.addRow(rows.get(r));
                }
                requests.onNext(LoadRequest.newBuilder().setBatch(batch.build()).build());
            }
            requests.onCompleted();
        } catch (RuntimeException e) {
            requests.onError(e);
            done.completeExceptionally(e);
        }
        return done;
    }

    /** Drops tables on every worker; failures are logged (the journal keeps them for the next start). */
    public void drop(List<WorkerInfo> workers, String database, List<String> tables) {
        boolean all = true;
        for (WorkerInfo w : workers) {
            try {
                ChunkLoadServiceGrpc.newBlockingStub(channels.channel(w)).withDeadlineAfter(30, TimeUnit.SECONDS)
                        .dropTables(DropTablesRequest.newBuilder().setDatabase(database).addAllTables(tables).build());
            } catch (RuntimeException e) {
                all = false;
                LOG.log(System.Logger.Level.WARNING, "cannot drop upload tables " + tables + " on worker " + w.id() + ": "
                        + e.getMessage());
            }
        }
        if (all) {
            tables.forEach(t -> forget(database, t));
        }
    }

    /** Drops the tables a previous run loaded and did not drop. */
    public void dropLeftovers(List<WorkerInfo> workers) {
        try (var files = Files.list(journalDir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".pending")).toList()) {
                List<String> lines = Files.readAllLines(p);
                if (lines.size() == 2) {
                    drop(workers, lines.get(0), List.of(lines.get(1)));
                } else {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read the upload journal " + journalDir + ": " + e.getMessage());
        }
    }

    private void journal(String database, String table) {
        try {
            Files.write(journalDir.resolve(table + ".pending"), List.of(database, table));
        } catch (IOException e) {
            throw new SkyshardException(TapErrorCode.STORAGE_FAILED, "cannot write the upload journal: " + e.getMessage(), e);
        }
    }

    private void forget(String database, String table) {
        try {
            Files.deleteIfExists(journalDir.resolve(table + ".pending"));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot update the upload journal: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        channels.close();
    }
}
