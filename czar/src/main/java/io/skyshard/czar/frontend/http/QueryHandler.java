package io.skyshard.czar.frontend.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.skyshard.common.error.ErrorCategory;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.CzarErrorCode;
import io.skyshard.czar.query.QueryResult;
import io.skyshard.czar.query.QueryService;
import io.skyshard.czar.query.ResultColumn;
import io.skyshard.czar.query.Session;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * {@code POST /query} with {@code {"query": "...", "database": "..."}}: runs the statement and
 * streams {@code {"schema": [{"name", "type"}...], "rows": [[...]...]}}. Values: numbers as JSON
 * numbers (NaN and infinities as the strings "NaN", "Infinity", "-Infinity"), bytes as base64,
 * dates and times as ISO-8601 strings, NULL as null. Errors: {@code {"error": {"code", "message"}}}
 * with 400 (user), 500 (internal) or 503 (resource); an error after the first 64 KiB of rows has
 * been sent is reported as an {@code "error"} member after {@code "rows"} (the status is gone).
 */
final class QueryHandler implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(QueryHandler.class.getName());
    static final String HTTP_USER = "http";

    private final QueryService service;

    QueryHandler(QueryService service) {
        this.service = requireNonNull(service, "service");
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!exchange.method().equals(HttpMethod.POST)) {
            exchange.sendError(HttpResponseStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                    "/query accepts POST, not " + exchange.method());
            return;
        }
        String sql;
        String database;
        boolean qserv;
        QservJson.BinaryEncoding encoding;
        try {
            JsonNode body = readJson(exchange);
            if (body == null || !body.isObject()) {
                throw badRequest("request body must be a JSON object like {\"query\": \"SELECT ...\"}");
            }
            JsonNode query = body.get("query");
            if (query == null || !query.isTextual() || query.asText().isBlank()) {
                throw badRequest("request body needs a non-empty string member \"query\"");
            }
            JsonNode db = body.get("database");
            if (db != null && !db.isNull() && !db.isTextual()) {
                throw badRequest("\"database\" must be a string");
            }
            sql = query.asText();
            database = db == null || db.isNull() || db.asText().isEmpty() ? null : db.asText();
            // Qserv's clients send the API version and the binary encoding: they get Qserv's response form.
            JsonNode binary = body.get("binary_encoding");
            qserv = binary != null || body.has("version") || exchange.queryParameters().containsKey("version");
            encoding = QservJson.encoding(binary == null || binary.isNull() ? null : binary.asText());
        } catch (JsonProcessingException e) {
            exchange.sendError(HttpResponseStatus.BAD_REQUEST, CzarErrorCode.MALFORMED_REQUEST.name(),
                    "malformed JSON in request body: " + e.getOriginalMessage());
            return;
        } catch (SkyshardException e) {
            sendFailure(exchange, e);
            return;
        }
        if (qserv) {
            runQservForm(exchange, sql, new Session(HTTP_USER, database), encoding);
        } else {
            run(exchange, sql, new Session(HTTP_USER, database));
        }
    }

    /** The same query answered in Qserv's form (see {@link QservJson}). */
    private void runQservForm(HttpExchange exchange, String sql, Session session, QservJson.BinaryEncoding encoding) {
        QueryResult result;
        try {
            result = service.execute(sql, session);
        } catch (RuntimeException e) {
            logIfServerFault(e);
            QservJson.sendFailure(exchange, e);
            return;
        }
        HttpExchange.StreamingBody body = exchange.startStreaming(HttpResponseStatus.OK, "application/json; charset=utf-8");
        try (result) {
            JsonGenerator json = HttpExchange.JSON.getFactory().createGenerator(body);
            try {
                json.writeStartObject();
                json.writeNumberField("success", 1);
                json.writeStringField("error", "");
                json.writeStringField("warning", "");
                QservJson.writeResultMembers(result, encoding, json);
                json.writeEndObject();
            } catch (RuntimeException e) {
                if (body.discard()) {
                    logIfServerFault(e);
                    QservJson.sendFailure(exchange, e);
                    return;
                }
                logIfServerFault(e);
                json.writeEndArray();
                json.writeNumberField("success", 0);
                json.writeStringField("error_after_rows", SkyshardException.wrap(e).getMessage());
                json.writeEndObject();
            }
            json.close();
            body.close();
        } catch (IOException e) {
            body.abort();
        }
    }

    private static SkyshardException badRequest(String message) {
        return new SkyshardException(CzarErrorCode.MALFORMED_REQUEST, message);
    }

    private void run(HttpExchange exchange, String sql, Session session) {
        QueryResult result;
        try {
            result = service.execute(sql, session);
        } catch (RuntimeException e) {
            sendFailure(exchange, e);
            return;
        }
        HttpExchange.StreamingBody body = exchange.startStreaming(HttpResponseStatus.OK, "application/json; charset=utf-8");
        try (result) {
            JsonGenerator json = HttpExchange.JSON.getFactory().createGenerator(body);
            try {
                writeResult(result, json);
            } catch (RuntimeException e) {
                if (body.discard()) {
                    sendFailure(exchange, e);
                    return;
                }
                // rows already went out with status 200: finish the document with the error
                logIfServerFault(e);
                json.writeEndArray();
                writeErrorMember(json, e);
                json.writeEndObject();
            }
            json.close();
            body.close();
        } catch (IOException e) {
            // the client went away mid-stream; closing the result stops the query
            body.abort();
        }
    }

    private static void writeResult(QueryResult result, JsonGenerator json) throws IOException {
        List<ResultColumn> columns = result.columns();
        json.writeStartObject();
        json.writeArrayFieldStart("schema");
        for (ResultColumn c : columns) {
            json.writeStartObject();
            json.writeStringField("name", c.name());
            json.writeStringField("type", c.type().name());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("rows");
        int n = columns.size();
        while (result.next()) {
            json.writeStartArray();
            for (int i = 0; i < n; i++) {
                writeValue(json, result.value(i));
            }
            json.writeEndArray();
        }
        json.writeEndArray();
        if (n == 0 && result.info() != null && !result.info().isEmpty()) {
            json.writeStringField("info", result.info());
        }
        json.writeEndObject();
    }

    static void writeValue(JsonGenerator json, Object value) throws IOException {
        switch (value) {
            case null -> json.writeNull();
            case Boolean b -> json.writeBoolean(b);
            case Long l -> json.writeNumber(l);
            case Integer i -> json.writeNumber(i);
            case Short s -> json.writeNumber(s);
            case Byte b -> json.writeNumber(b);
            case BigInteger b -> json.writeNumber(b);
            case BigDecimal d -> json.writeNumber(d);
            case Float f -> {
                if (f.isNaN() || f.isInfinite()) {
                    json.writeString(f.toString());
                } else {
                    json.writeNumber(f);
                }
            }
            case Double d -> {
                if (d.isNaN() || d.isInfinite()) {
                    json.writeString(d.toString());
                } else {
                    json.writeNumber(d);
                }
            }
            case byte[] bytes -> json.writeBinary(bytes);
            default -> json.writeString(value.toString());
        }
    }

    private static void writeErrorMember(JsonGenerator json, RuntimeException e) throws IOException {
        SkyshardException s = SkyshardException.wrap(e);
        json.writeObjectFieldStart("error");
        json.writeStringField("code", s.code().name());
        json.writeStringField("message", s.getMessage());
        json.writeEndObject();
    }

    static void sendFailure(HttpExchange exchange, RuntimeException e) {
        logIfServerFault(e);
        SkyshardException s = SkyshardException.wrap(e);
        HttpResponseStatus status = switch (s.code().category()) {
            case USER -> HttpResponseStatus.BAD_REQUEST;
            case RESOURCE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            case INTERNAL -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
        exchange.sendError(status, s.code().name(), s.getMessage());
    }

    private static void logIfServerFault(RuntimeException e) {
        if (!(e instanceof SkyshardException s) || s.code().category() == ErrorCategory.INTERNAL) {
            LOG.log(System.Logger.Level.ERROR, "query failed with an internal error", e);
        }
    }

    /** Parses a JSON body from its bytes: malformed UTF-8 is a JSON error, not silently U+FFFD. */
    static JsonNode readJson(HttpExchange exchange) throws JsonProcessingException {
        try {
            return HttpExchange.JSON.readTree(exchange.bodyBytes());
        } catch (JsonProcessingException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new SkyshardException(CzarErrorCode.MALFORMED_REQUEST, "cannot read the request body: " + e.getMessage(), e);
        }
    }
}
