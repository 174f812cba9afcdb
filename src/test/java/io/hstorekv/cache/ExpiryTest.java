package io.hstorekv.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Deadlines are absolute on the injected ticker; the clock is advanced by hand, never slept on. */
class ExpiryTest {
    private final AtomicLong now = new AtomicLong(-5_000); // negative, like System.nanoTime may be
    private final BoundedCache<String, String> cache =
            BoundedCache.<String, String>builder().maximumSize(100).ticker(now::get).build();

    @Test
    void servedUntilTheDeadlineAndNeverAfter() {
        cache.put("k", "v", now.get() + 10);
        now.addAndGet(9);
        assertThat(cache.getIfPresent("k")).isEqualTo("v");
        now.addAndGet(1); // exactly at the deadline
        assertThat(cache.getIfPresent("k")).isNull();
        now.set(-5_000); // even if the clock were to go back, the expired entry is gone
        assertThat(cache.getIfPresent("k")).isNull();
        assertThat(cache.estimatedSize()).isZero();
        assertThat(cache.stats().misses()).isEqualTo(2);
    }

    @Test
    void neverExpiresWithMaxValue() {
        cache.put("k", "v", Long.MAX_VALUE);
        now.set(Long.MAX_VALUE - 1);
        assertThat(cache.getIfPresent("k")).isEqualTo("v");
    }

    @Test
    void aPutRefreshesTheDeadlineAndAPastDeadlineRemoves() {
        cache.put("k", "old", now.get() + 10);
        cache.put("k", "new", now.get() + 100);
        now.addAndGet(50);
        assertThat(cache.getIfPresent("k")).isEqualTo("new");
        cache.put("k", "stale", now.get() - 1); // already expired: must not leave "new" behind either
        assertThat(cache.getIfPresent("k")).isNull();
        cache.put("k", "forever");
        now.addAndGet(1_000_000);
        assertThat(cache.getIfPresent("k")).isEqualTo("forever");
    }

    @Test
    void expiredValueIsReloaded() {
        AtomicInteger loads = new AtomicInteger();
        cache.put("k", "cached", now.get() + 10);
        assertThat(cache.get("k", key -> "loaded-" + loads.incrementAndGet())).isEqualTo("cached");
        now.addAndGet(10);
        assertThat(cache.get("k", key -> "loaded-" + loads.incrementAndGet())).isEqualTo("loaded-1");
        assertThat(cache.getIfPresent("k")).isEqualTo("loaded-1");
    }

    @Test
    void aLoadedValueKeepsTheDeadlineItCarries() {
        assertThat(cache.get("k", key -> "v", value -> now.get() + 10)).isEqualTo("v");
        assertThat(cache.getAll(List.of("a"), keys -> Map.of("a", "A"), value -> now.get() + 20)).containsEntry("a", "A");
        now.addAndGet(9);
        assertThat(cache.getIfPresent("k")).isEqualTo("v");
        now.addAndGet(1);
        assertThat(cache.getIfPresent("k")).isNull();
        assertThat(cache.getIfPresent("a")).isEqualTo("A");
        // a value whose deadline has passed by the time it loads is returned, not cached
        assertThat(cache.get("k", key -> "late", value -> now.get() - 1)).isEqualTo("late");
        assertThat(cache.estimatedSize()).isEqualTo(1);
    }

    @Test
    void expiredEntriesAreNotServedWhileTheCacheChurns() {
        BoundedCache<Integer, Integer> small =
                BoundedCache.<Integer, Integer>builder().maximumSize(20).ticker(now::get).admissionSeed(3).build();
        for (int i = 0; i < 1_000; i++) {
            small.put(i % 50, i, now.get() + (i % 7)); // deadlines 0..6 ticks ahead (0: already due)
            now.incrementAndGet();
            for (int k = 0; k < 50; k++) {
                Integer value = small.getIfPresent(k);
                if (value != null) {
                    long deadline = -5_000 + value + value % 7; // the clock at step `value`, plus its TTL
                    assertThat(value % 50).isEqualTo(k);
                    assertThat(now.get()).isLessThan(deadline);
                }
            }
        }
        small.cleanUp();
        assertThat(small.estimatedSize()).isLessThanOrEqualTo(20);
    }
}
