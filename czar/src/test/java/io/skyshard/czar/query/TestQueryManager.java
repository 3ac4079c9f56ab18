package io.skyshard.czar.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TestQueryManager {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2024-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final ManualClock clock = new ManualClock();
    final List<Long> dropped = new ArrayList<>();
    final Session session = new Session("qsmaster", "db", 7, "localhost");

    QueryManager manager(Duration ttl, int maxResults) {
        QueryManager m = new QueryManager(new QueryManager.Limits(ttl, maxResults, 1000, 1), clock);
        m.setResultDropper(dropped::add);
        return m;
    }

    QueryManager.Running finishedAsync(QueryManager m) {
        QueryManager.Running r = m.register(session, "SELECT 1", true);
        r.executing(1, () -> { });
        r.completed(1, List.of("1"), List.of());
        return r;
    }

    @Test
    void asyncResultsExpireAfterTheirTimeToLive() {
        QueryManager m = manager(Duration.ofMinutes(10), 100);
        QueryManager.Running r = finishedAsync(m);
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        assertThat(m.get(r.id())).isPresent();
        clock.now = clock.now.plusSeconds(1);
        assertThat(m.get(r.id())).isEmpty();
        assertThat(dropped).containsExactly(r.id());
    }

    @Test
    void theOldestFinishedResultsGoFirstBeyondTheCountLimit() {
        QueryManager m = manager(Duration.ofHours(1), 2);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(finishedAsync(m).id());
            clock.now = clock.now.plusSeconds(1);
        }
        QueryManager.Running running = m.register(session, "SELECT 2", true); // unfinished: never dropped
        assertThat(m.list()).extracting(QueryInfo::id).containsExactly(ids.get(2), ids.get(3), running.id());
        assertThat(dropped).containsExactly(ids.get(0), ids.get(1));
    }

    @Test
    void synchronousQueriesLeaveWhenClosedAndAreCancelledWithTheirConnection() {
        QueryManager m = manager(Duration.ofHours(1), 10);
        AtomicInteger stops = new AtomicInteger();
        QueryManager.Running r = m.register(session, "SELECT 3", false);
        r.executing(5, stops::incrementAndGet);
        r.chunksDone(2);
        assertThat(m.running()).singleElement().satisfies(i -> {
            assertThat(i.state()).isEqualTo(QueryState.EXECUTING);
            assertThat(i.connectionId()).isEqualTo(7);
        });
        assertThat(m.cancelConnection(8)).isFalse();
        assertThat(m.cancelConnection(7)).isTrue();
        assertThat(stops).hasValue(1);
        assertThat(r.state()).isEqualTo(QueryState.CANCELLED);
        assertThat(r.cancel()).as("a second cancel does nothing").isFalse();
        r.close();
        assertThat(m.list()).isEmpty();
        assertThat(dropped).isEmpty();
    }

    @Test
    void aQueryCancelledWhileQueuedStopsWhatStartsAfterwards() {
        QueryManager m = manager(Duration.ofHours(1), 10);
        QueryManager.Running r = m.register(session, "SELECT 4", true);
        assertThat(m.cancel(r.id())).isTrue();
        AtomicInteger stops = new AtomicInteger();
        r.executing(3, stops::incrementAndGet);
        assertThat(stops).hasValue(1);
        assertThat(r.state()).isEqualTo(QueryState.CANCELLED);
        assertThat(m.delete(r.id())).isTrue();
        assertThat(dropped).containsExactly(r.id());
        assertThat(m.delete(r.id())).isFalse();
    }

    @Test
    void idsAreSharedByQueriesAndConnections() {
        QueryManager m = manager(Duration.ofHours(1), 10);
        long connection = m.nextId();
        long query = m.register(session, "SELECT 5", false).id();
        assertThat(query).isGreaterThan(connection);
    }
}
