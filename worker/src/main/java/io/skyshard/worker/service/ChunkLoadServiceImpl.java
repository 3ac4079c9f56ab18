package io.skyshard.worker.service;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.skyshard.common.catalog.ChunkTables;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.rpc.ChunkLoadServiceGrpc;
import io.skyshard.rpc.DropDatabaseRequest;
import io.skyshard.rpc.DropDatabaseResponse;
import io.skyshard.rpc.DropTablesRequest;
import io.skyshard.rpc.DropTablesResponse;
import io.skyshard.rpc.ListChunksRequest;
import io.skyshard.rpc.ListChunksResponse;
import io.skyshard.rpc.ListContributionsRequest;
import io.skyshard.rpc.ListContributionsResponse;
import io.skyshard.rpc.PurgeRequest;
import io.skyshard.rpc.PurgeResponse;
import io.skyshard.rpc.LoadHeader;
import io.skyshard.rpc.LoadRequest;
import io.skyshard.rpc.LoadResponse;
import io.skyshard.worker.WorkerErrorCode;
import io.skyshard.worker.storage.StorageBackend;
import io.skyshard.worker.storage.LoadTransaction;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import static java.util.Objects.requireNonNull;

/**
 * Loads tables, lists and drops them. A load stream is a sequence of {@code header, batch*} groups,
 * one per table; all its tables go into one storage transaction committed when the client
 * half-closes, so a stream is all or nothing however many tables it carries.
 * Failures end the call with a gRPC status whose description names the table and the cause.
 */
public final class ChunkLoadServiceImpl extends ChunkLoadServiceGrpc.ChunkLoadServiceImplBase {
    private static final Logger LOG = Logger.getLogger(ChunkLoadServiceImpl.class.getName());

    private final StorageBackend backend;

    public ChunkLoadServiceImpl(StorageBackend backend) {
        this.backend = requireNonNull(backend, "backend");
    }

    /** The table a load header fills: the replicated table, or the chunk store of the chunk (or of its overlap). */
    static String storeTable(LoadHeader header) {
        return header.getOverlap() && header.getChunkId() != ChunkTables.REPLICATED_CHUNK
                ? ChunkTables.overlapStore(header.getTable()) : header.getTable();
    }

    @Override
    public StreamObserver<LoadRequest> load(StreamObserver<LoadResponse> responseObserver) {
        return new StreamObserver<>() {
            private LoadTransaction load;
            private String target = "(no header yet)";
            private int tables;
            private boolean failed;

            @Override
            public void onNext(LoadRequest request) {
                if (failed) {
                    return;
                }
                try {
                    switch (request.getPayloadCase()) {
                        case HEADER -> {
                            LoadHeader h = request.getHeader();
                            String table = storeTable(h);
                            target = h.getDatabase() + "." + (h.getChunkId() == ChunkTables.REPLICATED_CHUNK
                                    ? table : ChunkTables.chunkTable(table, h.getChunkId()));
                            if (load == null) {
                                load = backend.beginTransaction();
                            }
                            tables++;
                            load.startTable(h.getDatabase(), table, h.getChunkId(), h.getColumnsList(), h.getReplace(),
                                    h.getContributionId());
                        }
                        case BATCH -> {
                            if (load == null) {
                                throw new SkyshardException(WorkerErrorCode.INVALID_REQUEST, "load stream sent a batch before its header");
                            }
                            load.append(request.getBatch());
                        }
                        case PAYLOAD_NOT_SET -> throw new SkyshardException(WorkerErrorCode.INVALID_REQUEST,
                                "empty message in the load stream of " + target);
                    }
                } catch (RuntimeException e) {
                    fail(e);
                }
            }

            private void fail(RuntimeException e) {
                failed = true;
                if (load != null) {
                    load.abort();
                }
                if (!(e instanceof SkyshardException)) {
                    LOG.log(Level.WARNING, "load of " + target + " failed", e);
                }
                Status status = e instanceof SkyshardException s && s.code() == WorkerErrorCode.INVALID_REQUEST
                        ? Status.INVALID_ARGUMENT : Status.INTERNAL;
                try {
                    String where = tables > 1 ? target + " (table " + tables + " of the stream; none of its tables was loaded)" : target;
                    responseObserver.onError(status.withDescription("load of " + where + " failed: " + e.getMessage()).asRuntimeException());
                } catch (RuntimeException ignored) {
                    // the loader is gone already
                }
            }

            @Override
            public void onError(Throwable t) {
                failed = true;
                if (load != null) {
                    load.abort();
                }
            }

            @Override
            public void onCompleted() {
                if (failed) {
                    return;
                }
                try {
                    if (load == null) {
                        throw new SkyshardException(WorkerErrorCode.INVALID_REQUEST, "load stream ended without a header");
                    }
                    List<Long> perTable = load.tableRows();
                    long rows = load.commit();
                    responseObserver.onNext(LoadResponse.newBuilder().setRowsLoaded(rows).addAllTableRows(perTable).build());
                    responseObserver.onCompleted();
                } catch (RuntimeException e) {
                    fail(e);
                }
            }
        };
    }

    @Override
    public void listChunks(ListChunksRequest request, StreamObserver<ListChunksResponse> responseObserver) {
        responseObserver.onNext(ListChunksResponse.newBuilder().addAllTables(backend.tables(request.getDatabase())).build());
        responseObserver.onCompleted();
    }

    @Override
    public void purge(PurgeRequest request, StreamObserver<PurgeResponse> responseObserver) {
        try {
            long deleted = backend.purge(request.getTransactionIdsList().stream().mapToLong(Long::longValue).toArray(),
                    request.getContributionIdsList().stream().mapToLong(Long::longValue).toArray());
            responseObserver.onNext(PurgeResponse.newBuilder().setRowsDeleted(deleted).build());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "purge failed", e);
            responseObserver.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    @Override
    public void listContributions(ListContributionsRequest request, StreamObserver<ListContributionsResponse> responseObserver) {
        try {
            ListContributionsResponse.Builder b = ListContributionsResponse.newBuilder();
            for (long c : backend.contributions()) {
                b.addContributionIds(c);
            }
            responseObserver.onNext(b.build());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    @Override
    public void dropTables(DropTablesRequest request, StreamObserver<DropTablesResponse> responseObserver) {
        if (request.getDatabase().isBlank()) {
            responseObserver.onError(Status.INVALID_ARGUMENT.withDescription("DropTables needs a database name").asRuntimeException());
            return;
        }
        try {
            int dropped = 0;
            for (String table : request.getTablesList()) {
                if (backend.dropTable(request.getDatabase(), table)) {
                    dropped++;
                }
            }
            responseObserver.onNext(DropTablesResponse.newBuilder().setDropped(dropped).build());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    @Override
    public void dropDatabase(DropDatabaseRequest request, StreamObserver<DropDatabaseResponse> responseObserver) {
        if (request.getDatabase().isBlank()) {
            responseObserver.onError(Status.INVALID_ARGUMENT.withDescription("DropDatabase needs a database name").asRuntimeException());
            return;
        }
        try {
            backend.dropDatabase(request.getDatabase());
            responseObserver.onNext(DropDatabaseResponse.getDefaultInstance());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
        }
    }
}
