package io.skyshard.czar.frontend.mysql;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;

/** One logical client packet (continuation packets already joined); the receiver releases the payload. */
record MySqlPacket(int sequence, ByteBuf payload) {
    MySqlPacket {
        requireNonNull(payload, "payload");
    }
}
