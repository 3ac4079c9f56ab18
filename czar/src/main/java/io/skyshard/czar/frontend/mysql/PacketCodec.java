package io.skyshard.czar.frontend.mysql;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Reading and writing the MySQL protocol's basic data types (length-encoded integers and strings). */
final class PacketCodec {
    private PacketCodec() {}

    static void writeLengthEncodedInt(ByteBuf buf, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative length-encoded integer " + value);
        }
        if (value < 251) {
            buf.writeByte((int) value);
        } else if (value < (1 << 16)) {
            buf.writeByte(0xFC);
            buf.writeShortLE((int) value);
        } else if (value < (1 << 24)) {
            buf.writeByte(0xFD);
            buf.writeMediumLE((int) value);
        } else {
            buf.writeByte(0xFE);
            buf.writeLongLE(value);
        }
    }

    static void writeLengthEncodedString(ByteBuf buf, String value) {
        writeLengthEncodedBytes(buf, value.getBytes(StandardCharsets.UTF_8));
    }

    static void writeLengthEncodedBytes(ByteBuf buf, byte[] value) {
        writeLengthEncodedInt(buf, value.length);
        buf.writeBytes(value);
    }

    static void writeNullTerminatedString(ByteBuf buf, String value) {
        buf.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        buf.writeByte(0);
    }

    static long readLengthEncodedInt(ByteBuf buf) {
        int first = buf.readUnsignedByte();
        return switch (first) {
            case 0xFC -> buf.readUnsignedShortLE();
            case 0xFD -> buf.readUnsignedMediumLE();
            case 0xFE -> buf.readLongLE();
            default -> first;
        };
    }

    static byte[] readLengthEncodedBytes(ByteBuf buf) {
        long length = readLengthEncodedInt(buf);
        if (length < 0 || length > buf.readableBytes()) {
            throw new IndexOutOfBoundsException("length-encoded string of " + length + " bytes exceeds the packet");
        }
        byte[] bytes = new byte[(int) length];
        buf.readBytes(bytes);
        return bytes;
    }

    /** Reads up to the next NUL (consumed) or to the end of the packet when there is none. */
    static String readNullTerminatedString(ByteBuf buf) {
        int end = buf.indexOf(buf.readerIndex(), buf.writerIndex(), (byte) 0);
        if (end < 0) {
            return readRestAsString(buf);
        }
        String s = buf.toString(buf.readerIndex(), end - buf.readerIndex(), StandardCharsets.UTF_8);
        buf.readerIndex(end + 1);
        return s;
    }

    static String readRestAsString(ByteBuf buf) {
        String s = buf.toString(StandardCharsets.UTF_8);
        buf.readerIndex(buf.writerIndex());
        return s;
    }
}
