package io.skyshard.replication.registry;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.skyshard.common.catalog.ChunkRef;
import io.skyshard.common.catalog.ClusterSnapshot;
import io.skyshard.common.catalog.Registry;
import io.skyshard.common.error.ErrorCategory;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.rpc.DirectorIndexBatch;
import io.skyshard.rpc.DirectorLookupRequest;
import io.skyshard.rpc.DirectorLookupResponse;
import io.skyshard.rpc.RegistryServiceGrpc;
import io.skyshard.rpc.RegistryUpdateRequest;
import io.skyshard.rpc.RegistryUpdateResponse;
import io.skyshard.rpc.SnapshotRequest;
import io.skyshard.rpc.SnapshotResponse;
import java.util.Map;

/** Serves a {@link Registry} (the controller's store) to other processes over gRPC. */
public final class RegistryGrpcService extends RegistryServiceGrpc.RegistryServiceImplBase {
    private final Registry registry;

    public RegistryGrpcService(Registry registry) {
        this.registry = requireNonNull(registry, "registry");
    }

    @Override
    public void getSnapshot(SnapshotRequest request, StreamObserver<SnapshotResponse> out) {
        respond(out, () -> {
            ClusterSnapshot s = registry.snapshot();
            if (s.version() == request.getKnownVersion() && request.getKnownVersion() != 0) {
                return SnapshotResponse.newBuilder().setVersion(s.version()).setUnchanged(true).build();
            }
            return SnapshotResponse.newBuilder().setVersion(s.version()).setJson(SnapshotJson.write(s)).build();
        });
    }

    @Override
    public void lookupDirector(DirectorLookupRequest request, StreamObserver<DirectorLookupResponse> out) {
        respond(out, () -> {
            Map<Long, ChunkRef> found = registry.lookup(request.getDatabase(), request.getTable(), request.getKeysList());
            var b = DirectorLookupResponse.newBuilder();
            found.forEach((k, ref) -> b.addKeys(k).addChunkIds(ref.chunkId()).addSubChunkIds(ref.subChunkId()));
            return b.build();
        });
    }

    @Override
    public void update(RegistryUpdateRequest request, StreamObserver<RegistryUpdateResponse> out) {
        respond(out, () -> {
            SnapshotJson.Update u = SnapshotJson.read(request.getJson(), SnapshotJson.Update.class);
            if (u.createDatabase() != null) {
                registry.createDatabase(u.createDatabase());
            } else if (u.createTable() != null) {
                registry.createTable(u.createTable());
            } else if (u.registerWorker() != null) {
                registry.registerWorker(u.registerWorker());
            } else if (u.placementDatabase() != null && u.placement() != null) {
                registry.setPlacement(u.placementDatabase(), u.placement());
            } else if (u.dropDatabase() != null) {
                registry.dropDatabase(u.dropDatabase());
            } else {
                throw new SkyshardException(io.skyshard.replication.ReplicationErrorCode.INVALID_REQUEST,
                        "registry update names no operation");
            }
            return RegistryUpdateResponse.newBuilder().setVersion(registry.snapshot().version()).build();
        });
    }

    @Override
    public StreamObserver<DirectorIndexBatch> addDirectorIndex(StreamObserver<RegistryUpdateResponse> out) {
        // Batches are gathered and added at the end of the stream in one call, so that a stream cut
        // half-way adds nothing and the index is merged once rather than once per batch.
        return new StreamObserver<>() {
            private String database;
            private String table;
            private final io.skyshard.common.util.LongList keys = new io.skyshard.common.util.LongList();
            private final io.skyshard.common.util.IntList chunks = new io.skyshard.common.util.IntList();
            private final io.skyshard.common.util.IntList subs = new io.skyshard.common.util.IntList();

            @Override
            public void onNext(DirectorIndexBatch batch) {
                database = batch.getDatabase();
                table = batch.getTable();
                batch.getKeysList().forEach(keys::add);
                batch.getChunkIdsList().forEach(chunks::add);
                batch.getSubChunkIdsList().forEach(subs::add);
            }

            @Override
            public void onError(Throwable t) {
                // Client gave up: nothing was added.
            }

            @Override
            public void onCompleted() {
                respond(out, () -> {
                    if (database != null) {
                        registry.addDirectorIndex(database, table, keys.toArray(), chunks.toArray(), subs.toArray());
                    }
                    return RegistryUpdateResponse.newBuilder().setVersion(registry.snapshot().version()).build();
                });
            }
        };
    }

    private interface Call<T> {
        T run();
    }

    private static <T> void respond(StreamObserver<T> out, Call<T> call) {
        T result;
        try {
            result = call.run();
        } catch (SkyshardException e) {
            Status status = e.code().category() == ErrorCategory.USER ? Status.INVALID_ARGUMENT : Status.UNAVAILABLE;
            out.onError(status.withDescription(e.code().name() + ": " + e.getMessage()).asRuntimeException());
            return;
        } catch (RuntimeException e) {
            out.onError(Status.INTERNAL.withDescription(String.valueOf(e.getMessage())).withCause(e).asRuntimeException());
            return;
        }
        out.onNext(result);
        out.onCompleted();
    }
}
