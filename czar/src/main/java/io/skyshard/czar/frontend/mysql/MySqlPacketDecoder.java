package io.skyshard.czar.frontend.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Splits the byte stream into MySQL packets (3-byte little-endian length, 1-byte sequence id) and
 * joins the 16 MiB continuation packets a client sends for one large payload.
 *
 * <p>Declared lengths are checked as soon as a header arrives, before any payload is buffered:
 * until the client has authenticated a packet can only be a handshake response, which is small
 * (anything larger, e.g. an HTTP request sent to this port, is refused at once); afterwards the
 * limit is max_allowed_packet. A packet that stops arriving half-way is given up after the read
 * timeout (MySQL's net_read_timeout) instead of holding the connection and its buffer forever.
 */
final class MySqlPacketDecoder extends ByteToMessageDecoder {
    static final int MAX_PAYLOAD_CHUNK = 0xFFFFFF;
    /** Largest handshake response accepted (MySQL caps its connection attributes at 64 KiB too). */
    static final int MAX_HANDSHAKE_BYTES = 64 * 1024;

    /** A packet larger than the current limit; {@code beforeAuthentication} tells which limit. */
    static final class PacketTooLargeException extends TooLongFrameException {
        final long declared;
        final boolean beforeAuthentication;

        PacketTooLargeException(long declared, int limit, boolean beforeAuthentication) {
            super("packet of " + declared + " bytes is larger than " + limit + " bytes");
            this.declared = declared;
            this.beforeAuthentication = beforeAuthentication;
        }
    }

    /** Part of a packet arrived and the rest did not within the read timeout. */
    static final class ReadTimeoutException extends RuntimeException {
        ReadTimeoutException(long seconds) {
            super("no data for " + seconds + " s in the middle of a packet");
        }
    }

    private final int maxPacketBytes;
    private final long readTimeoutNanos;
    private boolean authenticated;
    private CompositeByteBuf pending;
    private int pendingSequence;
    /** True while a packet has begun to arrive but is not complete. */
    private boolean partial;
    private long lastInput;
    private ScheduledFuture<?> stallCheck;

    MySqlPacketDecoder(int maxPacketBytes) {
        this(maxPacketBytes, 30, TimeUnit.SECONDS);
    }

    MySqlPacketDecoder(int maxPacketBytes, long readTimeout, TimeUnit unit) {
        this.maxPacketBytes = maxPacketBytes;
        this.readTimeoutNanos = unit.toNanos(readTimeout);
    }

    /** Called on the event loop once the client has authenticated: packets up to max_allowed_packet. */
    void authenticated() {
        authenticated = true;
    }

    private int limit() {
        return authenticated ? maxPacketBytes : MAX_HANDSHAKE_BYTES;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        lastInput = System.nanoTime();
        while (in.readableBytes() >= 4) {
            int start = in.readerIndex();
            int length = in.getUnsignedMediumLE(start);
            int sequence = in.getUnsignedByte(start + 3);
            int already = pending == null ? 0 : pending.readableBytes();
            if ((long) already + length > limit()) {
                partial = false;
                throw new PacketTooLargeException((long) already + length, limit(), !authenticated);
            }
            if (in.readableBytes() < 4 + length) {
                break;
            }
            in.skipBytes(4);
            ByteBuf body = in.readRetainedSlice(length);
            if (length == MAX_PAYLOAD_CHUNK) {
                if (pending == null) {
                    pending = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
                    pendingSequence = sequence;
                }
                pending.addComponent(true, body);
                continue;
            }
            if (pending != null) {
                pending.addComponent(true, body);
                out.add(new MySqlPacket(sequence, pending));
                pending = null;
            } else {
                out.add(new MySqlPacket(sequence, body));
            }
        }
        partial = in.isReadable() || pending != null;
        if (partial && stallCheck == null && readTimeoutNanos > 0) {
            scheduleStallCheck(ctx, readTimeoutNanos);
        }
    }

    private void scheduleStallCheck(ChannelHandlerContext ctx, long delayNanos) {
        stallCheck = ctx.executor().schedule(() -> {
            stallCheck = null;
            if (!partial || !ctx.channel().isActive()) {
                return;
            }
            if (!ctx.channel().config().isAutoRead()) {
                // the server paused reading (commands queued): the missing bytes wait in the socket
                lastInput = System.nanoTime();
            }
            long idle = System.nanoTime() - lastInput;
            if (idle >= readTimeoutNanos) {
                partial = false;
                ctx.fireExceptionCaught(new ReadTimeoutException(TimeUnit.NANOSECONDS.toSeconds(readTimeoutNanos)));
            } else {
                scheduleStallCheck(ctx, readTimeoutNanos - idle);
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (stallCheck != null) {
            stallCheck.cancel(false);
            stallCheck = null;
        }
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }
}
