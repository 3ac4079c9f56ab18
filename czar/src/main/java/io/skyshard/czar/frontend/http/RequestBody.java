package io.skyshard.czar.frontend.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The body of a streamed request as an {@link InputStream}: the event loop offers the pieces as they
 * arrive, the handler's thread reads them. Reading from the socket pauses while more than
 * {@link #HIGH_WATER} bytes wait unread, so an upload of any size holds only a few MB in memory. A
 * connection closed before the end of the body makes {@link #read} fail, as a truncated upload must.
 */
final class RequestBody extends InputStream {
    static final int HIGH_WATER = 4 << 20;
    static final int LOW_WATER = 1 << 20;

    private final Channel channel;
    private final Deque<ByteBuf> pieces = new ArrayDeque<>();
    private long buffered;
    private boolean ended;
    private boolean failed;
    private boolean closed;
    private boolean paused;

    RequestBody(Channel channel) {
        this.channel = channel;
    }

    /** Called on the event loop with each piece of the body. */
    void offer(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        synchronized (this) {
            if (closed) {
                content.release();
            } else if (content.content().isReadable()) {
                pieces.add(content.content());
                buffered += content.content().readableBytes();
            } else {
                content.release();
            }
            if (last) {
                ended = true;
            }
            if (buffered > HIGH_WATER && !paused && !ended) {
                paused = true;
                channel.config().setAutoRead(false);
            }
            notifyAll();
        }
    }

    /** The connection went away before the end of the body. */
    synchronized void fail() {
        if (!ended) {
            failed = true;
        }
        notifyAll();
    }

    /** True once the whole body arrived. */
    synchronized boolean complete() {
        return ended;
    }

    /** True when the handler read the body to its end. */
    synchronized boolean consumed() {
        return ended && pieces.isEmpty();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        ByteBuf piece;
        synchronized (this) {
            while (pieces.isEmpty()) {
                if (closed) {
                    throw new IOException("request body closed");
                }
                if (ended) {
                    return -1;
                }
                if (failed) {
                    throw new IOException("the client closed the connection before the end of the request body");
                }
                try {
                    wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while reading the request body", e);
                }
            }
            piece = pieces.peek();
            int n = Math.min(len, piece.readableBytes());
            piece.readBytes(b, off, n);
            buffered -= n;
            if (!piece.isReadable()) {
                pieces.poll().release();
            }
            if (paused && buffered < LOW_WATER) {
                paused = false;
                channel.config().setAutoRead(true);
                channel.read();
            }
            return n;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ByteBuf b : pieces) {
            b.release();
        }
        pieces.clear();
        buffered = 0;
        if (paused) {
            paused = false;
            channel.config().setAutoRead(true);
            channel.read();
        }
        notifyAll();
    }
}
