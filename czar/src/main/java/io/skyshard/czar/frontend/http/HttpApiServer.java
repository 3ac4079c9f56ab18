package io.skyshard.czar.frontend.http;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.skyshard.czar.query.QueryService;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The czar's HTTP front end: {@code POST /query} (the SQL API), {@code GET /status}, and whatever
 * other modules {@link #mount} (e.g. TAP under {@code /tap/*}). Handlers run on a worker pool, one
 * request at a time per connection, so a slow query never blocks the event loop or other clients.
 *
 * <p>The same server, without the SQL API ({@link #HttpApiServer(String, int)}), serves the
 * controller's REST API. Routes mounted with {@link #mountStreaming} get request bodies of any size
 * as a stream ({@link HttpExchange#bodyStream()}), read while they arrive with flow control, instead
 * of a body gathered in memory up to {@link #MAX_REQUEST_BYTES}: that is how files are uploaded.
 */
public final class HttpApiServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HttpApiServer.class.getName());
    /** Largest request body accepted; larger ones get 413. */
    public static final int MAX_REQUEST_BYTES = 1024 * 1024;
    /**
     * A connection with no request being served that sends nothing for this long is closed: an
     * idle keep-alive connection, or a request that stopped arriving half-way (slowloris), must not
     * hold a socket and its buffers forever. Requests being served are never cut.
     */
    public static final long IDLE_TIMEOUT_SECONDS = 120;

    private final String host;
    private final int requestedPort;
    private final Map<String, HttpHandler> exactRoutes = new ConcurrentHashMap<>();
    private final Map<String, HttpHandler> prefixRoutes = new ConcurrentHashMap<>();
    /** Handlers (of either map) that take their request body as a stream. */
    private final java.util.Set<HttpHandler> streaming = ConcurrentHashMap.newKeySet();
    /** Body limits of routes mounted with their own; others get {@link #MAX_REQUEST_BYTES}. */
    private final Map<HttpHandler, Integer> bodyLimits = new ConcurrentHashMap<>();
    private volatile int largestBodyLimit = MAX_REQUEST_BYTES;
    private volatile long idleTimeoutMillis = TimeUnit.SECONDS.toMillis(IDLE_TIMEOUT_SECONDS);

    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private ExecutorService executor;
    private Channel serverChannel;

    public HttpApiServer(String host, int port, QueryService service) {
        this(host, port);
        requireNonNull(service, "service");
        mount("/query", new QueryHandler(service));
        AsyncQueryHandler async = new AsyncQueryHandler(service);
        mount(AsyncQueryHandler.ROUTE, async);
        mount(AsyncQueryHandler.ROUTE + "/*", async);
    }

    /** A server with only {@code GET /status}: other modules mount their routes (the controller's REST API). */
    public HttpApiServer(String host, int port) {
        this.host = requireNonNull(host, "host");
        this.requestedPort = port;
        mount("/status", exchange -> {
            if (exchange.method().equals(HttpMethod.GET) || exchange.method().equals(HttpMethod.HEAD)) {
                exchange.sendJson(HttpResponseStatus.OK, Map.of("status", "ok"));
            } else {
                exchange.sendError(HttpResponseStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                        "/status accepts GET, not " + exchange.method());
            }
        });
    }

    /**
     * Adds a route: {@code "/path"} matches that path exactly, {@code "/prefix/*"} matches
     * {@code /prefix} and everything below it (the longest matching prefix wins). May be called
     * before or after {@link #start()}.
     */
    public HttpApiServer mount(String route, HttpHandler handler) {
        requireNonNull(route, "route");
        requireNonNull(handler, "handler");
        if (!route.startsWith("/")) {
            throw new IllegalArgumentException("route must start with '/': " + route);
        }
        if (route.endsWith("/*")) {
            prefixRoutes.put(route.substring(0, route.length() - 2), handler);
        } else {
            exactRoutes.put(route, handler);
        }
        return this;
    }

    /**
     * Like {@link #mount}, but the handler reads the request body from {@link HttpExchange#bodyStream()}
     * while it arrives (any size; the client is slowed down while the handler does not read).
     */
    public HttpApiServer mountStreaming(String route, HttpHandler handler) {
        mount(route, handler);
        streaming.add(handler);
        return this;
    }

    /**
     * Like {@link #mount(String, HttpHandler)} with the route's own request body limit (e.g. TAP
     * uploads); requests above it are answered by {@link HttpHandler#rejectOversized}. A larger limit
     * applies to connections opened after this call.
     */
    public synchronized HttpApiServer mount(String route, HttpHandler handler, int maxBodyBytes) {
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("body limit must be positive, got " + maxBodyBytes);
        }
        mount(route, handler);
        bodyLimits.put(handler, maxBodyBytes);
        largestBodyLimit = Math.max(largestBodyLimit, maxBodyBytes);
        return this;
    }

    private int bodyLimit(HttpHandler handler) {
        return bodyLimits.getOrDefault(handler, MAX_REQUEST_BYTES);
    }

    HttpHandler route(String path) {
        HttpHandler exact = exactRoutes.get(path);
        if (exact != null) {
            return exact;
        }
        String best = null;
        for (String prefix : prefixRoutes.keySet()) {
            boolean matches = path.equals(prefix) || path.startsWith(prefix + "/");
            if (matches && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? null : prefixRoutes.get(best);
    }

    /** Sets the idle timeout of connections opened after this call (tests; see {@link #IDLE_TIMEOUT_SECONDS}). */
    public HttpApiServer idleTimeout(java.time.Duration timeout) {
        this.idleTimeoutMillis = timeout.toMillis();
        return this;
    }

    public synchronized HttpApiServer start() {
        if (serverChannel != null) {
            throw new IllegalStateException("HTTP server already started");
        }
        bossGroup = new NioEventLoopGroup(1);
        workerGroup = new NioEventLoopGroup();
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "skyshard-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new io.netty.handler.timeout.IdleStateHandler(idleTimeoutMillis, 0, 0,
                                TimeUnit.MILLISECONDS));
                        ch.pipeline().addLast(new HttpServerCodec());
                        ch.pipeline().addLast(new HttpServerKeepAliveHandler());
                        ch.pipeline().addLast(new StreamingRequests());
                        ch.pipeline().addLast(new RouteAwareAggregator(largestBodyLimit));
                        ch.pipeline().addLast(new Dispatcher());
                    }
                });
        try {
            serverChannel = bootstrap.bind(host, requestedPort).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while binding HTTP port " + host + ":" + requestedPort, e);
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("cannot bind HTTP port " + host + ":" + requestedPort + ": " + e.getMessage(), e);
        }
        return this;
    }

    public int port() {
        if (serverChannel == null) {
            throw new IllegalStateException("HTTP server not started");
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public synchronized void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            bossGroup = null;
            workerGroup = null;
        }
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    /**
     * Takes the requests of streaming routes out of the pipeline before they are aggregated: the
     * handler starts at once and reads the body from a {@link RequestBody} fed here; everything else
     * passes on to the aggregator.
     */
    private final class StreamingRequests extends io.netty.channel.ChannelInboundHandlerAdapter {
        private RequestBody body;
        /** Streaming requests whose handler has not returned (their body may be read already). */
        private final java.util.concurrent.atomic.AtomicInteger serving = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof io.netty.handler.timeout.IdleStateEvent && (body != null || serving.get() > 0)) {
                return; // a streaming request is being served: not idle
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof io.netty.handler.codec.http.HttpRequest request && !(msg instanceof FullHttpRequest)) {
                HttpHandler handler = request.decoderResult().isSuccess()
                        ? route(HttpExchange.decodedPath(new io.netty.handler.codec.http.QueryStringDecoder(request.uri()))) : null;
                if (handler == null || !streaming.contains(handler)) {
                    body = null;
                    ctx.fireChannelRead(msg);
                    return;
                }
                if (io.netty.handler.codec.http.HttpUtil.is100ContinueExpected(request)) {
                    ctx.writeAndFlush(new io.netty.handler.codec.http.DefaultFullHttpResponse(request.protocolVersion(),
                            HttpResponseStatus.CONTINUE, io.netty.buffer.Unpooled.EMPTY_BUFFER));
                }
                body = new RequestBody(ctx.channel());
                FullHttpRequest head = new io.netty.handler.codec.http.DefaultFullHttpRequest(request.protocolVersion(),
                        request.method(), request.uri(), io.netty.buffer.Unpooled.EMPTY_BUFFER, request.headers(),
                        io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
                RequestBody stream = body;
                HttpExchange exchange = new HttpExchange(ctx.channel(), head, new Object(), stream);
                serving.incrementAndGet();
                executor.execute(() -> {
                    try {
                        handler.handle(exchange);
                        if (!exchange.responded()) {
                            throw new IllegalStateException("handler for " + exchange.path() + " sent no response");
                        }
                    } catch (Throwable t) {
                        LOG.log(System.Logger.Level.ERROR, "HTTP handler failed for " + exchange.method() + " " + exchange.path(), t);
                        if (!exchange.responded()) {
                            exchange.sendError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                                    t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
                        }
                    } finally {
                        stream.close();
                        serving.decrementAndGet();
                    }
                });
                return;
            }
            if (msg instanceof io.netty.handler.codec.http.HttpContent content && body != null) {
                RequestBody target = body;
                if (content instanceof io.netty.handler.codec.http.LastHttpContent) {
                    body = null;
                }
                target.offer(content);
                return;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (body != null) {
                body.fail();
                body = null;
            }
            ctx.fireChannelInactive();
        }
    }

    /** Aggregates request bodies; one too large for every route is answered by its route's handler. */
    private final class RouteAwareAggregator extends HttpObjectAggregator {
        private final int limit;

        RouteAwareAggregator(int maxContentLength) {
            super(maxContentLength);
            this.limit = maxContentLength;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, io.netty.handler.codec.http.HttpMessage oversized)
                throws Exception {
            if (!(oversized instanceof io.netty.handler.codec.http.HttpRequest request)) {
                super.handleOversizedMessage(ctx, oversized);
                return;
            }
            FullHttpRequest head = new io.netty.handler.codec.http.DefaultFullHttpRequest(request.protocolVersion(),
                    request.method(), request.uri());
            head.headers().set(request.headers());
            head.headers().remove(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_LENGTH);
            head.headers().remove(io.netty.handler.codec.http.HttpHeaderNames.TRANSFER_ENCODING);
            // the unread rest of the body makes the connection unusable: close it after the answer
            head.headers().set(io.netty.handler.codec.http.HttpHeaderNames.CONNECTION, "close");
            ctx.fireChannelRead(new OversizedRequest(head, limit));
        }
    }

    /** Marker for a request whose body was dropped for being larger than {@code limit}. */
    private record OversizedRequest(FullHttpRequest head, long limit) {
    }

    /** Hands each request to its route on the worker pool, in order per connection. */
    private final class Dispatcher extends io.netty.channel.ChannelInboundHandlerAdapter {
        private final Object writability = new Object();
        private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (message instanceof OversizedRequest oversized) {
                HttpExchange exchange = new HttpExchange(ctx.channel(), oversized.head(), writability);
                schedule(exchange, () -> rejectOversized(exchange, oversized.limit()));
            } else if (message instanceof FullHttpRequest request) {
                try {
                    channelRead0(ctx, request);
                } finally {
                    request.release();
                }
            } else {
                ctx.fireChannelRead(message);
            }
        }

        private void schedule(HttpExchange exchange, Runnable work) {
            ExecutorService pool = executor;
            // the next request's response must not overtake this one's (HTTP/1.1 pipelining)
            previous = previous.thenCompose(ignored -> CompletableFuture.runAsync(work, pool)
                    .thenCompose(ignored2 -> exchange.done()));
        }

        private void rejectOversized(HttpExchange exchange, long limit) {
            HttpHandler handler = route(exchange.path());
            try {
                if (handler == null) {
                    exchange.sendError(HttpResponseStatus.NOT_FOUND, "NOT_FOUND", "no such resource: " + exchange.path());
                } else {
                    handler.rejectOversized(exchange, Math.min(limit, bodyLimit(handler)));
                }
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "HTTP handler failed for an oversized " + exchange.method() + " " + exchange.path(), t);
                if (!exchange.responded()) {
                    exchange.sendError(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "REQUEST_TOO_LARGE",
                            "request body larger than " + limit + " bytes");
                }
            } finally {
                exchange.request().release();
                if (!exchange.responded()) {
                    exchange.done().complete(null);
                }
            }
        }

        private void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            HttpExchange exchange = new HttpExchange(ctx.channel(), request.retain(), writability);
            if (request.decoderResult().isFailure()) {
                exchange.sendError(HttpResponseStatus.BAD_REQUEST, "MALFORMED_REQUEST",
                        "malformed HTTP request: " + request.decoderResult().cause().getMessage());
                request.release();
                return;
            }
            schedule(exchange, () -> serve(exchange));
        }

        private void serve(HttpExchange exchange) {
            try {
                HttpHandler handler = route(exchange.path());
                if (handler == null) {
                    exchange.sendError(HttpResponseStatus.NOT_FOUND, "NOT_FOUND", "no such resource: " + exchange.path());
                    return;
                }
                int limit = bodyLimit(handler);
                if (exchange.request().content().readableBytes() > limit) {
                    exchange.request().headers().set(io.netty.handler.codec.http.HttpHeaderNames.CONNECTION, "close");
                    handler.rejectOversized(exchange, limit);
                    return;
                }
                handler.handle(exchange);
                if (!exchange.responded()) {
                    throw new IllegalStateException("handler for " + exchange.path() + " sent no response");
                }
            } catch (io.skyshard.common.error.SkyshardException e) {
                if (e.code().category() == io.skyshard.common.error.ErrorCategory.USER) {
                    // a handler that let the client's own error through (e.g. a malformed query string)
                    if (!exchange.responded()) {
                        exchange.sendError(HttpResponseStatus.BAD_REQUEST, e.code().name(), e.getMessage());
                    }
                } else {
                    LOG.log(System.Logger.Level.ERROR, "HTTP handler failed for " + exchange.method() + " " + exchange.path(), e);
                    if (!exchange.responded()) {
                        exchange.sendError(HttpResponseStatus.INTERNAL_SERVER_ERROR, e.code().name(), e.getMessage());
                    }
                }
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "HTTP handler failed for " + exchange.method() + " " + exchange.path(), t);
                if (!exchange.responded()) {
                    exchange.sendError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                            t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
                }
            } finally {
                exchange.request().release();
                if (!exchange.responded()) {
                    exchange.done().complete(null);
                }
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            synchronized (writability) {
                writability.notifyAll();
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof io.netty.handler.timeout.IdleStateEvent) {
                // nothing received for the idle timeout: close unless a request is being answered
                if (previous.isDone()) {
                    ctx.close();
                }
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            synchronized (writability) {
                writability.notifyAll();
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!(cause instanceof java.io.IOException)) {
                LOG.log(System.Logger.Level.WARNING, "closing HTTP connection after an error", cause);
            }
            ctx.close();
        }
    }
}
