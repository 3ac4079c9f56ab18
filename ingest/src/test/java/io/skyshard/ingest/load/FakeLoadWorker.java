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

/**
 * A hand-written in-memory ChunkLoadService on an ephemeral port: keeps what it was sent per
 * physical table so tests can check exactly what the loader wrote. Can be told to fail one table.
 */
final class FakeLoadWorker implements AutoCloseable {
    final Map<String, Map<String, TableBlock>> tables = new ConcurrentHashMap<>();
    volatile String failTable;
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
            return new StreamObserver<>() {
                private LoadHeader header;
                private List<ColumnDef> columns;
                private final List<TableBlock> batches = new ArrayList<>();
                private boolean failed;

                @Override
                public void onNext(LoadRequest value) {
                    if (failed) {
                        return;
                    }
                    if (value.hasHeader()) {
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

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                    if (failed) {
                        return;
                    }
                    String name = header.getChunkId() == ChunkTables.REPLICATED_CHUNK ? header.getTable()
                            : header.getOverlap() ? ChunkTables.overlapTable(header.getTable(), header.getChunkId())
                            : ChunkTables.chunkTable(header.getTable(), header.getChunkId());
                    TableBlock all = TableBlock.concat(columns, batches);
                    tables.computeIfAbsent(header.getDatabase(), d -> new ConcurrentHashMap<>()).put(name, all);
                    response.onNext(LoadResponse.newBuilder().setRowsLoaded(all.rowCount()).build());
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
