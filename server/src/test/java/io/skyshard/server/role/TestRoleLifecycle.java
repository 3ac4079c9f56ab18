package io.skyshard.server.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.error.SkyshardException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class TestRoleLifecycle {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void closesInReverseOrderAndSurvivesAFailingPart() {
        List<String> closed = new ArrayList<>();
        RoleLifecycle lifecycle = new RoleLifecycle("test", log, Duration.ofSeconds(5));
        lifecycle.add("controller", () -> closed.add("controller"));
        lifecycle.add("worker", () -> {
            closed.add("worker");
            throw new IllegalStateException("disk gone");
        });
        lifecycle.add("czar", () -> closed.add("czar"));
        lifecycle.closeAll();
        assertThat(closed).containsExactly("czar", "worker", "controller");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("error while stopping worker").contains("disk gone");
        lifecycle.closeAll();
        assertThat(closed).hasSize(3);
    }

    @Test
    void aHangingPartDoesNotBlockTheOthers() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        List<String> closed = new ArrayList<>();
        RoleLifecycle lifecycle = new RoleLifecycle("test", log, Duration.ofMillis(200));
        lifecycle.add("controller", () -> closed.add("controller"));
        lifecycle.add("czar", never::await);
        long start = System.nanoTime();
        lifecycle.closeAll();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(closed).containsExactly("controller");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("czar did not stop within 200 ms");
        never.countDown();
    }

    @Test
    void busyPortIsReportedByNumberAndPurpose() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> Ports.requireFree("127.0.0.1", port, "czar MySQL protocol", "--mysql-port"))
                    .isInstanceOf(SkyshardException.class)
                    .hasMessageContaining("port " + port)
                    .hasMessageContaining("czar MySQL protocol")
                    .hasMessageContaining("--mysql-port");
        }
        Ports.requireFree("127.0.0.1", 0, "any", "--port");
    }
}
