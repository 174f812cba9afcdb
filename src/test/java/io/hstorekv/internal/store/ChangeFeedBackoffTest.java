package io.hstorekv.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An idle change feed polls less and less often, down to its idle interval; a change brings it back. */
class ChangeFeedBackoffTest {
    private static final long MS = Duration.ofMillis(1).toNanos();

    @Test
    void eachPollWithoutChangesDoublesTheWaitUpToTheIdleInterval() {
        ChangeFeed feed = feed(Duration.ofMillis(10));
        List<Long> waits = new ArrayList<>();
        long wait = 10 * MS;
        for (int poll = 0; poll < 6; poll++) {
            wait = feed.nextWait(wait, false);
            waits.add(wait / MS);
        }
        assertThat(waits).containsExactly(20L, 40L, 80L, 100L, 100L, 100L);
        assertThat(ChangeFeed.IDLE_INTERVAL).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aPollThatFindsChangesGoesBackToTheInterval() {
        assertThat(feed(Duration.ofMillis(10)).nextWait(100 * MS, true)).isEqualTo(10 * MS);
    }

    @Test
    void anIntervalLongerThanTheIdleOneIsKept() {
        ChangeFeed feed = feed(Duration.ofMillis(250));
        assertThat(feed.nextWait(250 * MS, false)).isEqualTo(250 * MS);
        assertThat(feed.nextWait(250 * MS, true)).isEqualTo(250 * MS);
    }

    /** A feed that is never started: only its timing is used. */
    private static ChangeFeed feed(Duration interval) {
        return new ChangeFeed(null, "hstorekv", interval, null);
    }
}
