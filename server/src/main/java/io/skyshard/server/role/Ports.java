package io.skyshard.server.role;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.server.ServerErrorCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks done before starting anything, so a busy port is reported by number and purpose. */
public final class Ports {
    private Ports() {}

    /**
     * Fails when {@code host:port} cannot be bound. Port 0 (any free port) always passes. The check
     * is best effort (another process may take the port in between), but it turns the common case
     * into a message naming the port instead of a bind exception deep inside a server.
     */
    public static void requireFree(String host, int port, String purpose, String option) {
        if (port == 0) {
            return;
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new SkyshardException(ServerErrorCode.PORT_IN_USE,
                    "port " + port + " on " + host + " (" + purpose + ") is not available: " + e.getMessage()
                            + "; stop the process using it or choose another port with " + option);
        }
    }
}
