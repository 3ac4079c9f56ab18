package io.skyshard.czar.frontend.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.frontend.mysql.TextValueFormatter;
import io.skyshard.czar.query.QueryResult;
import io.skyshard.czar.query.ResultColumn;
import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Responses in the form of Qserv's HTTP frontend, so that Qserv clients work unchanged: every
 * response has {@code "success"} (1, or 0 with {@code "error"} and {@code "error_ext"}) and comes with
 * HTTP status 200; a result set is {@code {"schema": [{"column", "table", "type", "is_binary"}...],
 * "rows": [["text", ...]...]}} where values are the MySQL text forms (as the mysql client prints
 * them), NULL is null, and binary values are encoded as asked: {@code hex} (default), {@code b64}
 * or {@code array} (a JSON array of byte values).
 */
final class QservJson {
    enum BinaryEncoding { HEX, B64, ARRAY }

    private QservJson() {
    }

    static BinaryEncoding encoding(String name) {
        if (name == null || name.isEmpty()) {
            return BinaryEncoding.HEX;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "hex" -> BinaryEncoding.HEX;
            case "b64" -> BinaryEncoding.B64;
            case "array" -> BinaryEncoding.ARRAY;
            default -> throw new SkyshardException(io.skyshard.czar.CzarErrorCode.MALFORMED_REQUEST,
                    "binary_encoding must be hex, b64 or array, got '" + name + "'");
        };
    }

    static Map<String, Object> success() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", 1);
        out.put("error", "");
        out.put("error_ext", Map.of());
        out.put("warning", "");
        return out;
    }

    static Map<String, Object> failure(RuntimeException e) {
        SkyshardException s = SkyshardException.wrap(e);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", 0);
        out.put("error", s.getMessage());
        out.put("error_ext", Map.of("code", s.code().name(), "mysql_code", s.code().mysqlCode()));
        out.put("warning", "");
        return out;
    }

    static void sendFailure(HttpExchange exchange, RuntimeException e) {
        exchange.sendJson(io.netty.handler.codec.http.HttpResponseStatus.OK, failure(e));
    }

    /** Writes the members {@code "schema"} and {@code "rows"} of an open JSON object. */
    static void writeResultMembers(QueryResult result, BinaryEncoding encoding, JsonGenerator json) throws IOException {
        List<ResultColumn> columns = result.columns();
        boolean[] binary = new boolean[columns.size()];
        json.writeArrayFieldStart("schema");
        for (int i = 0; i < columns.size(); i++) {
            ResultColumn c = columns.get(i);
            binary[i] = c.type() == ColumnType.VARBINARY || c.type() == ColumnType.BIT;
            json.writeStartObject();
            json.writeStringField("table", "");
            json.writeStringField("column", c.name());
            json.writeStringField("type", c.type().name());
            json.writeNumberField("is_binary", binary[i] ? 1 : 0);
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("rows");
        while (result.next()) {
            json.writeStartArray();
            for (int i = 0; i < columns.size(); i++) {
                Object v = result.value(i);
                if (v == null) {
                    json.writeNull();
                } else if (binary[i]) {
                    byte[] bytes = TextValueFormatter.format(v, columns.get(i).type(),
                            columns.get(i).precision() > 0 && columns.get(i).precision() <= 64 ? columns.get(i).precision() : 64);
                    switch (encoding) {
                        case HEX -> json.writeString(HexFormat.of().formatHex(bytes));
                        case B64 -> json.writeString(Base64.getEncoder().encodeToString(bytes));
                        case ARRAY -> {
                            json.writeStartArray();
                            for (byte b : bytes) {
                                json.writeNumber(b & 0xFF);
                            }
                            json.writeEndArray();
                        }
                    }
                } else {
                    json.writeString(TextValueFormatter.formatText(v));
                }
            }
            json.writeEndArray();
        }
        json.writeEndArray();
    }
}
