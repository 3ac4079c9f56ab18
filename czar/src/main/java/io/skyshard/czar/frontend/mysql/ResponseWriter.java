package io.skyshard.czar.frontend.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;

/**
 * Writes the packets of one response, numbering them from the sequence id after the request's and
 * splitting payloads of 16 MiB or more into continuation packets as the protocol requires. Safe to
 * use from a query thread: Netty hands writes from other threads to the channel's event loop in order.
 */
final class ResponseWriter {
    static final int SERVER_STATUS_AUTOCOMMIT = 0x0002;

    private final Channel channel;
    private int sequence;

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
                ByteBuf header = channel.alloc().buffer(4);
                header.writeMediumLE(chunk);
                header.writeByte(nextSequence());
                channel.write(header);
                channel.write(payload.readRetainedSlice(chunk));
                remaining -= chunk;
                // a payload of exactly n * 16 MiB ends with an empty packet so the reader knows it is complete
                if (chunk < MySqlPacketDecoder.MAX_PAYLOAD_CHUNK) {
                    break;
                }
            }
        } finally {
            payload.release();
        }
    }

    void flush() {
        channel.flush();
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
