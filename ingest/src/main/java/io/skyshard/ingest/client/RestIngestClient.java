package io.skyshard.ingest.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.ViewDef;
import io.skyshard.common.error.CommonErrorCode;
import io.skyshard.common.error.ErrorCode;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import io.skyshard.ingest.api.ContributionSources;
import io.skyshard.ingest.service.ContributionFailedException;
import io.skyshard.replication.ReplicationErrorCode;
import io.skyshard.replication.transaction.ContributionRecord;
import io.skyshard.replication.transaction.TransactionRecord;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The ingest REST API of a controller (default {@code http://127.0.0.1:8090}), for the
 * {@code skyshard ingest} CLI. Files are uploaded as request bodies, streamed from disk.
 */
public final class RestIngestClient implements IngestClient {
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final URI base;
    private final String token;
    private final HttpClient http;

    /** @param token null or empty: none */
    public RestIngestClient(String baseUrl, String token) {
        String b = requireNonNull(baseUrl, "baseUrl").strip();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        try {
            this.base = URI.create(b);
        } catch (IllegalArgumentException e) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, "invalid controller URL '" + baseUrl + "': " + e.getMessage());
        }
        if (base.getScheme() == null || !List.of("http", "https").contains(base.getScheme())) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, "controller URL must start with http:// or https://, got '" + baseUrl + "'");
        }
        this.token = token == null || token.isEmpty() ? null : token;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public boolean databaseExists(String database) {
        try {
            call("GET", "/ingest/databases/" + enc(database), null);
            return true;
        } catch (SkyshardException e) {
            if (e.code() == ReplicationErrorCode.UNKNOWN_DATABASE) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void createDatabase(DatabaseDef database) {
        ObjectNode body = JSON.createObjectNode();
        body.put("database", database.name());
        body.put("chunkOrder", database.partitioning().chunkOrder());
        body.put("subChunkOrder", database.partitioning().subChunkOrder());
        body.put("overlap", database.partitioning().overlapDeg());
        call("POST", "/ingest/databases", body.toString());
    }

    @Override
    public void createTable(TableDef table) {
        call("POST", "/ingest/databases/" + enc(table.database()) + "/tables", JSON.valueToTree(table).toString());
    }

    @Override
    public void createView(String database, ViewDef view) {
        call("POST", "/ingest/databases/" + enc(database) + "/views", JSON.valueToTree(view).toString());
    }

    @Override
    public TableDef createTable(String database, String json) {
        return convert(call("POST", "/ingest/databases/" + enc(database) + "/tables", json), TableDef.class);
    }

    @Override
    public List<TableDef> tables(String database) {
        JsonNode r = call("GET", "/ingest/databases/" + enc(database) + "/tables", null);
        List<TableDef> out = new ArrayList<>();
        r.path("tables").forEach(t -> out.add(convert(t, TableDef.class)));
        return out;
    }

    @Override
    public TransactionRecord begin(String database, String note) {
        ObjectNode body = JSON.createObjectNode();
        body.put("database", database);
        if (note != null) {
            body.put("note", note);
        }
        return convert(call("POST", "/ingest/transactions", body.toString()), TransactionRecord.class);
    }

    @Override
    public ContributionRecord contribute(long transactionId, ContributionSources.Spec spec, Path file, boolean serverSide,
            LongConsumer sent) {
        String path = "/ingest/transactions/" + transactionId + "/contributions";
        if (serverSide) {
            ObjectNode body = JSON.valueToTree(spec);
            body.put("path", file.toAbsolutePath().toString());
            body.remove("nullMarker");
            if (spec.nullMarker() != null) {
                body.put("null", spec.nullMarker());
            }
            JsonNode r = call("POST", path, body.toString());
            sent.accept(size(file));
            return convert(r, ContributionRecord.class);
        }
        Map<String, String> q = new LinkedHashMap<>();
        q.put("table", spec.table());
        q.put("format", spec.format());
        q.put("delimiter", spec.delimiter());
        q.put("quote", spec.quote());
        q.put("escape", spec.escape());
        q.put("null", spec.nullMarker());
        q.put("charset", spec.charset());
        q.put("header", spec.header());
        q.put("columns", spec.columns() == null ? null : String.join(",", spec.columns()));
        q.put("key", spec.key());
        q.put("name", spec.name() != null ? spec.name() : file.getFileName().toString());
        q.put("unknownKeys", spec.unknownKeys());
        q.put("chunk", spec.chunk() == null ? null : spec.chunk().toString());
        q.put("overlap", spec.overlap() ? "true" : null);
        StringBuilder query = new StringBuilder();
        q.forEach((k, v) -> {
            if (v != null) {
                query.append(query.isEmpty() ? "?" : "&").append(k).append('=').append(enc(v));
            }
        });
        long size = size(file);
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return new Counting(Files.newInputStream(file), sent);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }), size);
        if (!Files.isRegularFile(file)) {
            throw new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, file + ": file not found");
        }
        HttpRequest.Builder req = request(path + query).header("Content-Type", "application/octet-stream").POST(body);
        return convert(send(req, path), ContributionRecord.class);
    }

    @Override
    public TransactionRecord commit(long transactionId) {
        return convert(call("POST", "/ingest/transactions/" + transactionId + "/commit", ""), TransactionRecord.class);
    }

    @Override
    public TransactionRecord abort(long transactionId, String reason) {
        ObjectNode body = JSON.createObjectNode();
        if (reason != null) {
            body.put("reason", reason);
        }
        return convert(call("POST", "/ingest/transactions/" + transactionId + "/abort", body.toString()), TransactionRecord.class);
    }

    @Override
    public TransactionRecord transaction(long transactionId) {
        return convert(call("GET", "/ingest/transactions/" + transactionId, null), TransactionRecord.class);
    }

    /** The raw status document of a transaction (counters, errors, contributions). */
    public JsonNode transactionStatus(long transactionId) {
        return call("GET", "/ingest/transactions/" + transactionId, null);
    }

    /** GET of any API path, as JSON. */
    public JsonNode get(String path) {
        return call("GET", path, null);
    }

    @Override
    public List<ContributionRecord> contributions(long transactionId) {
        JsonNode r = call("GET", "/ingest/transactions/" + transactionId + "/contributions", null);
        List<ContributionRecord> out = new ArrayList<>();
        r.path("contributions").forEach(c -> out.add(convert(c, ContributionRecord.class)));
        return out;
    }

    @Override
    public void publish(String database) {
        call("POST", "/ingest/databases/" + enc(database) + "/publish", "");
    }

    /** Drops a database (from the registry and the workers). */
    public void dropDatabase(String database) {
        call("DELETE", "/ingest/databases/" + enc(database), null);
    }

    private JsonNode call(String method, String path, String json) {
        HttpRequest.Builder req = request(path);
        if (json == null) {
            req.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            req.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return send(req, path);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofHours(12));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private JsonNode send(HttpRequest.Builder req, String path) {
        HttpResponse<String> r;
        try {
            r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new SkyshardException(ReplicationErrorCode.CONTROLLER_UNAVAILABLE, "cannot reach the controller at " + base
                    + " (is it running? ./skyshard demo or ./skyshard controller)", e);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
            if (cause instanceof NoSuchFileException nf) {
                throw new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, nf.getFile() + ": file not found", e);
            }
            throw new SkyshardException(ReplicationErrorCode.CONTROLLER_UNAVAILABLE, "request to " + base + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SkyshardException(ReplicationErrorCode.CONTROLLER_UNAVAILABLE, "interrupted", e);
        }
        JsonNode body;
        try {
            body = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new SkyshardException(ReplicationErrorCode.CONTROLLER_UNAVAILABLE, base + path + " answered " + r.statusCode()
                    + " with a body that is not JSON: " + abbreviate(r.body()));
        }
        if (r.statusCode() >= 300) {
            JsonNode error = body.path("error");
            String code = error.path("code").asText("");
            String message = error.path("message").asText(r.statusCode() + " from " + base + path);
            SkyshardException e = new SkyshardException(code(code, r.statusCode()), message);
            if (body.has("contribution")) {
                throw new ContributionFailedException(e, convert(body.get("contribution"), ContributionRecord.class));
            }
            throw e;
        }
        return body;
    }

    /** The server's error code, as the enum it came from when it is one of ours. */
    private static ErrorCode code(String name, int status) {
        for (Class<? extends Enum<?>> type : List.of(IngestErrorCode.class, ReplicationErrorCode.class, CommonErrorCode.class)) {
            for (Enum<?> c : type.getEnumConstants()) {
                if (c.name().equals(name)) {
                    return (ErrorCode) c;
                }
            }
        }
        return status == 401 ? IngestErrorCode.UNAUTHORIZED : status >= 500 ? IngestErrorCode.INTERNAL : IngestErrorCode.NO_SUCH_RESOURCE;
    }

    private static <T> T convert(JsonNode n, Class<T> type) {
        try {
            return JSON.treeToValue(n, type);
        } catch (IOException e) {
            throw new SkyshardException(IngestErrorCode.INTERNAL, "unexpected " + type.getSimpleName() + " from the controller: " + e.getMessage(), e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, file + ": " + (e instanceof NoSuchFileException ? "file not found" : e.getMessage()), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    @Override
    public void close() {
        http.close();
    }

    /** Counts bytes read for progress. */
    private static final class Counting extends FilterInputStream {
        private final LongConsumer sent;
        private long total;

        Counting(InputStream in, LongConsumer sent) {
            super(in);
            this.sent = sent;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                total += n;
                sent.accept(total);
            }
            return n;
        }
    }
}
