package io.skyshard.czar.frontend.http;

/**
 * Serves the requests of one route of {@link HttpApiServer}. Called on a worker thread, never on the
 * event loop, so it may block (run a query, read a file); it must answer through the exchange exactly
 * once, either with one of the {@code send} methods or by writing and closing
 * {@link HttpExchange#startStreaming}'s stream.
 */
@FunctionalInterface
public interface HttpHandler {
    void handle(HttpExchange exchange) throws Exception;

    /**
     * Answers a request whose body exceeds the route's limit (the body is not available). The
     * connection is closed after the answer, since the rest of the body was not read.
     */
    default void rejectOversized(HttpExchange exchange, long limitBytes) throws Exception {
        exchange.sendError(io.netty.handler.codec.http.HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "REQUEST_TOO_LARGE",
                "request body larger than " + limitBytes + " bytes");
    }
}
