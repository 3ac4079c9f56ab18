package io.skyshard.ingest.load;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.skyshard.common.catalog.ChunkTables;
import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.ingest.data.BatchEncoder;
import io.skyshard.ingest.data.TableBlock;
import io.skyshard.rpc.ChunkLoadServiceGrpc;
import io.skyshard.rpc.ColumnSpec;
import io.skyshard.rpc.DropDatabaseRequest;
import io.skyshard.rpc.DropDatabaseResponse;
import io.skyshard.rpc.ListChunksRequest;
import io.skyshard.rpc.ListChunksResponse;
import io.skyshard.rpc.LoadHeader;
import io.skyshard.rpc.LoadRequest;
import io.skyshard.rpc.LoadResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hand-written in-memory ChunkLoadService on an ephemeral port: keeps what it was sent per
 * physical table so tests can check exactly what the loader wrote. Can be told to fail one table.
 */
final class FakeLoadWorker implements AutoCloseable {
    final Map<String, Map<String, TableBlock>> tables = new ConcurrentHashMap<>();
    volatile String failTable;
    /** Load streams committed. */
    final AtomicInteger streams = new AtomicInteger();
    private final Server server;

    FakeLoadWorker() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new Service())
                .maxInboundMessageSize(64 << 20)
                .build()
                .start();
    }

    int port() {
        return server.getPort();
    }

    Map<String, TableBlock> database(String db) {
        return tables.getOrDefault(db, Map.of());
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    private static ColumnType type(ColumnSpec spec) {
        return switch (spec.getKind()) {
            case BOOLEAN -> ColumnType.BOOLEAN;
            case TINYINT -> ColumnType.TINYINT;
            case SMALLINT -> ColumnType.SMALLINT;
            case INTEGER -> ColumnType.INTEGER;
            case BIGINT -> ColumnType.BIGINT;
            case FLOAT -> ColumnType.FLOAT;
            case DOUBLE -> ColumnType.DOUBLE;
            case DECIMAL -> ColumnType.DECIMAL;
            case VARCHAR -> ColumnType.VARCHAR;
            case VARBINARY -> ColumnType.VARBINARY;
            case UBIGINT -> ColumnType.BIT;
            case DATE -> ColumnType.DATE;
            case TIME -> ColumnType.TIME;
            case TIMESTAMP -> ColumnType.TIMESTAMP;
            default -> throw new IllegalArgumentException("kind " + spec.getKind());
        };
    }

    private final class Service extends ChunkLoadServiceGrpc.ChunkLoadServiceImplBase {
        @Override
        public StreamObserver<LoadRequest> load(StreamObserver<LoadResponse> response) {
            // Multi-table streams, all or nothing like the real worker: tables are kept only at the end.
            return new StreamObserver<>() {
                private LoadHeader header;
                private List<ColumnDef> columns;
                private List<TableBlock> batches = new ArrayList<>();
                private final List<LoadHeader> headers = new ArrayList<>();
                private final List<TableBlock> loaded = new ArrayList<>();
                private boolean failed;

                @Override
                public void onNext(LoadRequest value) {
                    if (failed) {
                        return;
                    }
                    if (value.hasHeader()) {
                        finishTable();
                        header = value.getHeader();
                        columns = header.getColumnsList().stream()
                                .map(s -> new ColumnDef(s.getName(), type(s), s.getPrecision(), s.getScale(), s.getNullable()))
                                .toList();
                        if (header.getTable().equals(failTable)) {
                            failed = true;
                            response.onError(Status.INTERNAL.withDescription("disk full").asRuntimeException());
                        }
                    } else {
                        batches.add(BatchEncoder.decode(columns, value.getBatch()));
                    }
                }

                private void finishTable() {
                    if (header != null) {
                        headers.add(header);
                        loaded.add(TableBlock.concat(columns, batches));
                        batches = new ArrayList<>();
                        header = null;
                    }
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                    if (failed) {
                        return;
                    }
                    finishTable();
                    streams.incrementAndGet();
                    LoadResponse.Builder answer = LoadResponse.newBuilder();
                    long total = 0;
                    for (int i = 0; i < headers.size(); i++) {
                        LoadHeader h = headers.get(i);
                        String name = h.getChunkId() == ChunkTables.REPLICATED_CHUNK ? h.getTable()
                                : h.getOverlap() ? ChunkTables.overlapTable(h.getTable(), h.getChunkId())
                                : ChunkTables.chunkTable(h.getTable(), h.getChunkId());
                        TableBlock rows = loaded.get(i);
                        // Contributions append; plain loads replace.
                        tables.computeIfAbsent(h.getDatabase(), d -> new ConcurrentHashMap<>()).merge(name, rows,
                                (old, now) -> h.getReplace() ? now : TableBlock.concat(now.columns(), List.of(old, now)));
                        answer.addTableRows(loaded.get(i).rowCount());
                        total += loaded.get(i).rowCount();
                    }
                    response.onNext(answer.setRowsLoaded(total).build());
                    response.onCompleted();
                }
            };
        }

        @Override
        public void listChunks(ListChunksRequest request, StreamObserver<ListChunksResponse> response) {
            response.onNext(ListChunksResponse.newBuilder().addAllTables(database(request.getDatabase()).keySet()).build());
            response.onCompleted();
        }

        @Override
        public void dropDatabase(DropDatabaseRequest request, StreamObserver<DropDatabaseResponse> response) {
            tables.remove(request.getDatabase());
            response.onNext(DropDatabaseResponse.getDefaultInstance());
            response.onCompleted();
        }
    }
}
