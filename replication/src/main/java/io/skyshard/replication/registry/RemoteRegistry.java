package io.skyshard.replication.registry;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.skyshard.common.catalog.ChunkRef;
import io.skyshard.common.catalog.ClusterSnapshot;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.Registry;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.WorkerInfo;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.replication.ReplicationErrorCode;
import io.skyshard.rpc.DirectorIndexBatch;
import io.skyshard.rpc.DirectorLookupRequest;
import io.skyshard.rpc.DirectorLookupResponse;
import io.skyshard.rpc.RegistryServiceGrpc;
import io.skyshard.rpc.RegistryUpdateRequest;
import io.skyshard.rpc.RegistryUpdateResponse;
import io.skyshard.rpc.SnapshotRequest;
import io.skyshard.rpc.SnapshotResponse;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The registry of a controller in another process, over gRPC. Snapshots are cached and revalidated
 * at most every {@code refreshMillis} (a cheap "unchanged" answer when nothing moved), so planning a
 * query does not cost a round trip to the controller each time.
 */
public final class RemoteRegistry implements Registry, AutoCloseable {
    private static final long DEFAULT_REFRESH_MILLIS = 200;
    private static final int INDEX_BATCH = 65_536;

    private final ManagedChannel channel;
    private final RegistryServiceGrpc.RegistryServiceBlockingStub blocking;
    private final RegistryServiceGrpc.RegistryServiceStub async;
    private final long refreshMillis;
    private volatile ClusterSnapshot cached;
    private volatile long fetchedAtNanos;

    public RemoteRegistry(String target) {
        this(NettyChannelBuilder.forTarget(target).usePlaintext().maxInboundMessageSize(256 << 20).build(),
                DEFAULT_REFRESH_MILLIS);
    }

    public RemoteRegistry(ManagedChannel channel, long refreshMillis) {
        this.channel = channel;
        this.blocking = RegistryServiceGrpc.newBlockingStub(channel);
        this.async = RegistryServiceGrpc.newStub(channel);
        this.refreshMillis = refreshMillis;
    }

    @Override
    public ClusterSnapshot snapshot() {
        ClusterSnapshot s = cached;
        if (s != null && System.nanoTime() - fetchedAtNanos < TimeUnit.MILLISECONDS.toNanos(refreshMillis)) {
            return s;
        }
        return refresh();
    }

    /** Fetches the snapshot now, bypassing the cache. */
    public synchronized ClusterSnapshot refresh() {
        ClusterSnapshot s = cached;
        long known = s == null ? 0 : s.version();
        SnapshotResponse r = call(() -> blocking.withDeadlineAfter(30, TimeUnit.SECONDS)
                .getSnapshot(SnapshotRequest.newBuilder().setKnownVersion(known).build()));
        if (!r.getUnchanged()) {
            s = SnapshotJson.snapshot(r.getJson());
            cached = s;
        }
        fetchedAtNanos = System.nanoTime();
        return s;
    }

    @Override
    public Map<Long, ChunkRef> lookup(String database, String directorTable, Collection<Long> keys) {
        DirectorLookupResponse r = call(() -> blocking.withDeadlineAfter(30, TimeUnit.SECONDS).lookupDirector(
                DirectorLookupRequest.newBuilder().setDatabase(database).setTable(directorTable).addAllKeys(keys).build()));
        Map<Long, ChunkRef> out = new HashMap<>();
        for (int i = 0; i < r.getKeysCount(); i++) {
            out.put(r.getKeys(i), new ChunkRef(r.getChunkIds(i), r.getSubChunkIds(i)));
        }
        return out;
    }

    @Override
    public void createDatabase(DatabaseDef database) {
        update(new SnapshotJson.Update(database, null, null, null, null, null));
    }

    @Override
    public void createTable(TableDef table) {
        update(new SnapshotJson.Update(null, table, null, null, null, null));
    }

    @Override
    public void registerWorker(WorkerInfo worker) {
        update(new SnapshotJson.Update(null, null, worker, null, null, null));
    }

    @Override
    public void setPlacement(String database, Map<Integer, List<String>> chunkReplicas) {
        update(new SnapshotJson.Update(null, null, null, database, chunkReplicas, null));
    }

    @Override
    public void dropDatabase(String database) {
        update(new SnapshotJson.Update(null, null, null, null, null, database));
    }

    @Override
    public void addDirectorIndex(String database, String directorTable, long[] keys, int[] chunkIds, int[] subChunkIds) {
        CompletableFuture<RegistryUpdateResponse> done = new CompletableFuture<>();
        StreamObserver<DirectorIndexBatch> req = async.withDeadlineAfter(10, TimeUnit.MINUTES)
                .addDirectorIndex(new StreamObserver<>() {
                    @Override
                    public void onNext(RegistryUpdateResponse value) {
                        done.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(null);
                    }
                });
        for (int from = 0; from < keys.length || from == 0; from += INDEX_BATCH) {
            int to = Math.min(keys.length, from + INDEX_BATCH);
            var b = DirectorIndexBatch.newBuilder().setDatabase(database).setTable(directorTable);
            for (int i = from; i < to; i++) {
                b.addKeys(keys[i]).addChunkIds(chunkIds[i]).addSubChunkIds(subChunkIds[i]);
            }
            req.onNext(b.build());
            if (keys.length == 0) {
                break;
            }
        }
        req.onCompleted();
        try {
            done.get();
        } catch (ExecutionException e) {
            throw translate(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SkyshardException(ReplicationErrorCode.CONTROLLER_UNAVAILABLE, "interrupted while adding director index");
        }
        invalidate();
    }

    private void update(SnapshotJson.Update u) {
        call(() -> blocking.withDeadlineAfter(60, TimeUnit.SECONDS)
                .update(RegistryUpdateRequest.newBuilder().setJson(SnapshotJson.write(u)).build()));
        invalidate();
    }

    private void invalidate() {
        fetchedAtNanos = 0;
    }

    private interface RemoteCall<T> {
        T run();
    }

    private <T> T call(RemoteCall<T> c) {
        try {
            return c.run();
        } catch (StatusRuntimeException e) {
            throw translate(e);
        }
    }

    /** Maps a gRPC failure back to the controller's error code (carried as "CODE: message"). */
    static SkyshardException translate(Throwable t) {
        if (t instanceof StatusRuntimeException e) {
            String d = e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription();
            int colon = d.indexOf(": ");
            if (colon > 0) {
                try {
                    return new SkyshardException(ReplicationErrorCode.valueOf(d.substring(0, colon)), d.substring(colon + 2), e);
                } catch (IllegalArgumentException notOurs) {
                    // fall through
                }
            }
            return new SkyshardException(ReplicationErrorCode.CONTROLLER_UNAVAILABLE,
                    "controller call failed: " + e.getStatus().getCode() + (d.isEmpty() ? "" : " " + d), e);
        }
        return SkyshardException.wrap(t);
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
