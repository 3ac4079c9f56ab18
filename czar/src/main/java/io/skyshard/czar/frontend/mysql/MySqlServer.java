package io.skyshard.czar.frontend.mysql;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.skyshard.czar.query.QueryService;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The MySQL wire protocol front end (protocol 4.1, text protocol, {@code mysql_native_password}, no
 * SSL): what the {@code mysql}/{@code mariadb} CLI, MariaDB Connector/J and pymysql talk to, as they
 * talk to Qserv's czar. Statements run through the {@link QueryService} except the client boilerplate
 * answered by {@link ClientStatementInterceptor}.
 */
public final class MySqlServer implements AutoCloseable {
    public static final String SERVER_VERSION = "8.0.0-Skyshard";
    /** Largest client packet accepted (reported as max_allowed_packet). */
    public static final int MAX_ALLOWED_PACKET = 64 * 1024 * 1024;

    record Config(UserDirectory users, CatalogView catalog) {}

    private final String host;
    private final int requestedPort;
    private final QueryService service;
    private final Config config;
    private final ClientStatementInterceptor interceptor;

    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private ExecutorService queryExecutor;
    private Channel serverChannel;
    /** MySQL's net_read_timeout: how long a packet may stop arriving half-way. */
    private volatile java.time.Duration readTimeout = java.time.Duration.ofSeconds(30);

    /** A server without catalog browsing: SHOW DATABASES is empty and USE fails. */
    public MySqlServer(String host, int port, QueryService service, UserDirectory users) {
        this(host, port, service, users, CatalogView.empty());
    }

    public MySqlServer(String host, int port, QueryService service, UserDirectory users, CatalogView catalog) {
        this.host = requireNonNull(host, "host");
        this.requestedPort = port;
        this.service = requireNonNull(service, "service");
        this.config = new Config(requireNonNull(users, "users"), requireNonNull(catalog, "catalog"));
        this.interceptor = new ClientStatementInterceptor(catalog, SERVER_VERSION, MAX_ALLOWED_PACKET);
    }

    /** Sets the read timeout for packets that stop arriving half-way (before {@link #start()}; tests). */
    MySqlServer readTimeout(java.time.Duration timeout) {
        this.readTimeout = timeout;
        return this;
    }

    /** Binds the port; returns once the server accepts connections. */
    public synchronized MySqlServer start() {
        if (serverChannel != null) {
            throw new IllegalStateException("MySQL server already started");
        }
        bossGroup = new NioEventLoopGroup(1);
        workerGroup = new NioEventLoopGroup();
        AtomicInteger threads = new AtomicInteger();
        queryExecutor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "skyshard-mysql-query-" + threads.incrementAndGet());
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
                        ch.pipeline().addLast("packets", new MySqlPacketDecoder(MAX_ALLOWED_PACKET,
                                readTimeout.toMillis(), TimeUnit.MILLISECONDS));
                        ch.pipeline().addLast("connection", new MySqlConnectionHandler(
                                config, service, interceptor, queryExecutor, service.nextConnectionId()));
                    }
                });
        try {
            serverChannel = bootstrap.bind(host, requestedPort).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while binding MySQL port " + host + ":" + requestedPort, e);
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("cannot bind MySQL port " + host + ":" + requestedPort + ": " + e.getMessage(), e);
        }
        return this;
    }

    /** The bound port (the ephemeral one when constructed with port 0). */
    public int port() {
        if (serverChannel == null) {
            throw new IllegalStateException("MySQL server not started");
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
        if (queryExecutor != null) {
            queryExecutor.shutdownNow();
            queryExecutor = null;
        }
    }
}
