package io.skyshard.czar.frontend.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** One HTTP request and the means to answer it; handed to an {@link HttpHandler} on a worker thread. */
public final class HttpExchange {
    /** Bytes buffered before a streamed response commits to its status and switches to chunked encoding. */
    static final int STREAM_CHUNK_BYTES = 64 * 1024;
    /** The Server header of every response (IVOA validators expect one). */
    static final String SERVER = "Skyshard";

    private final Channel channel;
    private final FullHttpRequest request;
    private final QueryStringDecoder uri;
    private final Object writability;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    /** The body of a streaming route's request; null for aggregated requests. */
    private final RequestBody streamedBody;
    private boolean responded;

    HttpExchange(Channel channel, FullHttpRequest request, Object writability) {
        this(channel, request, writability, null);
    }

    HttpExchange(Channel channel, FullHttpRequest request, Object writability, RequestBody streamedBody) {
        this.channel = requireNonNull(channel, "channel");
        this.request = requireNonNull(request, "request");
        this.uri = new QueryStringDecoder(request.uri());
        this.writability = requireNonNull(writability, "writability");
        this.streamedBody = streamedBody;
    }

    /**
     * The request body as a stream: read while it arrives on routes mounted with
     * {@link HttpApiServer#mountStreaming}, from memory on others. Reading fails with an IOException
     * when the client disconnects before the end of the body.
     */
    public java.io.InputStream bodyStream() {
        if (streamedBody != null) {
            return streamedBody;
        }
        return new io.netty.buffer.ByteBufInputStream(request.content().retainedDuplicate(), true);
    }

    public FullHttpRequest request() {
        return request;
    }

    public HttpMethod method() {
        return request.method();
    }

    /** The decoded path without the query string (as sent, when its %-escapes are malformed). */
    public String path() {
        return decodedPath(uri);
    }

    static String decodedPath(QueryStringDecoder uri) {
        try {
            return uri.path();
        } catch (IllegalArgumentException e) {
            // no route has such a name: the raw path routes to "no such resource"
            return uri.rawPath();
        }
    }

    /** The query string's parameters; malformed %-escapes are the client's error. */
    public Map<String, List<String>> queryParameters() {
        try {
            return uri.parameters();
        } catch (IllegalArgumentException e) {
            throw new io.skyshard.common.error.SkyshardException(io.skyshard.czar.CzarErrorCode.MALFORMED_REQUEST,
                    "malformed query string: " + e.getMessage(), e);
        }
    }

    /** The request body's bytes (JSON is parsed from them, so bytes that are not UTF-8 are an error). */
    public byte[] bodyBytes() {
        byte[] out = new byte[request.content().readableBytes()];
        request.content().getBytes(request.content().readerIndex(), out);
        return out;
    }

    public String body() {
        return request.content().toString(StandardCharsets.UTF_8);
    }

    public boolean responded() {
        return responded;
    }

    /** Completes when the response has been handed to the socket (or the connection is gone). */
    CompletableFuture<Void> done() {
        return done;
    }

    /** A request header's value, or null when absent. */
    public String header(String name) {
        return request.headers().get(name);
    }

    public void send(HttpResponseStatus status, String contentType, byte[] body) {
        send(status, contentType, body, Map.of());
    }

    /** Sends a whole response with extra headers (e.g. {@code Location} for a redirect). */
    public void send(HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers) {
        markResponded();
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), status, Unpooled.wrappedBuffer(body));
        headers.forEach((name, value) -> response.headers().set(name, value));
        response.headers().set(HttpHeaderNames.SERVER, SERVER);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (streamedBody != null && !streamedBody.consumed()) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        finish(channel.writeAndFlush(response), response);
    }

    public void sendJson(HttpResponseStatus status, Object value) {
        try {
            send(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode JSON response", e);
        }
    }

    /** {@code {"error": {"code": ..., "message": ...}}} with the given status. */
    public void sendError(HttpResponseStatus status, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        sendJson(status, Map.of("error", error));
    }

    /**
     * Starts a response whose body is written to the returned stream. The status is committed only
     * when more than {@link #STREAM_CHUNK_BYTES} have been written (then the body goes out in chunks,
     * pausing while the client reads slowly); until then {@link StreamingBody#discard()} allows a
     * different response, e.g. an error status.
     */
    public StreamingBody startStreaming(HttpResponseStatus status, String contentType) {
        markResponded();
        return new StreamingBody(status, contentType);
    }

    private void markResponded() {
        if (responded) {
            throw new IllegalStateException("response already sent for " + request.method() + " " + request.uri());
        }
        responded = true;
    }

    private void finish(ChannelFuture write, HttpResponse response) {
        // The rest of an unread streamed body would be taken for the next request: close instead.
        boolean keepAlive = HttpUtil.isKeepAlive(request) && (streamedBody == null || streamedBody.consumed());
        write.addListener(f -> done.complete(null));
        if (!keepAlive) {
            write.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void awaitWritable() throws IOException {
        synchronized (writability) {
            while (!channel.isWritable()) {
                if (!channel.isActive()) {
                    break;
                }
                try {
                    writability.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while streaming a response", e);
                }
            }
        }
        if (!channel.isActive()) {
            throw new IOException("client closed the connection");
        }
    }

    /** The body of a streamed response; close it to end the response. */
    public final class StreamingBody extends OutputStream {
        private final HttpResponseStatus status;
        private final String contentType;
        private ByteBuf buffer = channel.alloc().buffer(STREAM_CHUNK_BYTES);
        private boolean committed;
        private boolean closed;

        private StreamingBody(HttpResponseStatus status, String contentType) {
            this.status = status;
            this.contentType = contentType;
        }

        public boolean committed() {
            return committed;
        }

        @Override
        public void write(int b) throws IOException {
            ensureOpen();
            buffer.writeByte(b);
            maybeSendChunk();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ensureOpen();
            buffer.writeBytes(b, off, len);
            maybeSendChunk();
        }

        private void ensureOpen() throws IOException {
            if (closed) {
                throw new IOException("response body already closed");
            }
        }

        private void maybeSendChunk() throws IOException {
            if (buffer.readableBytes() < STREAM_CHUNK_BYTES) {
                return;
            }
            if (!committed) {
                committed = true;
                HttpResponse head = new DefaultHttpResponse(request.protocolVersion(), status);
                head.headers().set(HttpHeaderNames.SERVER, SERVER);
                head.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
                head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
                channel.write(head);
            }
            channel.writeAndFlush(new DefaultHttpContent(buffer));
            buffer = channel.alloc().buffer(STREAM_CHUNK_BYTES);
            awaitWritable();
        }

        /**
         * Drops what was written so far so that another response can be sent; false (and nothing
         * dropped) when the status line has already gone out.
         */
        public boolean discard() {
            if (committed || closed) {
                return false;
            }
            closed = true;
            buffer.release();
            responded = false;
            return true;
        }

        /** Ends the response after a failure: a committed response is cut short by closing the connection. */
        public void abort() {
            if (closed) {
                return;
            }
            closed = true;
            buffer.release();
            channel.close();
            done.complete(null);
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (!committed) {
                FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), status, buffer);
                response.headers().set(HttpHeaderNames.SERVER, SERVER);
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
                response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, buffer.readableBytes());
                finish(channel.writeAndFlush(response), response);
                return;
            }
            if (buffer.isReadable()) {
                channel.write(new DefaultHttpContent(buffer));
            } else {
                buffer.release();
            }
            finish(channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), null);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
}
