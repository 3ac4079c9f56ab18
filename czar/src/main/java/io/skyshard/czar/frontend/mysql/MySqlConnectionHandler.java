package io.skyshard.czar.frontend.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.skyshard.common.error.ErrorCategory;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.CzarErrorCode;
import io.skyshard.czar.query.QueryResult;
import io.skyshard.czar.query.QueryService;
import io.skyshard.czar.query.ResultColumn;
import io.skyshard.czar.query.Session;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One MySQL client connection: handshake and {@code mysql_native_password} authentication on the
 * event loop, then commands, which run one at a time in arrival order on the query executor so that a
 * slow query never blocks the event loop. Result rows are written as they are read from the
 * {@link QueryResult}, pausing while the socket's write buffer is full, so a large result is never
 * held in memory.
 */
final class MySqlConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(MySqlConnectionHandler.class.getName());

    static final int CLIENT_LONG_PASSWORD = 0x1;
    static final int CLIENT_FOUND_ROWS = 0x2;
    static final int CLIENT_LONG_FLAG = 0x4;
    static final int CLIENT_CONNECT_WITH_DB = 0x8;
    static final int CLIENT_PROTOCOL_41 = 0x200;
    static final int CLIENT_INTERACTIVE = 0x400;
    static final int CLIENT_SSL = 0x800;
    static final int CLIENT_TRANSACTIONS = 0x2000;
    static final int CLIENT_SECURE_CONNECTION = 0x8000;
    static final int CLIENT_MULTI_STATEMENTS = 0x10000;
    static final int CLIENT_MULTI_RESULTS = 0x20000;
    static final int CLIENT_PLUGIN_AUTH = 0x80000;
    static final int CLIENT_CONNECT_ATTRS = 0x100000;
    static final int CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA = 0x200000;
    static final int CLIENT_DEPRECATE_EOF = 0x1000000;

    /**
     * Advertised capabilities. CLIENT_MULTI_STATEMENTS is accepted so clients that always set it can
     * connect; multi-statement text is then refused by the query service with an error.
     */
    static final int SERVER_CAPABILITIES = CLIENT_LONG_PASSWORD | CLIENT_FOUND_ROWS | CLIENT_LONG_FLAG
            | CLIENT_CONNECT_WITH_DB | CLIENT_PROTOCOL_41 | CLIENT_INTERACTIVE | CLIENT_TRANSACTIONS
            | CLIENT_SECURE_CONNECTION | CLIENT_MULTI_STATEMENTS | CLIENT_MULTI_RESULTS | CLIENT_PLUGIN_AUTH
            | CLIENT_CONNECT_ATTRS | CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA | CLIENT_DEPRECATE_EOF;

    static final String NATIVE_PASSWORD = "mysql_native_password";
    /** MySQL's ER_HANDSHAKE_ERROR. */
    static final int BAD_HANDSHAKE = 1043;
    private static final int ROWS_PER_FLUSH = 256;
    /** As MySQL's connect_timeout: a client that does not complete the handshake is dropped. */
    private static final long AUTH_TIMEOUT_SECONDS = 10;
    /** Commands received but not finished above which the connection stops reading (a flood of pipelined commands). */
    private static final int MAX_QUEUED_COMMANDS = 2;
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum State { AWAIT_HANDSHAKE_RESPONSE, AWAIT_AUTH_SWITCH_RESPONSE, COMMAND }

    private final MySqlServer.Config config;
    private final QueryService service;
    private final ClientStatementInterceptor interceptor;
    private final Executor executor;
    private final long connectionId;
    private final byte[] scramble = newScramble();
    private final Object writability = new Object();

    private State state = State.AWAIT_HANDSHAKE_RESPONSE;
    private Channel channel;
    private int clientCapabilities;
    private String user;
    private String requestedDatabase;
    private boolean passwordGiven;
    private Session session;
    /** Tail of this connection's command chain: commands run strictly one after another. */
    private CompletableFuture<Void> commands = CompletableFuture.completedFuture(null);
    /** Commands received and not yet finished (read and written on the event loop only). */
    private int queuedCommands;

    MySqlConnectionHandler(MySqlServer.Config config, QueryService service, ClientStatementInterceptor interceptor,
            Executor executor, long connectionId) {
        this.config = config;
        this.service = service;
        this.interceptor = interceptor;
        this.executor = executor;
        this.connectionId = connectionId;
    }

    private static byte[] newScramble() {
        byte[] s = new byte[20];
        for (int i = 0; i < s.length; i++) {
            // printable, never NUL: some clients treat the scramble as a C string
            s[i] = (byte) (33 + RANDOM.nextInt(94));
        }
        return s;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        ResponseWriter w = new ResponseWriter(channel, 0);
        w.write(handshake());
        w.flush();
        ctx.executor().schedule(() -> {
            if (state != State.COMMAND && channel.isActive()) {
                LOG.log(System.Logger.Level.DEBUG, "closing connection {0}: no authentication within {1}s", connectionId, AUTH_TIMEOUT_SECONDS);
                failAndClose(state == State.AWAIT_HANDSHAKE_RESPONSE ? 1 : 3, BAD_HANDSHAKE, "08S01",
                        "Bad handshake: no complete handshake response within " + AUTH_TIMEOUT_SECONDS + " s");
            }
        }, AUTH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private ByteBuf handshake() {
        ByteBuf p = channel.alloc().buffer();
        p.writeByte(10);
        PacketCodec.writeNullTerminatedString(p, MySqlServer.SERVER_VERSION);
        p.writeIntLE((int) connectionId);
        p.writeBytes(scramble, 0, 8);
        p.writeByte(0);
        p.writeShortLE(SERVER_CAPABILITIES & 0xFFFF);
        p.writeByte(MySqlColumnType.CHARSET_UTF8MB4);
        p.writeShortLE(ResponseWriter.SERVER_STATUS_AUTOCOMMIT);
        p.writeShortLE(SERVER_CAPABILITIES >>> 16);
        p.writeByte(scramble.length + 1);
        p.writeZero(10);
        p.writeBytes(scramble, 8, 12);
        p.writeByte(0);
        PacketCodec.writeNullTerminatedString(p, NATIVE_PASSWORD);
        return p;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        MySqlPacket packet = (MySqlPacket) msg;
        try {
            switch (state) {
                case AWAIT_HANDSHAKE_RESPONSE -> onHandshakeResponse(packet);
                case AWAIT_AUTH_SWITCH_RESPONSE -> onAuthSwitchResponse(packet);
                case COMMAND -> {
                    byte[] payload = new byte[packet.payload().readableBytes()];
                    packet.payload().readBytes(payload);
                    int sequence = packet.sequence();
                    // stop reading while commands pile up, so a client that pipelines without reading
                    // answers is slowed down by TCP instead of filling the heap
                    if (++queuedCommands >= MAX_QUEUED_COMMANDS) {
                        channel.config().setAutoRead(false);
                    }
                    commands = commands.thenRunAsync(() -> runCommand(payload, sequence), executor)
                            .whenComplete((ignored, error) -> channel.eventLoop().execute(this::commandFinished));
                }
            }
        } catch (IndexOutOfBoundsException e) {
            failAndClose(packet.sequence() + 1, CzarErrorCode.MALFORMED_PACKET.mysqlCode(), "08S01",
                    "Malformed packet during authentication");
        } finally {
            packet.payload().release();
        }
    }

    private void commandFinished() {
        if (--queuedCommands < MAX_QUEUED_COMMANDS && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }

    private void onHandshakeResponse(MySqlPacket packet) {
        ByteBuf p = packet.payload();
        int flags = p.readIntLE();
        if ((flags & CLIENT_PROTOCOL_41) == 0) {
            failAndClose(packet.sequence() + 1, CzarErrorCode.UNKNOWN_COMMAND.mysqlCode(), "08004",
                    "Client protocol older than 4.1 is not supported");
            return;
        }
        if ((flags & CLIENT_SSL) != 0 && p.readableBytes() <= 28) {
            failAndClose(packet.sequence() + 1, CzarErrorCode.UNKNOWN_COMMAND.mysqlCode(), "08004",
                    "SSL is not supported by this server: connect without SSL");
            return;
        }
        clientCapabilities = flags & SERVER_CAPABILITIES;
        p.skipBytes(4 + 1 + 23);
        user = PacketCodec.readNullTerminatedString(p);
        byte[] authResponse;
        if ((flags & CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA) != 0) {
            authResponse = PacketCodec.readLengthEncodedBytes(p);
        } else if ((flags & CLIENT_SECURE_CONNECTION) != 0) {
            authResponse = new byte[p.readUnsignedByte()];
            p.readBytes(authResponse);
        } else {
            authResponse = PacketCodec.readNullTerminatedString(p).getBytes(StandardCharsets.UTF_8);
        }
        if ((flags & CLIENT_CONNECT_WITH_DB) != 0 && p.isReadable()) {
            String db = PacketCodec.readNullTerminatedString(p);
            requestedDatabase = db.isEmpty() ? null : db;
        }
        String plugin = "";
        if ((flags & CLIENT_PLUGIN_AUTH) != 0 && p.isReadable()) {
            plugin = PacketCodec.readNullTerminatedString(p);
        }
        if (!plugin.isEmpty() && !plugin.equals(NATIVE_PASSWORD)) {
            // the client hashed for another plugin (caching_sha2_password, client_ed25519...): ask again
            ByteBuf sw = channel.alloc().buffer();
            sw.writeByte(0xFE);
            PacketCodec.writeNullTerminatedString(sw, NATIVE_PASSWORD);
            sw.writeBytes(scramble);
            sw.writeByte(0);
            ResponseWriter w = new ResponseWriter(channel, packet.sequence() + 1);
            w.write(sw);
            w.flush();
            state = State.AWAIT_AUTH_SWITCH_RESPONSE;
            return;
        }
        finishAuthentication(authResponse, packet.sequence() + 1);
    }

    private void onAuthSwitchResponse(MySqlPacket packet) {
        byte[] authResponse = new byte[packet.payload().readableBytes()];
        packet.payload().readBytes(authResponse);
        finishAuthentication(authResponse, packet.sequence() + 1);
    }

    private void finishAuthentication(byte[] authResponse, int sequence) {
        // libmysql sends a single NUL for an empty password after an auth switch
        if (authResponse.length == 1 && authResponse[0] == 0) {
            authResponse = new byte[0];
        }
        passwordGiven = authResponse.length > 0;
        if (!config.users().authenticate(user, scramble, authResponse)) {
            failAndClose(sequence, CzarErrorCode.ACCESS_DENIED.mysqlCode(), CzarErrorCode.ACCESS_DENIED.sqlState(),
                    "Access denied for user '" + user + "'@'" + clientHost() + "' (using password: "
                            + (passwordGiven ? "YES" : "NO") + ")");
            return;
        }
        if (requestedDatabase != null && !config.catalog().databaseExists(requestedDatabase)) {
            failAndClose(sequence, 1049, "42000", "Unknown database '" + requestedDatabase + "'");
            return;
        }
        session = new Session(user, requestedDatabase, connectionId, clientHost());
        state = State.COMMAND;
        MySqlPacketDecoder decoder = channel.pipeline().get(MySqlPacketDecoder.class);
        if (decoder != null) {
            decoder.authenticated();
        }
        ResponseWriter w = new ResponseWriter(channel, sequence);
        w.writeOk(0, "");
        w.flush();
    }

    private String clientHost() {
        return channel.remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "unknown";
    }

    private void failAndClose(int sequence, int code, String sqlState, String message) {
        ResponseWriter w = new ResponseWriter(channel, sequence);
        w.writeError(code, sqlState, message);
        w.flush().addListener(ChannelFutureListener.CLOSE);
    }

    private void runCommand(byte[] payload, int sequence) {
        if (!channel.isActive()) {
            return;
        }
        ResponseWriter w = new ResponseWriter(channel, sequence + 1);
        try {
            if (payload.length == 0) {
                throw new SkyshardException(CzarErrorCode.MALFORMED_PACKET, "Empty command packet");
            }
            int command = payload[0] & 0xFF;
            String argument = new String(payload, 1, payload.length - 1, StandardCharsets.UTF_8);
            switch (command) {
                case 0x01 -> channel.close(); // COM_QUIT
                case 0x02 -> { // COM_INIT_DB
                    interceptor.intercept("USE `" + argument.replace("`", "``") + "`", session, connectionId);
                    w.writeOk(0, "");
                }
                case 0x03 -> query(argument, w); // COM_QUERY
                case 0x04 -> endOfColumns(w); // COM_FIELD_LIST: no columns are listed this way
                case 0x09 -> { // COM_STATISTICS answers with a bare string
                    ByteBuf p = w.buffer();
                    p.writeBytes("Uptime: 0  Threads: 1  Questions: 0".getBytes(StandardCharsets.UTF_8));
                    w.write(p);
                }
                case 0x0E, 0x1F -> w.writeOk(0, ""); // COM_PING, COM_RESET_CONNECTION
                case 0x1B -> endOfColumns(w); // COM_SET_OPTION (multi-statements on/off) answers EOF
                case 0x19 -> { } // COM_STMT_CLOSE has no response by protocol
                case 0x16, 0x17, 0x18, 0x1A, 0x1C -> throw new SkyshardException(CzarErrorCode.UNSUPPORTED_PREPARED_STATEMENT,
                        "Prepared statements (server-side, COM_STMT_*) are not supported: use the text protocol "
                                + "(Connector/J: useServerPrepStmts=false)");
                default -> throw new SkyshardException(CzarErrorCode.UNKNOWN_COMMAND,
                        "Unknown or unsupported command 0x" + Integer.toHexString(command));
            }
        } catch (Throwable t) {
            writeFailure(w, t);
        } finally {
            w.flush();
        }
    }

    private void endOfColumns(ResponseWriter w) {
        if ((clientCapabilities & CLIENT_DEPRECATE_EOF) != 0) {
            w.writeEndOfResultOk();
        } else {
            w.writeEof();
        }
    }

    private void writeFailure(ResponseWriter w, Throwable t) {
        if (t instanceof SkyshardException e) {
            if (e.code().category() == ErrorCategory.INTERNAL) {
                LOG.log(System.Logger.Level.ERROR, "internal error on MySQL connection " + connectionId, e);
            }
            w.writeError(e.code().mysqlCode(), e.code().sqlState(), e.getMessage());
        } else {
            LOG.log(System.Logger.Level.ERROR, "unexpected error on MySQL connection " + connectionId, t);
            String message = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
            w.writeError(1815, "HY000", "Internal error: " + message);
        }
    }

    private void query(String sql, ResponseWriter w) {
        if (io.skyshard.sql.parser.QservSqlParser.isEmptyStatement(sql)) {
            // as mysqld answers a COM_QUERY holding only blanks or comments
            throw new SkyshardException(io.skyshard.sql.SqlErrorCode.EMPTY_QUERY, "Query was empty");
        }
        Optional<QueryResult> answered = interceptor.intercept(sql, session, connectionId);
        try (QueryResult result = answered.isPresent() ? answered.get() : service.execute(sql, session)) {
            sendResult(result, w);
        }
    }

    private void sendResult(QueryResult result, ResponseWriter w) {
        List<ResultColumn> columns = result.columns();
        if (columns.isEmpty()) {
            w.writeOk(0, result.info() == null ? "" : result.info());
            return;
        }
        int n = columns.size();
        MySqlColumnType[] types = new MySqlColumnType[n];
        int[] bitWidths = new int[n];
        ByteBuf count = w.buffer();
        PacketCodec.writeLengthEncodedInt(count, n);
        w.write(count);
        for (int i = 0; i < n; i++) {
            types[i] = MySqlColumnType.of(columns.get(i));
            bitWidths[i] = MySqlColumnType.bitWidth(columns.get(i));
            w.write(columnDefinition(w, columns.get(i), types[i]));
        }
        boolean deprecateEof = (clientCapabilities & CLIENT_DEPRECATE_EOF) != 0;
        if (!deprecateEof) {
            w.writeEof();
        }
        long rows = 0;
        byte[][] values = new byte[n][];
        while (result.next()) {
            for (int i = 0; i < n; i++) {
                Object v = result.value(i);
                values[i] = v == null ? null : TextValueFormatter.format(v, columns.get(i).type(), bitWidths[i]);
            }
            ByteBuf row = w.buffer();
            for (byte[] v : values) {
                if (v == null) {
                    row.writeByte(0xFB);
                } else {
                    PacketCodec.writeLengthEncodedBytes(row, v);
                }
            }
            w.write(row);
            if (++rows % ROWS_PER_FLUSH == 0) {
                w.flush();
                if (!awaitWritable()) {
                    return; // client went away: closing the result cancels the query
                }
            }
        }
        if (deprecateEof) {
            w.writeEndOfResultOk();
        } else {
            w.writeEof();
        }
    }

    private ByteBuf columnDefinition(ResponseWriter w, ResultColumn column, MySqlColumnType type) {
        ByteBuf p = w.buffer();
        PacketCodec.writeLengthEncodedString(p, "def");
        PacketCodec.writeLengthEncodedString(p, "");
        PacketCodec.writeLengthEncodedString(p, "");
        PacketCodec.writeLengthEncodedString(p, "");
        PacketCodec.writeLengthEncodedString(p, column.name());
        PacketCodec.writeLengthEncodedString(p, column.name());
        p.writeByte(0x0C);
        p.writeShortLE(type.charset());
        p.writeIntLE((int) Math.min(type.length(), 0xFFFFFFFFL));
        p.writeByte(type.typeCode());
        p.writeShortLE(type.flags());
        p.writeByte(type.decimals());
        p.writeShortLE(0);
        return p;
    }

    /** Waits until the socket can take more data; false when the connection is gone. */
    private boolean awaitWritable() {
        synchronized (writability) {
            while (!channel.isWritable()) {
                if (!channel.isActive()) {
                    return false;
                }
                try {
                    writability.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return channel.isActive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        synchronized (writability) {
            writability.notifyAll();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        synchronized (writability) {
            writability.notifyAll();
        }
        if (session != null) {
            // A client gone while its query is dispatched must not leave work running on the workers.
            service.disconnected(session);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause.getCause() instanceof TooLongFrameException ? cause.getCause() : cause;
        if (root instanceof MySqlPacketDecoder.PacketTooLargeException tooLarge && tooLarge.beforeAuthentication) {
            failAndClose(state == State.AWAIT_HANDSHAKE_RESPONSE ? 1 : 3, BAD_HANDSHAKE, "08S01",
                    "Bad handshake: a packet of " + tooLarge.declared + " bytes cannot be a handshake response (at most "
                            + MySqlPacketDecoder.MAX_HANDSHAKE_BYTES + " bytes); is this a MySQL client?");
            return;
        }
        if (root instanceof TooLongFrameException) {
            failAndClose(0, 1153, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes ("
                    + MySqlServer.MAX_ALLOWED_PACKET + ")");
            return;
        }
        if (root instanceof MySqlPacketDecoder.ReadTimeoutException timeout) {
            failAndClose(0, 1159, "08S01", "Got timeout reading communication packets: " + timeout.getMessage());
            return;
        }
        if (!(cause instanceof java.io.IOException)) {
            LOG.log(System.Logger.Level.WARNING, "closing MySQL connection " + connectionId + " after an error", cause);
        }
        ctx.close();
    }
}
