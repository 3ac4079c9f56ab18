package io.skyshard.ingest.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.Partitioning;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.ViewDef;
import io.skyshard.common.error.CommonErrorCode;
import io.skyshard.common.error.ErrorCategory;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.frontend.http.HttpApiServer;
import io.skyshard.czar.frontend.http.HttpExchange;
import io.skyshard.ingest.IngestErrorCode;
import io.skyshard.ingest.load.ProgressListener;
import io.skyshard.ingest.schema.Json;
import io.skyshard.ingest.schema.QservDatabaseConfig;
import io.skyshard.ingest.schema.QservTableConfig;
import io.skyshard.ingest.service.ContributionFailedException;
import io.skyshard.ingest.service.IngestService;
import io.skyshard.replication.ReplicationErrorCode;
import io.skyshard.replication.transaction.ContributionRecord;
import io.skyshard.replication.transaction.ContributionState;
import io.skyshard.replication.transaction.TransactionRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The ingest part of the controller's REST API (JSON in and out), under {@code /ingest}:
 *
 * <pre>
 * GET    /ingest/databases                              databases, published or not
 * POST   /ingest/databases                              create: {"database", "chunkOrder", "subChunkOrder", "overlap"}
 *                                                       or Qserv's database.json {"database", "num_stripes", "num_sub_stripes", "overlap"}
 * GET    /ingest/databases/{db}                         definition, tables, chunks, committed rows per table
 * DELETE /ingest/databases/{db}                         drop, on the workers too
 * POST   /ingest/databases/{db}/publish                 make visible to queries (no transaction may be open)
 * GET    /ingest/databases/{db}/tables                  table definitions
 * POST   /ingest/databases/{db}/tables                  create: Qserv table JSON ("schema" array of {"name", "type"}) or
 *                                                       {"ddl": "CREATE TABLE ...", ...} with the same kind keys
 * GET    /ingest/databases/{db}/tables/{table}          one definition
 * POST   /ingest/transactions                           begin: {"database", "note"}
 * GET    /ingest/transactions[?database=db]             list
 * GET    /ingest/transactions/{id}                      status: state, contributions with counters and errors
 * POST   /ingest/transactions/{id}/commit               commit (publishes the rows atomically)
 * POST   /ingest/transactions/{id}/abort                abort ({"reason"} optional)
 * POST   /ingest/transactions/{id}/contributions        load a file: the request body (options as query parameters)
 *                                                       or, with a JSON body, {"table", "path" | "url", options...}
 * GET    /ingest/transactions/{id}/contributions        list
 * GET    /ingest/contributions/{id}                     status
 * </pre>
 *
 * Contribution options: {@code table} (required), {@code format} csv|tsv|parquet (default from the
 * file name, else csv), {@code delimiter}, {@code quote} ("none" for none), {@code escape} ("none"),
 * {@code null} (NULL marker, default {@code \N}), {@code charset}, {@code header} (true: the first line
 * names the columns; a number: lines to skip), {@code columns} (the file's fields in order, default the
 * table's columns), {@code key} (the contribution's name in the transaction: a request with the key of
 * a loaded contribution loads nothing again), {@code name} (how errors name the input),
 * {@code unknownKeys} reject|skip|position, {@code chunk} and {@code overlap} (a {@code skyshard partition}
 * output file of one chunk). A contribution loads before the response; a failed one answers with
 * the error and its status.
 *
 * <p>Errors are {@code {"error": {"code", "message"}}} with 400 (bad request or input), 401 (token),
 * 404 (unknown database, table, transaction), 409 (wrong state, e.g. commit of an aborted
 * transaction), 503 (workers unavailable), 500 (internal). When an admin token is configured every
 * route wants it, as {@code Authorization: Bearer TOKEN}, header {@code X-Auth-Token} or query parameter
 * {@code auth_key} (Qserv's name).
 */
public final class IngestHttpApi {
    private static final System.Logger LOG = System.getLogger(IngestHttpApi.class.getName());
    static final ObjectMapper JSON = new ObjectMapper();
    /** Largest JSON request body read (table definitions with DDL included). */
    private static final int MAX_JSON_BYTES = 16 << 20;

    private final IngestService service;
    private final byte[] token;
    private final ContributionSources sources;

    /**
     * @param adminToken null or empty: no token required
     * @param spoolDir   where uploaded Parquet files wait while they are read (Parquet needs random access)
     */
    public IngestHttpApi(IngestService service, String adminToken, Path spoolDir) {
        this.service = requireNonNull(service, "service");
        this.token = adminToken == null || adminToken.isEmpty() ? null : adminToken.getBytes(StandardCharsets.UTF_8);
        this.sources = new ContributionSources(spoolDir);
    }

    public HttpApiServer mount(HttpApiServer server) {
        return server.mountStreaming("/ingest/*", this::handle);
    }

    void handle(HttpExchange exchange) {
        try {
            if (!authorized(exchange)) {
                exchange.sendError(HttpResponseStatus.UNAUTHORIZED, "UNAUTHORIZED",
                        "this controller needs its admin token: header 'Authorization: Bearer TOKEN', 'X-Auth-Token' or parameter auth_key");
                return;
            }
            route(exchange);
        } catch (ContributionFailedException e) {
            ObjectNode body = errorBody(e.code().name(), e.getMessage());
            body.set("contribution", JSON.valueToTree(e.contribution()));
            send(exchange, status(e), body);
        } catch (SkyshardException e) {
            if (e.code().category() == ErrorCategory.INTERNAL) {
                LOG.log(System.Logger.Level.ERROR, exchange.method() + " " + exchange.path() + " failed", e);
            }
            send(exchange, status(e), errorBody(e.code().name(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, exchange.method() + " " + exchange.path() + " failed", e);
            send(exchange, HttpResponseStatus.INTERNAL_SERVER_ERROR, errorBody("INTERNAL_ERROR", String.valueOf(e.getMessage())));
        }
    }

    private boolean authorized(HttpExchange exchange) {
        if (token == null) {
            return true;
        }
        String given = exchange.request().headers().get(HttpHeaderNames.AUTHORIZATION);
        if (given != null && given.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = given.substring(7).strip();
        } else {
            given = exchange.request().headers().get("X-Auth-Token");
        }
        if (given == null) {
            given = param(exchange, "auth_key");
        }
        return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private void route(HttpExchange exchange) {
        List<String> p = segments(exchange.path());
        HttpMethod m = exchange.method();
        // p.get(0) is "ingest"
        if (p.size() == 1) {
            throw notFound(exchange);
        }
        switch (p.get(1)) {
            case "databases" -> databases(exchange, m, p);
            case "transactions" -> transactions(exchange, m, p);
            case "contributions" -> {
                if (p.size() == 3 && m.equals(HttpMethod.GET)) {
                    long id = id(p.get(2), "contribution");
                    ContributionRecord c = service.contribution(id).orElseThrow(() -> new SkyshardException(
                            ReplicationErrorCode.UNKNOWN_CONTRIBUTION, "unknown contribution " + id));
                    send(exchange, HttpResponseStatus.OK, JSON.valueToTree(c));
                } else {
                    throw notFound(exchange);
                }
            }
            default -> throw notFound(exchange);
        }
    }

    // ------------------------------------------------------------------ databases and tables

    private void databases(HttpExchange exchange, HttpMethod m, List<String> p) {
        if (p.size() == 2) {
            if (m.equals(HttpMethod.GET)) {
                List<Object> out = new ArrayList<>();
                for (DatabaseDef d : service.store().catalog().databases()) {
                    out.add(databaseInfo(d, false));
                }
                send(exchange, HttpResponseStatus.OK, JSON.valueToTree(Map.of("databases", out)));
            } else if (m.equals(HttpMethod.POST)) {
                Json.Node body = jsonBody(exchange);
                DatabaseDef def = databaseDef(body);
                service.createDatabase(def);
                send(exchange, HttpResponseStatus.CREATED, JSON.valueToTree(databaseInfo(def, false)));
            } else {
                throw notAllowed(exchange);
            }
            return;
        }
        String db = p.get(2);
        DatabaseDef def = service.store().catalog().database(db).orElseThrow(() -> new SkyshardException(
                ReplicationErrorCode.UNKNOWN_DATABASE, "unknown database '" + db + "'"));
        if (p.size() == 3) {
            if (m.equals(HttpMethod.GET)) {
                send(exchange, HttpResponseStatus.OK, JSON.valueToTree(databaseInfo(def, true)));
            } else if (m.equals(HttpMethod.DELETE)) {
                List<String> failed = service.dropDatabase(db);
                send(exchange, HttpResponseStatus.OK, JSON.valueToTree(Map.of("dropped", db, "workersNotReached", failed)));
            } else {
                throw notAllowed(exchange);
            }
            return;
        }
        switch (p.get(3)) {
            case "publish" -> {
                requireMethod(exchange, HttpMethod.POST);
                service.publish(db);
                send(exchange, HttpResponseStatus.OK, JSON.valueToTree(databaseInfo(def, true)));
            }
            case "tables" -> {
                if (p.size() == 4 && m.equals(HttpMethod.GET)) {
                    send(exchange, HttpResponseStatus.OK, JSON.valueToTree(Map.of("tables", service.store().catalog().tables(db))));
                } else if (p.size() == 4 && m.equals(HttpMethod.POST)) {
                    Json.Node body = jsonBody(exchange);
                    TableDef t = tableDef(body, db);
                    service.createTable(t);
                    send(exchange, HttpResponseStatus.CREATED, JSON.valueToTree(t));
                } else if (p.size() == 5 && m.equals(HttpMethod.GET)) {
                    TableDef t = service.store().catalog().table(db, p.get(4)).orElseThrow(() -> new SkyshardException(
                            ReplicationErrorCode.UNKNOWN_TABLE, "unknown table '" + db + "." + p.get(4) + "'"));
                    send(exchange, HttpResponseStatus.OK, JSON.valueToTree(t));
                } else {
                    throw notFound(exchange);
                }
            }
            case "views" -> {
                if (p.size() == 4 && m.equals(HttpMethod.GET)) {
                    send(exchange, HttpResponseStatus.OK, JSON.valueToTree(Map.of("views", def.views())));
                } else if (p.size() == 4 && m.equals(HttpMethod.POST)) {
                    ViewDef v = viewDef(jsonBody(exchange));
                    service.createView(db, v);
                    send(exchange, HttpResponseStatus.CREATED, JSON.valueToTree(v));
                } else {
                    throw notFound(exchange);
                }
            }
            default -> throw notFound(exchange);
        }
    }

    /** {@code {"name": "DeepSource", "baseTable": "RunDeepSource", "columns": [{"name", "baseColumn"}, ...]}}. */
    private static ViewDef viewDef(Json.Node body) {
        List<ViewDef.Column> columns = new ArrayList<>();
        for (Json.Node c : body.required("columns").elements()) {
            Optional<String> literal = c.text("literal");
            try {
                columns.add(new ViewDef.Column(c.requiredText("name"), literal.isPresent() ? null : c.requiredText("baseColumn"),
                        literal.orElse(null)));
            } catch (IllegalArgumentException e) {
                throw c.error(e.getMessage());
            }
        }
        if (columns.isEmpty()) {
            throw body.error("'columns' is empty: a view shows at least one column");
        }
        return new ViewDef(body.requiredText("name"), body.requiredText("baseTable"), columns);
    }

    /**
     * A table definition: Skyshard's own JSON form (as GET returns it: {@code kind}, {@code columns}
     * with logical types) or Qserv's table JSON / a CREATE TABLE statement.
     */
    private static TableDef tableDef(Json.Node body, String db) {
        if (body.get("kind").isPresent() && body.get("columns").isPresent()) {
            try {
                ObjectNode n = ((ObjectNode) body.node()).deepCopy();
                n.put("database", db);
                TableDef t = JSON.treeToValue(n, TableDef.class);
                return new TableDef(db, t.name(), t.kind(), t.columns(), t.directorKey(), t.raColumn(), t.decColumn(), t.directorTable(),
                        t.directorTable2(), t.directorKey2(), t.flagColumn(), t.description());
            } catch (IOException | IllegalArgumentException | NullPointerException e) {
                throw new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, "request body: not a valid table definition: "
                        + e.getMessage(), e);
            }
        }
        return QservTableConfig.parse(body, db).toTableDef(db);
    }

    private Map<String, Object> databaseInfo(DatabaseDef d, boolean details) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("database", d.name());
        out.put("published", service.store().isPublished(d.name()));
        out.put("partitioning", d.partitioning());
        out.put("chunks", service.store().catalog().chunks(d.name()).size());
        out.put("tables", service.store().catalog().tables(d.name()).stream().map(TableDef::name).toList());
        if (details) {
            out.put("rows", service.store().committedRows(d.name()));
            out.put("transactions", service.store().transactions(d.name()).stream()
                    .filter(t -> !t.state().isFinished()).map(TransactionRecord::id).toList());
        }
        return out;
    }

    /** Skyshard's form (HEALPix orders) or Qserv's database.json (stripes, mapped to HEALPix orders). */
    private static DatabaseDef databaseDef(Json.Node body) {
        String name = body.requiredText("database");
        if (body.get("num_stripes").isPresent()) {
            return QservDatabaseConfig.parse(body).toDatabaseDef();
        }
        Partitioning d = Partitioning.DEFAULT;
        int chunkOrder = body.get("chunkOrder").map(Json.Node::asInt).orElse(d.chunkOrder());
        int subChunkOrder = body.get("subChunkOrder").map(Json.Node::asInt).orElse(Math.min(20, chunkOrder + 4));
        double overlap = body.get("overlap").map(Json.Node::asDouble).orElse(d.overlapDeg());
        try {
            return new DatabaseDef(name, new Partitioning(chunkOrder, subChunkOrder, overlap));
        } catch (SkyshardException e) {
            throw new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, body.file() + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ transactions and contributions

    private void transactions(HttpExchange exchange, HttpMethod m, List<String> p) {
        if (p.size() == 2) {
            if (m.equals(HttpMethod.POST)) {
                Json.Node body = jsonBody(exchange);
                TransactionRecord t = service.begin(body.requiredText("database"), body.text("note").orElse(null));
                send(exchange, HttpResponseStatus.CREATED, JSON.valueToTree(t));
            } else if (m.equals(HttpMethod.GET)) {
                String db = param(exchange, "database");
                send(exchange, HttpResponseStatus.OK, JSON.valueToTree(Map.of("transactions", service.store().transactions(db))));
            } else {
                throw notAllowed(exchange);
            }
            return;
        }
        long id = id(p.get(2), "transaction");
        TransactionRecord txn = service.store().transaction(id).orElseThrow(() -> new SkyshardException(
                ReplicationErrorCode.UNKNOWN_TRANSACTION, "unknown transaction " + id));
        if (p.size() == 3) {
            requireMethod(exchange, HttpMethod.GET);
            send(exchange, HttpResponseStatus.OK, transactionStatus(txn));
            return;
        }
        switch (p.get(3)) {
            case "commit" -> {
                requireMethod(exchange, HttpMethod.POST);
                drain(exchange);
                send(exchange, HttpResponseStatus.OK, transactionStatus(service.commit(id)));
            }
            case "abort" -> {
                requireMethod(exchange, HttpMethod.POST);
                String reason = null;
                byte[] raw = readAll(exchange, MAX_JSON_BYTES);
                if (raw.length > 0) {
                    reason = Json.readObject(raw, "request body").text("reason").orElse(null);
                }
                send(exchange, HttpResponseStatus.OK, transactionStatus(service.abort(id, reason)));
            }
            case "contributions" -> {
                if (p.size() != 4) {
                    throw notFound(exchange);
                }
                if (m.equals(HttpMethod.GET)) {
                    send(exchange, HttpResponseStatus.OK, JSON.valueToTree(Map.of("contributions", service.contributions(id))));
                } else if (m.equals(HttpMethod.POST)) {
                    ContributionRecord c = contribute(exchange, txn);
                    send(exchange, HttpResponseStatus.OK, JSON.valueToTree(c));
                } else {
                    throw notAllowed(exchange);
                }
            }
            default -> throw notFound(exchange);
        }
    }

    private ContributionRecord contribute(HttpExchange exchange, TransactionRecord txn) {
        if (txn.state().isFinished()) {
            throw new SkyshardException(ReplicationErrorCode.INVALID_STATE, "cannot add a contribution: transaction " + txn.id()
                    + " is " + txn.state());
        }
        String contentType = exchange.request().headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        ContributionSources.Spec spec;
        if (contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            Json.Node body = jsonBody(exchange);
            spec = ContributionSources.Spec.fromJson(body);
            if (spec.path() == null && spec.url() == null) {
                throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT,
                        "a JSON contribution request needs 'path' or 'url' (to send the data itself, POST it as the body)");
            }
            return sources.contribute(service, txn, spec, null, ProgressListener.NONE);
        }
        spec = ContributionSources.Spec.fromParameters(exchange.queryParameters());
        return sources.contribute(service, txn, spec, exchange.bodyStream(), ProgressListener.NONE);
    }

    private ObjectNode transactionStatus(TransactionRecord t) {
        ObjectNode out = JSON.valueToTree(t);
        List<ContributionRecord> all = service.contributions(t.id());
        long rowsRead = 0;
        long rowsLoaded = 0;
        long bytes = 0;
        Map<String, Integer> byState = new LinkedHashMap<>();
        for (ContributionState s : ContributionState.values()) {
            byState.put(s.name(), 0);
        }
        List<Map<String, Object>> errors = new ArrayList<>();
        for (ContributionRecord c : all) {
            byState.merge(c.state().name(), 1, Integer::sum);
            rowsRead += c.stats().rowsRead();
            bytes += c.stats().bytesRead();
            if (c.state() == ContributionState.LOADED) {
                rowsLoaded += c.stats().rowsLoaded();
            }
            if (c.state() == ContributionState.FAILED) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("contribution", c.id());
                e.put("table", c.table());
                e.put("source", c.source());
                e.put("error", c.error());
                errors.add(e);
            }
        }
        out.set("contributionCounts", JSON.valueToTree(byState));
        out.put("rowsRead", rowsRead);
        out.put("rowsLoaded", rowsLoaded);
        out.put("bytesRead", bytes);
        out.set("errors", JSON.valueToTree(errors));
        out.set("contributions", JSON.valueToTree(all));
        return out;
    }

    // ------------------------------------------------------------------ plumbing

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(java.net.URLDecoder.decode(s, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static long id(String text, String what) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, "'" + text + "' is not a " + what + " id");
        }
    }

    static String param(HttpExchange exchange, String name) {
        List<String> v = exchange.queryParameters().get(name);
        return v == null || v.isEmpty() ? null : v.getLast();
    }

    private static Json.Node jsonBody(HttpExchange exchange) {
        byte[] raw = readAll(exchange, MAX_JSON_BYTES);
        if (raw.length == 0) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, exchange.method() + " " + exchange.path() + " needs a JSON body");
        }
        return Json.readObject(raw, "request body");
    }

    private static void drain(HttpExchange exchange) {
        readAll(exchange, MAX_JSON_BYTES);
    }

    private static byte[] readAll(HttpExchange exchange, int limit) {
        try (InputStream in = exchange.bodyStream()) {
            byte[] data = in.readNBytes(limit + 1);
            if (data.length > limit) {
                throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, "request body larger than " + limit + " bytes");
            }
            return data;
        } catch (IOException e) {
            throw new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, "cannot read the request body: " + e.getMessage(), e);
        }
    }

    private static void requireMethod(HttpExchange exchange, HttpMethod method) {
        if (!exchange.method().equals(method)) {
            throw notAllowed(exchange);
        }
    }

    private static SkyshardException notFound(HttpExchange exchange) {
        return new SkyshardException(IngestErrorCode.NO_SUCH_RESOURCE, "no such resource: " + exchange.method() + " " + exchange.path()
                + " (see GET /ingest/databases, /ingest/transactions)");
    }

    private static SkyshardException notAllowed(HttpExchange exchange) {
        return new SkyshardException(IngestErrorCode.METHOD_NOT_ALLOWED, exchange.method() + " is not allowed on " + exchange.path());
    }

    private static ObjectNode errorBody(String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return body;
    }

    private static HttpResponseStatus status(SkyshardException e) {
        if (e.code() == IngestErrorCode.NO_SUCH_RESOURCE || e.code() == ReplicationErrorCode.UNKNOWN_DATABASE
                || e.code() == ReplicationErrorCode.UNKNOWN_TABLE || e.code() == ReplicationErrorCode.UNKNOWN_TRANSACTION
                || e.code() == ReplicationErrorCode.UNKNOWN_CONTRIBUTION || e.code() == CommonErrorCode.UNKNOWN_DATABASE
                || e.code() == CommonErrorCode.UNKNOWN_TABLE) {
            return HttpResponseStatus.NOT_FOUND;
        }
        if (e.code() == IngestErrorCode.METHOD_NOT_ALLOWED) {
            return HttpResponseStatus.METHOD_NOT_ALLOWED;
        }
        if (e.code() == ReplicationErrorCode.INVALID_STATE || e.code() == ReplicationErrorCode.DATABASE_EXISTS
                || e.code() == ReplicationErrorCode.TABLE_EXISTS) {
            return HttpResponseStatus.CONFLICT;
        }
        return switch (e.code().category()) {
            case USER -> HttpResponseStatus.BAD_REQUEST;
            case RESOURCE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            case INTERNAL -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
    }

    private static void send(HttpExchange exchange, HttpResponseStatus status, JsonNode body) {
        exchange.sendJson(status, body);
    }

}
