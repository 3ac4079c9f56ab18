package io.skyshard.czar.frontend.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits the byte stream into MySQL packets (3-byte little-endian length, 1-byte sequence id) and
 * joins the 16 MiB continuation packets a client sends for one large payload.
 */
final class MySqlPacketDecoder extends ByteToMessageDecoder {
    static final int MAX_PAYLOAD_CHUNK = 0xFFFFFF;

    private final int maxPacketBytes;
    private CompositeByteBuf pending;
    private int pendingSequence;

    MySqlPacketDecoder(int maxPacketBytes) {
        this.maxPacketBytes = maxPacketBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 4) {
            int start = in.readerIndex();
            int length = in.getUnsignedMediumLE(start);
            int sequence = in.getUnsignedByte(start + 3);
            if (in.readableBytes() < 4 + length) {
                return;
            }
            int already = pending == null ? 0 : pending.readableBytes();
            if ((long) already + length > maxPacketBytes) {
                throw new TooLongFrameException("packet larger than max_allowed_packet (" + maxPacketBytes + " bytes)");
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
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }
}
