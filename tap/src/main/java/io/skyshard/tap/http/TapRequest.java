package io.skyshard.tap.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.frontend.http.HttpExchange;
import io.skyshard.tap.TapErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of a TAP request from the query string and a form or multipart body, with
 * case-insensitive names (DALI): names are kept upper-cased, values as sent. Multipart parts that
 * carry files (uploads) are kept by their part name.
 */
final class TapRequest {
    private final Map<String, List<String>> params;
    private final Map<String, byte[]> parts;

    private TapRequest(Map<String, List<String>> params, Map<String, byte[]> parts) {
        this.params = params;
        this.parts = parts;
    }

    static TapRequest parse(HttpExchange exchange) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        Map<String, byte[]> parts = new HashMap<>();
        exchange.queryParameters().forEach((k, v) -> params.computeIfAbsent(k.toUpperCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
        if (exchange.method().equals(HttpMethod.POST) && exchange.request().content().isReadable()) {
            String type = exchange.header("Content-Type");
            String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
            if (lower.startsWith("multipart/form-data") || lower.startsWith("application/x-www-form-urlencoded") || lower.isEmpty()) {
                if (lower.isEmpty()) {
                    exchange.request().headers().set("Content-Type", "application/x-www-form-urlencoded");
                }
                decodeBody(exchange, params, parts);
            } else {
                throw new SkyshardException(TapErrorCode.INVALID_PARAMETER, "request body of type '" + type
                        + "' is not supported: send application/x-www-form-urlencoded or multipart/form-data");
            }
        }
        return new TapRequest(params, parts);
    }

    private static void decodeBody(HttpExchange exchange, Map<String, List<String>> params, Map<String, byte[]> parts) {
        HttpPostRequestDecoder decoder;
        try {
            decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), exchange.request(), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw new SkyshardException(TapErrorCode.INVALID_PARAMETER, "malformed request body: " + e.getMessage(), e);
        }
        try {
            for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
                if (data instanceof FileUpload file) {
                    parts.put(file.getName(), file.get());
                } else if (data instanceof Attribute a) {
                    String value = a.getValue();
                    params.computeIfAbsent(a.getName().toUpperCase(Locale.ROOT), x -> new ArrayList<>()).add(value);
                    // a part sent without a file name is still usable by UPLOAD=name,param:part
                    parts.putIfAbsent(a.getName(), a.get());
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new SkyshardException(TapErrorCode.INVALID_PARAMETER, "malformed request body: " + e.getMessage(), e);
        } finally {
            decoder.destroy();
        }
    }

    /** The first value of a parameter (name case-insensitive), or null. */
    String get(String name) {
        List<String> v = params.get(name.toUpperCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    List<String> all(String name) {
        return params.getOrDefault(name.toUpperCase(Locale.ROOT), List.of());
    }

    boolean has(String name) {
        return params.containsKey(name.toUpperCase(Locale.ROOT));
    }

    /** First value of every parameter except the listed ones (upper-case names). */
    Map<String, String> singleValues(List<String> except) {
        Map<String, String> out = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (!except.contains(k) && !v.isEmpty()) {
                out.put(k, v.get(0));
            }
        });
        return out;
    }

    Map<String, byte[]> parts() {
        return parts;
    }
}
