package io.skyshard.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TestLoadMemory {
    @Test
    void reservationsStayWithinTheBudgetAndWaitersWakeOnRelease() throws Exception {
        LoadMemory memory = new LoadMemory(100);
        assertThat(memory.tryReserve(60)).isTrue();
        assertThat(memory.tryReserve(50)).isFalse();
        assertThat(memory.tryReserve(40)).isTrue();
        assertThat(memory.used()).isEqualTo(100);

        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean reserved = new AtomicBoolean();
        Thread waiter = Thread.ofPlatform().start(() -> {
            started.countDown();
            try {
                memory.reserve(30);
                reserved.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        started.await();
        Thread.sleep(100);
        assertThat(reserved).isFalse();
        memory.release(40);
        waiter.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(reserved).isTrue();
        assertThat(memory.used()).isEqualTo(90);
    }

    @Test
    void aStepLargerThanTheBudgetRunsAloneAndABadBudgetIsRefused() {
        LoadMemory memory = new LoadMemory(10);
        assertThat(memory.tryReserve(1_000)).isTrue();
        assertThat(memory.tryReserve(1)).isFalse();
        memory.release(1_000);
        assertThat(memory.used()).isZero();
        assertThat(LoadMemory.forHeap(1L << 40).budget()).isEqualTo(2L << 40);
        assertThatThrownBy(() -> new LoadMemory(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
