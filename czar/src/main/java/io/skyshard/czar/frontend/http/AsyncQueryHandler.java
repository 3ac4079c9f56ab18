package io.skyshard.czar.frontend.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.CzarErrorCode;
import io.skyshard.czar.query.QueryInfo;
import io.skyshard.czar.query.QueryResult;
import io.skyshard.czar.query.QueryService;
import io.skyshard.czar.query.Session;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The asynchronous query API, in the form of Qserv's HTTP frontend (see {@link QservJson}):
 * <pre>
 *   POST   /query-async                {"query": "...", "database": "..."}  -> {"queryId": N}
 *   GET    /query-async/status/N       -> {"status": {"queryId", "status", "totalChunks", "completedChunks",
 *                                          "queryBeginEpoch", "lastUpdateEpoch", "query", "error", "finalRows", ...}}
 *   GET    /query-async/result/N       [?binary_encoding=hex|b64|array] -> {"schema": [...], "rows": [...]}
 *   DELETE /query-async/result/N       drops the stored result
 *   DELETE /query-async/N              cancels the query on every worker
 * </pre>
 * Status values: QUEUED, EXECUTING, COMPLETED, FAILED, ABORTED (a cancelled query). A {@code version}
 * parameter or member (Qserv's API versioning) is accepted and ignored.
 */
final class AsyncQueryHandler implements HttpHandler {
    static final String ROUTE = "/query-async";

    private final QueryService service;

    AsyncQueryHandler(QueryService service) {
        this.service = requireNonNull(service, "service");
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String rest = exchange.path().substring(ROUTE.length());
        List<String> parts = rest.isEmpty() ? List.of() : List.of(rest.substring(1).split("/", -1));
        HttpMethod method = exchange.method();
        try {
            if (parts.isEmpty() && method.equals(HttpMethod.POST)) {
                submit(exchange);
            } else if (parts.size() == 2 && parts.get(0).equals("status") && method.equals(HttpMethod.GET)) {
                status(exchange, id(parts.get(1)));
            } else if (parts.size() == 2 && parts.get(0).equals("result") && method.equals(HttpMethod.GET)) {
                result(exchange, id(parts.get(1)));
            } else if (parts.size() == 2 && parts.get(0).equals("result") && method.equals(HttpMethod.DELETE)) {
                service.deleteResult(id(parts.get(1)));
                exchange.sendJson(HttpResponseStatus.OK, QservJson.success());
            } else if (parts.size() == 1 && method.equals(HttpMethod.DELETE)) {
                service.cancel(id(parts.get(0)));
                exchange.sendJson(HttpResponseStatus.OK, QservJson.success());
            } else {
                exchange.sendError(HttpResponseStatus.NOT_FOUND, "NOT_FOUND", "no such resource: " + method + " "
                        + exchange.path() + " (POST " + ROUTE + ", GET " + ROUTE + "/status/<id>, GET|DELETE " + ROUTE
                        + "/result/<id>, DELETE " + ROUTE + "/<id>)");
            }
        } catch (RuntimeException e) {
            if (!exchange.responded()) {
                QservJson.sendFailure(exchange, e);
            }
        }
    }

    private static long id(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new SkyshardException(CzarErrorCode.MALFORMED_REQUEST, "query id must be a number, got '" + text + "'");
        }
    }

    private void submit(HttpExchange exchange) {
        JsonNode body;
        try {
            body = QueryHandler.readJson(exchange);
        } catch (JsonProcessingException e) {
            throw new SkyshardException(CzarErrorCode.MALFORMED_REQUEST, "malformed JSON in request body: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject() || body.get("query") == null || !body.get("query").isTextual()
                || body.get("query").asText().isBlank()) {
            throw new SkyshardException(CzarErrorCode.MALFORMED_REQUEST,
                    "request body must be a JSON object with a non-empty string member \"query\"");
        }
        JsonNode db = body.get("database");
        String database = db == null || db.isNull() || db.asText().isEmpty() ? null : db.asText();
        long id = service.submit(body.get("query").asText(), new Session(QueryHandler.HTTP_USER, database));
        Map<String, Object> response = QservJson.success();
        response.put("queryId", id);
        exchange.sendJson(HttpResponseStatus.OK, response);
    }

    private void status(HttpExchange exchange, long id) {
        QueryInfo q = service.status(id);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("queryId", q.id());
        status.put("status", switch (q.state()) {
            case CANCELLED -> "ABORTED";
            default -> q.state().name();
        });
        status.put("totalChunks", q.chunksTotal());
        status.put("completedChunks", q.chunksDone());
        status.put("queryBeginEpoch", q.started().getEpochSecond());
        status.put("lastUpdateEpoch", q.updated() == null ? 0 : q.updated().getEpochSecond());
        status.put("query", q.sql());
        status.put("error", q.error() == null ? "" : q.error());
        status.put("finalRows", q.rows() < 0 ? null : q.rows());
        status.put("czarType", "skyshard");
        Map<String, Object> response = QservJson.success();
        response.put("status", status);
        exchange.sendJson(HttpResponseStatus.OK, response);
    }

    private void result(HttpExchange exchange, long id) throws IOException {
        List<String> enc = exchange.queryParameters().get("binary_encoding");
        QservJson.BinaryEncoding encoding = QservJson.encoding(enc == null || enc.isEmpty() ? null : enc.get(0));
        QueryResult result = service.result(id);
        HttpExchange.StreamingBody body = exchange.startStreaming(HttpResponseStatus.OK, "application/json; charset=utf-8");
        try (result) {
            JsonGenerator json = HttpExchange.JSON.getFactory().createGenerator(body);
            json.writeStartObject();
            json.writeNumberField("success", 1);
            json.writeStringField("error", "");
            json.writeStringField("warning", "");
            QservJson.writeResultMembers(result, encoding, json);
            json.writeEndObject();
            json.close();
            body.close();
        } catch (IOException e) {
            body.abort();
        }
    }
}
