package io.skyshard.czar.frontend.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.nio.charset.StandardCharsets;

/**
 * Writes the packets of one response, numbering them from the sequence id after the request's and
 * splitting payloads of 16 MiB or more into continuation packets as the protocol requires. Safe to
 * use from a query thread. Packets are gathered into one buffer on the calling thread and handed to
 * the channel when it fills or on {@link #flush()}: every write from outside the event loop is a task
 * for it (and often a wake-up of its selector), which per row cost more than the row itself.
 */
final class ResponseWriter {
    static final int SERVER_STATUS_AUTOCOMMIT = 0x0002;
    /** Gathered bytes handed to the channel at once. */
    private static final int GATHER_BYTES = 64 * 1024;

    private final Channel channel;
    private int sequence;
    private ByteBuf pending;

    ResponseWriter(Channel channel, int firstSequence) {
        this.channel = channel;
        this.sequence = firstSequence & 0xFF;
    }

    ByteBuf buffer() {
        return channel.alloc().buffer();
    }

    /** Writes (without flushing) one logical packet; takes ownership of {@code payload}. */
    void write(ByteBuf payload) {
        try {
            int remaining = payload.readableBytes();
            while (true) {
                int chunk = Math.min(remaining, MySqlPacketDecoder.MAX_PAYLOAD_CHUNK);
                if (pending == null) {
                    pending = channel.alloc().buffer(Math.min(GATHER_BYTES, chunk + 4) * 2);
                }
                pending.writeMediumLE(chunk);
                pending.writeByte(nextSequence());
                pending.writeBytes(payload, chunk);
                remaining -= chunk;
                if (pending.readableBytes() >= GATHER_BYTES) {
                    channel.write(pending);
                    pending = null;
                }
                // a payload of exactly n * 16 MiB ends with an empty packet so the reader knows it is complete
                if (chunk < MySqlPacketDecoder.MAX_PAYLOAD_CHUNK) {
                    break;
                }
            }
        } finally {
            payload.release();
        }
    }

    /** Sends everything written so far; the future completes when it is on the wire. */
    ChannelFuture flush() {
        if (pending == null) {
            channel.flush();
            return channel.newSucceededFuture();
        }
        ByteBuf out = pending;
        pending = null;
        return channel.writeAndFlush(out);
    }

    private int nextSequence() {
        int s = sequence;
        sequence = (sequence + 1) & 0xFF;
        return s;
    }

    void writeOk(long affectedRows, String info) {
        ByteBuf p = buffer();
        p.writeByte(0x00);
        PacketCodec.writeLengthEncodedInt(p, affectedRows);
        PacketCodec.writeLengthEncodedInt(p, 0);
        p.writeShortLE(SERVER_STATUS_AUTOCOMMIT);
        p.writeShortLE(0);
        p.writeBytes(info.getBytes(StandardCharsets.UTF_8));
        write(p);
    }

    /** The end-of-result OK packet that replaces EOF when the client set CLIENT_DEPRECATE_EOF. */
    void writeEndOfResultOk() {
        ByteBuf p = buffer();
        p.writeByte(0xFE);
        PacketCodec.writeLengthEncodedInt(p, 0);
        PacketCodec.writeLengthEncodedInt(p, 0);
        p.writeShortLE(SERVER_STATUS_AUTOCOMMIT);
        p.writeShortLE(0);
        write(p);
    }

    void writeEof() {
        ByteBuf p = buffer();
        p.writeByte(0xFE);
        p.writeShortLE(0);
        p.writeShortLE(SERVER_STATUS_AUTOCOMMIT);
        write(p);
    }

    void writeError(int code, String sqlState, String message) {
        ByteBuf p = buffer();
        p.writeByte(0xFF);
        p.writeShortLE(code);
        p.writeByte('#');
        String state = sqlState != null && sqlState.length() == 5 ? sqlState : "HY000";
        p.writeBytes(state.getBytes(StandardCharsets.US_ASCII));
        p.writeBytes(message.getBytes(StandardCharsets.UTF_8));
        write(p);
    }
}
