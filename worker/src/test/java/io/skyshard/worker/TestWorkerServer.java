package io.skyshard.worker;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.skyshard.rpc.CancelRequest;
import io.skyshard.rpc.ChunkLoadServiceGrpc;
import io.skyshard.rpc.ChunkQueryServiceGrpc;
import io.skyshard.rpc.ColumnKind;
import io.skyshard.rpc.ColumnSpec;
import io.skyshard.rpc.ColumnarBatch;
import io.skyshard.rpc.ListChunksRequest;
import io.skyshard.rpc.LoadHeader;
import io.skyshard.rpc.LoadRequest;
import io.skyshard.rpc.LoadResponse;
import io.skyshard.rpc.QueryRequest;
import io.skyshard.rpc.QueryResponse;
import io.skyshard.rpc.WorkerStatusRequest;
import io.skyshard.rpc.convert.BatchBuilder;
import io.skyshard.rpc.convert.BatchReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TestWorkerServer {
    private static final List<ColumnSpec> OBJECT = List.of(
            spec("objectId", ColumnKind.BIGINT), spec("ra", ColumnKind.DOUBLE), spec("decl", ColumnKind.DOUBLE),
            spec("flux", ColumnKind.FLOAT), spec("name", ColumnKind.VARCHAR));
    private static final String LONG_QUERY = "SELECT count(*) FROM range(1000000000) a, range(1000000000) b WHERE a.range + b.range < 0";

    @TempDir
    static Path dataDir;
    private static WorkerServer worker;
    private static ManagedChannel channel;
    private static ChunkQueryServiceGrpc.ChunkQueryServiceBlockingStub query;
    private static ChunkLoadServiceGrpc.ChunkLoadServiceStub load;

    @BeforeAll
    static void start() throws Exception {
        worker = new WorkerServer(new WorkerConfig("w1", "127.0.0.1", 0, dataDir, 2, 512L << 20)).start();
        assertThat(worker.port()).isPositive();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", worker.port()).usePlaintext()
                .maxInboundMessageSize(64 << 20).build();
        query = ChunkQueryServiceGrpc.newBlockingStub(channel);
        load = ChunkLoadServiceGrpc.newStub(channel);
        loadObjects(100, 1000, false);
        loadObjects(101, 500, false);
        loadObjects(100, 10, true);
    }

    @AfterAll
    static void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        worker.close();
    }

    private static ColumnSpec spec(String name, ColumnKind kind) {
        return ColumnSpec.newBuilder().setName(name).setKind(kind).setNullable(true).build();
    }

    /** Chunk c holds objectIds c*100000 + i with a NULL name on every 7th row. */
    private static void loadObjects(int chunk, int rows, boolean overlap) throws Exception {
        List<ColumnarBatch> batches = new ArrayList<>();
        BatchBuilder b = new BatchBuilder(OBJECT);
        for (int i = 0; i < rows; i++) {
            long id = chunk * 100_000L + i + (overlap ? 50_000 : 0);
            b.addRow(id, 10.0 + i * 0.001, -5.0 + i * 0.0005, (float) (i * 0.1), i % 7 == 0 ? null : "obj" + id);
            if (b.rowCount() == 300) {
                batches.add(b.build());
            }
        }
        if (b.rowCount() > 0) {
            batches.add(b.build());
        }
        LoadHeader header = LoadHeader.newBuilder().setDatabase("demo").setTable("Object").setChunkId(chunk)
                .setOverlap(overlap).addAllColumns(OBJECT).setReplace(true).build();
        assertThat(runLoad(header, batches)).isEqualTo(rows);
    }

    private static long runLoad(LoadHeader header, List<ColumnarBatch> batches) throws Exception {
        return runStream(List.of(header), List.of(batches)).getRowsLoaded();
    }

    /** One Load stream of several {@code header, batch*} groups. */
    private static LoadResponse runStream(List<LoadHeader> headers, List<List<ColumnarBatch>> batches) throws Exception {
        CompletableFuture<LoadResponse> result = new CompletableFuture<>();
        StreamObserver<LoadRequest> requests = load.load(new StreamObserver<>() {
            @Override
            public void onNext(LoadResponse value) {
                result.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                result.complete(null);
            }
        });
        for (int t = 0; t < headers.size(); t++) {
            requests.onNext(LoadRequest.newBuilder().setHeader(headers.get(t)).build());
            for (ColumnarBatch batch : batches.get(t)) {
                requests.onNext(LoadRequest.newBuilder().setBatch(batch).build());
            }
        }
        requests.onCompleted();
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    /** All messages of one Execute call. */
    private static List<QueryResponse> execute(QueryRequest request) {
        List<QueryResponse> out = new ArrayList<>();
        Iterator<QueryResponse> it = query.withDeadlineAfter(60, TimeUnit.SECONDS).execute(request);
        it.forEachRemaining(out::add);
        return out;
    }

    private static List<Object[]> rows(List<QueryResponse> responses) {
        assertThat(responses).isNotEmpty();
        assertThat(responses.get(0).hasSchema()).as("first message is the schema").isTrue();
        List<ColumnSpec> columns = responses.get(0).getSchema().getColumnsList();
        List<Object[]> rows = new ArrayList<>();
        for (QueryResponse r : responses) {
            assertThat(r.hasError()).as("error: %s", r.getError()).isFalse();
            if (r.hasBatch()) {
                BatchReader reader = new BatchReader(columns, r.getBatch());
                for (int i = 0; i < reader.rowCount(); i++) {
                    Object[] row = new Object[reader.columnCount()];
                    for (int c = 0; c < row.length; c++) {
                        row[c] = reader.getObject(i, c);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static List<Integer> doneChunks(List<QueryResponse> responses) {
        return responses.stream().filter(QueryResponse::hasChunksDone)
                .flatMap(r -> r.getChunksDone().getChunkIdsList().stream()).sorted().toList();
    }

    @Test
    void executesEveryChunkAndSkipsMissingOnes() {
        List<QueryResponse> responses = execute(QueryRequest.newBuilder().setQueryId("q-chunks")
                .setSqlTemplate("SELECT objectId, flux, name FROM \"demo\".\"Object_%CHUNK%\" WHERE objectId % 2 = 0")
                .addChunkIds(100).addChunkIds(101).addChunkIds(999).setBatchRows(100).build());
        assertThat(responses.get(0).getSchema().getColumnsList()).extracting(ColumnSpec::getKind)
                .containsExactly(ColumnKind.BIGINT, ColumnKind.FLOAT, ColumnKind.VARCHAR);
        List<Object[]> rows = rows(responses);
        assertThat(rows).hasSize(500 + 250);
        assertThat(responses.stream().filter(QueryResponse::hasBatch).mapToInt(r -> r.getBatch().getRowCount()).max().orElseThrow())
                .isLessThanOrEqualTo(100).isGreaterThan(1);
        for (Object[] row : rows) {
            long id = (Long) row[0];
            int i = (int) (id % 100_000);
            assertThat(row[1]).isEqualTo((float) (i * 0.1));
            assertThat(row[2]).isEqualTo(i % 7 == 0 ? null : "obj" + id);
        }
        assertThat(doneChunks(responses)).containsExactly(100, 101, 999);
    }

    @Test
    void unionModeAnswersChunksInOneStatement() {
        List<QueryResponse> responses = execute(QueryRequest.newBuilder().setQueryId("q-union")
                .setSqlTemplate("SELECT count(*) AS n, sum(objectId) AS s, count(name) AS named FROM \"demo\".\"Object_%CHUNK%\" AS o")
                .addChunkIds(100).addChunkIds(101).addChunkIds(5).setUnionSafe(true).setUnionTable("\"demo\".\"Object_%CHUNK%\"").build());
        List<Object[]> rows = rows(responses);
        // one statement for both chunks: a single aggregate row
        assertThat(rows).hasSize(1);
        long expectedSum = 0;
        long named = 0;
        for (int c : new int[] {100, 101}) {
            int n = c == 100 ? 1000 : 500;
            for (int i = 0; i < n; i++) {
                expectedSum += c * 100_000L + i;
                named += i % 7 == 0 ? 0 : 1;
            }
        }
        assertThat(rows.get(0)[0]).isEqualTo(1500L);
        assertThat(rows.get(0)[1]).isEqualTo(java.math.BigInteger.valueOf(expectedSum));
        assertThat(rows.get(0)[2]).isEqualTo(named);
        assertThat(responses.get(0).getSchema().getColumns(1).getKind()).isEqualTo(ColumnKind.HUGEINT);
        assertThat(doneChunks(responses)).containsExactly(5, 100, 101);
    }

    @Test
    void allChunkTablesModeReadsEveryReferenceOverAllChunksInOneStatement() {
        // chunk 100 has an overlap store, chunk 101 has none: both read in one statement, 5 held by no store
        String template = "SELECT count(*) AS pairs FROM \"demo\".\"Object_%CHUNK%\" AS a JOIN \"demo\".\"ObjectFullOverlap_%CHUNK%\" AS b"
                + " ON a.objectId + 50000 = b.objectId";
        List<QueryResponse> responses = execute(QueryRequest.newBuilder().setQueryId("q-all").setSqlTemplate(template)
                .addChunkIds(100).addChunkIds(101).addChunkIds(5).setUnionSafe(true)
                .setUnionTable(io.skyshard.common.catalog.ChunkTables.ALL_CHUNK_TABLES).build());
        assertThat(rows(responses)).extracting(r -> r[0]).containsExactly(10L);
        assertThat(doneChunks(responses)).containsExactly(5, 100, 101);
    }

    @Test
    void unionModeReadsOnlyTheChunksAsked() {
        // The worker holds 100 and 101: asked for all of them it reads its store unfiltered, asked for
        // one it must not return the other's rows (e.g. a replica the czar routed elsewhere).
        for (int[] asked : new int[][] {{100}, {101, 7}, {100, 101}}) {
            QueryRequest.Builder req = QueryRequest.newBuilder().setQueryId("q-part-" + asked.length)
                    .setSqlTemplate("SELECT count(*) FROM \"demo\".\"Object_%CHUNK%\" AS o")
                    .setUnionSafe(true).setUnionTable("\"demo\".\"Object_%CHUNK%\"");
            long expected = 0;
            for (int c : asked) {
                req.addChunkIds(c);
                expected += c == 100 ? 1000 : c == 101 ? 500 : 0;
            }
            assertThat(rows(execute(req.build()))).extracting(r -> r[0]).containsExactly(expected);
        }
    }

    @Test
    void missingOverlapTableReadsAsEmpty() {
        String template = "SELECT count(*) FROM \"demo\".\"Object_%CHUNK%\" AS a JOIN \"demo\".\"ObjectFullOverlap_%CHUNK%\" AS b"
                + " ON a.objectId + 50000 = b.objectId";
        List<Object[]> rows = rows(execute(QueryRequest.newBuilder().setQueryId("q-overlap").setSqlTemplate(template)
                .addChunkIds(100).addChunkIds(101).build()));
        assertThat(rows).extracting(r -> r[0]).containsExactlyInAnyOrder(10L, 0L);
    }

    @Test
    void schemaIsSentWhenNoChunkExists() {
        List<QueryResponse> responses = execute(QueryRequest.newBuilder().setQueryId("q-none")
                .setSqlTemplate("SELECT ra, decl FROM \"demo\".\"Object_%CHUNK%\" WHERE ra > 0;")
                .addChunkIds(7).addChunkIds(8).build());
        assertThat(responses.get(0).getSchema().getColumnsList()).extracting(ColumnSpec::getName).containsExactly("ra", "decl");
        assertThat(rows(responses)).isEmpty();
        assertThat(doneChunks(responses)).containsExactly(7, 8);

        List<QueryResponse> noTable = execute(QueryRequest.newBuilder().setQueryId("q-noschema")
                .setSqlTemplate("SELECT * FROM \"demo\".\"Source_%CHUNK%\"").addChunkIds(7).build());
        assertThat(noTable).last().satisfies(r -> assertThat(r.getError().getCode()).isEqualTo("NO_SCHEMA"));
    }

    @Test
    void sqlErrorsComeBackWithChunkAndMessage() {
        List<QueryResponse> responses = execute(QueryRequest.newBuilder().setQueryId("q-bad")
                .setSqlTemplate("SELECT no_such_column FROM \"demo\".\"Object_%CHUNK%\"").addChunkIds(101).build());
        QueryResponse last = responses.get(responses.size() - 1);
        assertThat(last.getError().getCode()).isEqualTo("SQL_ERROR");
        assertThat(last.getError().getMessage()).contains("no_such_column");
        assertThat(last.getError().getChunkId()).isEqualTo(101);
        // the server survives and keeps answering
        assertThat(rows(execute(QueryRequest.newBuilder().setQueryId("q-after").setSqlTemplate("SELECT 42 AS x")
                .addChunkIds(-1).build()))).extracting(r -> r[0]).containsExactly(42);
    }

    @Test
    void cancelStopsALongQueryQuickly() throws Exception {
        CompletableFuture<List<QueryResponse>> call = CompletableFuture.supplyAsync(() -> execute(QueryRequest.newBuilder()
                .setQueryId("q-long").setSqlTemplate(LONG_QUERY).addChunkIds(-1).build()));
        waitForRunning(1);
        long t0 = System.nanoTime();
        assertThat(query.cancel(CancelRequest.newBuilder().setQueryId("q-long").build()).getFound()).isTrue();
        List<QueryResponse> responses = call.get(5, TimeUnit.SECONDS);
        assertThat(responses).last().satisfies(r -> assertThat(r.getError().getCode()).isEqualTo("CANCELLED"));
        waitForRunning(0);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(3000);
        assertThat(query.cancel(CancelRequest.newBuilder().setQueryId("q-long").build()).getFound()).isFalse();
    }

    @Test
    void clientDeadlineStopsTheStatement() throws Exception {
        assertThatThrownBy(() -> query.withDeadlineAfter(700, TimeUnit.MILLISECONDS)
                .execute(QueryRequest.newBuilder().setQueryId("q-deadline").setSqlTemplate(LONG_QUERY).addChunkIds(-1).build())
                .forEachRemaining(r -> { }))
                .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("DEADLINE_EXCEEDED");
        waitForRunning(0);
        List<QueryResponse> responses = execute(QueryRequest.newBuilder().setQueryId("q-req-deadline").setSqlTemplate(LONG_QUERY)
                .addChunkIds(-1).setDeadlineEpochMillis(System.currentTimeMillis() + 500).build());
        assertThat(responses).last().satisfies(r -> assertThat(r.getError().getCode()).isEqualTo("DEADLINE_EXCEEDED"));
        waitForRunning(0);
    }

    @Test
    void interactiveQueriesDoNotWaitBehindScans() throws Exception {
        List<CompletableFuture<List<QueryResponse>>> scans = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = "q-scan-" + i;
            scans.add(CompletableFuture.supplyAsync(() -> execute(QueryRequest.newBuilder().setQueryId(id)
                    .setSqlTemplate(LONG_QUERY).addChunkIds(-1).build())));
        }
        try {
            waitForRunning(3);
            List<QueryResponse> quick = CompletableFuture.supplyAsync(() -> execute(QueryRequest.newBuilder()
                    .setQueryId("q-interactive").setInteractive(true)
                    .setSqlTemplate("SELECT objectId FROM \"demo\".\"Object_%CHUNK%\" WHERE objectId = 10000005")
                    .addChunkIds(100).build())).get(20, TimeUnit.SECONDS);
            assertThat(rows(quick)).extracting(r -> r[0]).containsExactly(10_000_005L);
            assertThat(scans).noneMatch(CompletableFuture::isDone);
        } finally {
            for (int i = 0; i < 3; i++) {
                query.cancel(CancelRequest.newBuilder().setQueryId("q-scan-" + i).build());
            }
            for (CompletableFuture<List<QueryResponse>> s : scans) {
                s.get(10, TimeUnit.SECONDS);
            }
            waitForRunning(0);
        }
    }

    @Test
    void sciSqlMacrosMatchJava() {
        String sql = "SELECT ra, decl, scisql_angSep(ra, decl, 10.3, -4.9) AS sep,"
                + " scisql_s2PtInCircle(ra, decl, 10.3, -4.9, 0.2) AS inside,"
                + " scisql_s2PtInBox(ra, decl, 10.1, -5.0, 10.2, -4.0) AS inBox,"
                + " scisql_nanojanskyToAbMag(flux) AS mag FROM \"demo\".\"Object_%CHUNK%\"";
        List<Object[]> rows = rows(execute(QueryRequest.newBuilder().setQueryId("q-scisql").setSqlTemplate(sql).addChunkIds(100).build()));
        assertThat(rows).hasSize(1000);
        int inside = 0;
        for (Object[] r : rows) {
            double ra = (Double) r[0];
            double dec = (Double) r[1];
            double expected = angSep(ra, dec, 10.3, -4.9);
            assertThat((Double) r[2]).isCloseTo(expected, within(1e-9));
            assertThat(r[3]).isEqualTo(expected <= 0.2 ? 1 : 0);
            assertThat(r[4]).isEqualTo(ra >= 10.1 && ra <= 10.2 && dec >= -5.0 && dec <= -4.0 ? 1 : 0);
            inside += (Integer) r[3];
        }
        assertThat(inside).isGreaterThan(0).isLessThan(1000);
        Object[] first = rows.stream().filter(r -> (Double) r[0] == 10.0).findFirst().orElseThrow();
        assertThat(first[5]).as("flux 0 has no magnitude").isNull();
        List<Object[]> mags = rows(execute(QueryRequest.newBuilder().setQueryId("q-mag").addChunkIds(-1)
                .setSqlTemplate("SELECT scisql_nanojanskyToAbMag(3631e9), scisql_fluxToAbMag(3631e-23),"
                        + " scisql_abMagToNanojansky(20), scisql_angSep(NULL, 1, 2, 3)").build()));
        assertThat((Double) mags.get(0)[0]).isCloseTo(0.0, within(1e-3));
        assertThat((Double) mags.get(0)[1]).isCloseTo(0.0, within(1e-3));
        assertThat((Double) mags.get(0)[2]).isCloseTo(Math.pow(10, (31.4 - 20) / 2.5), within(1e-6));
        assertThat(mags.get(0)[3]).isNull();
    }

    private static double angSep(double ra1, double dec1, double ra2, double dec2) {
        double dDec = Math.toRadians(dec2 - dec1);
        double dRa = Math.toRadians(ra2 - ra1);
        double h = Math.pow(Math.sin(dDec / 2), 2)
                + Math.cos(Math.toRadians(dec1)) * Math.cos(Math.toRadians(dec2)) * Math.pow(Math.sin(dRa / 2), 2);
        return Math.toDegrees(2 * Math.asin(Math.min(1, Math.sqrt(h))));
    }

    @Test
    void failedLoadLeavesNothingAndListAndDropWork() throws Exception {
        ColumnarBatch good = new BatchBuilder(OBJECT).addRow(1L, 1.0, 2.0, 3f, "a").build();
        ColumnarBatch bad = ColumnarBatch.newBuilder().setRowCount(3).addAllColumns(good.getColumnsList()).build();
        LoadHeader header = LoadHeader.newBuilder().setDatabase("scratch").setTable("Object").setChunkId(42)
                .addAllColumns(OBJECT).build();
        assertThatThrownBy(() -> runLoad(header, List.of(good, bad))).hasMessageContaining("scratch.Object_42")
                .hasMessageContaining("'objectId'");
        assertThat(load().listChunks(ListChunksRequest.newBuilder().setDatabase("scratch").build()).getTablesList())
                .doesNotContain("Object_42");

        assertThat(runLoad(header, List.of(good, good))).isEqualTo(2);
        assertThat(runLoad(header.toBuilder().setReplace(false).build(), List.of(good))).isEqualTo(1);
        assertThat(rows(execute(QueryRequest.newBuilder().setQueryId("q-scratch").addChunkIds(42)
                .setSqlTemplate("SELECT count(*) FROM scratch.Object_%CHUNK%").build()))).extracting(r -> r[0]).containsExactly(3L);
        assertThat(runLoad(header.toBuilder().setReplace(true).build(), List.of(good))).isEqualTo(1);
        assertThat(load().listChunks(ListChunksRequest.newBuilder().setDatabase("scratch").build()).getTablesList())
                .containsExactly("Object_42");
        assertThat(load().listChunks(ListChunksRequest.newBuilder().setDatabase("demo").build()).getTablesList())
                .containsExactly("ObjectFullOverlap_100", "Object_100", "Object_101");
        load().dropDatabase(io.skyshard.rpc.DropDatabaseRequest.newBuilder().setDatabase("scratch").build());
        assertThat(load().listChunks(ListChunksRequest.newBuilder().setDatabase("scratch").build()).getTablesList()).isEmpty();
    }

    @Test
    void multiTableStreamIsOneTransaction() throws Exception {
        ColumnarBatch one = new BatchBuilder(OBJECT).addRow(1L, 1.0, 2.0, 3f, "a").build();
        ColumnarBatch two = new BatchBuilder(OBJECT).addRow(2L, 1.0, 2.0, 3f, "b").addRow(3L, 1.0, 2.0, 3f, null).build();
        ColumnarBatch bad = ColumnarBatch.newBuilder().setRowCount(3).addAllColumns(one.getColumnsList()).build();
        LoadHeader base = LoadHeader.newBuilder().setDatabase("multi").setTable("Object").addAllColumns(OBJECT).setReplace(true).build();
        LoadHeader c1 = base.toBuilder().setChunkId(1).build();
        LoadHeader c1Overlap = base.toBuilder().setChunkId(1).setOverlap(true).build();
        LoadHeader c2 = base.toBuilder().setChunkId(2).build();
        LoadHeader c3 = base.toBuilder().setChunkId(3).build();

        LoadResponse ok = runStream(List.of(c1, c1Overlap, c2), List.of(List.of(one, two), List.of(), List.of(two)));
        assertThat(ok.getRowsLoaded()).isEqualTo(5);
        assertThat(ok.getTableRowsList()).containsExactly(3L, 0L, 2L);
        // A chunk table without rows does not exist: the empty overlap of chunk 1 is not listed.
        assertThat(load().listChunks(ListChunksRequest.newBuilder().setDatabase("multi").build()).getTablesList())
                .containsExactly("Object_1", "Object_2");

        // Fails in its third table: the replacement of Object_1 and the new Object_3 are both rolled back.
        assertThatThrownBy(() -> runStream(List.of(c1, c3, c2), List.of(List.of(one), List.of(two), List.of(one, bad))))
                .hasMessageContaining("multi.Object_2").hasMessageContaining("none of its tables was loaded");
        assertThat(load().listChunks(ListChunksRequest.newBuilder().setDatabase("multi").build()).getTablesList())
                .containsExactly("Object_1", "Object_2");
        assertThat(rows(execute(QueryRequest.newBuilder().setQueryId("q-multi").addChunkIds(1).addChunkIds(2).addChunkIds(3)
                .setSqlTemplate("SELECT count(*) FROM multi.Object_%CHUNK%").build()))).extracting(r -> r[0])
                .containsExactlyInAnyOrder(3L, 2L);

        // A client that goes away midway (cancel) commits nothing either.
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        io.grpc.stub.ClientCallStreamObserver<LoadRequest> requests = (io.grpc.stub.ClientCallStreamObserver<LoadRequest>) load.load(
                new StreamObserver<>() {
                    @Override
                    public void onNext(LoadResponse value) {
                    }

                    @Override
                    public void onError(Throwable t) {
                        ended.complete(t);
                    }

                    @Override
                    public void onCompleted() {
                        ended.complete(null);
                    }
                });
        requests.onNext(LoadRequest.newBuilder().setHeader(c3).build());
        requests.onNext(LoadRequest.newBuilder().setBatch(two).build());
        requests.onNext(LoadRequest.newBuilder().setHeader(base.toBuilder().setChunkId(4)).build());
        requests.cancel("loader gave up", null);
        assertThat(ended.get(10, TimeUnit.SECONDS)).isNotNull();
        Thread.sleep(200);
        assertThat(load().listChunks(ListChunksRequest.newBuilder().setDatabase("multi").build()).getTablesList())
                .containsExactly("Object_1", "Object_2");
        load().dropDatabase(io.skyshard.rpc.DropDatabaseRequest.newBuilder().setDatabase("multi").build());
    }

    private static ChunkLoadServiceGrpc.ChunkLoadServiceBlockingStub load() {
        return ChunkLoadServiceGrpc.newBlockingStub(channel);
    }

    private static void waitForRunning(int expected) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int running = -1;
        while (System.nanoTime() < end) {
            running = query.status(WorkerStatusRequest.getDefaultInstance()).getRunningQueries();
            if (running == expected) {
                return;
            }
            Thread.sleep(20);
        }
        assertThat(running).as("running queries").isEqualTo(expected);
    }
}
