package io.hstorekv.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random single-threaded operation sequences against a model map: the cache may forget entries
 * (it is a cache) but must never return a value that was not the latest one written, nor one whose
 * deadline has passed, and its accounting must match its contents after maintenance.
 */
class CacheModelPropertyTest {
    private record Written(int value, long expiresAt) {}

    @Property(tries = 300)
    void onlyTheLatestLiveValueIsEverServed(
            @ForAll @IntRange(min = 0, max = 12) int capacity,
            @ForAll @Size(max = 400) List<@IntRange(min = 0, max = 100_000) Integer> codes) {
        AtomicLong now = new AtomicLong();
        BoundedCache<Integer, Integer> cache = BoundedCache.<Integer, Integer>builder()
                .maximumSize(capacity).ticker(now::get).admissionSeed(7).build();
        Map<Integer, Written> model = new HashMap<>();
        int step = 0;
        for (int code : codes) {
            step++;
            int key = (code / 7) % 25;
            switch (code % 7) {
                case 0, 1 -> {
                    cache.put(key, step);
                    model.put(key, new Written(step, Long.MAX_VALUE));
                }
                case 2 -> {
                    long expiresAt = now.get() + code % 5; // 0: already expired
                    cache.put(key, step, expiresAt);
                    model.put(key, new Written(step, expiresAt));
                }
                case 3 -> {
                    cache.invalidate(key);
                    model.remove(key);
                }
                case 4 -> now.addAndGet(code % 3);
                case 5 -> {
                    int loaded = -step;
                    Integer value = cache.get(key, k -> loaded);
                    if (value == loaded) {
                        model.put(key, new Written(loaded, Long.MAX_VALUE));
                    }
                    assertServable(key, value, model, now.get());
                }
                default -> assertServable(key, cache.getIfPresent(key), model, now.get());
            }
        }
        cache.cleanUp();
        assertThat(cache.estimatedSize()).isLessThanOrEqualTo(capacity);
        assertThat(cache.weightedSize()).isEqualTo(cache.estimatedSize());
        for (int key = 0; key < 25; key++) {
            assertServable(key, cache.getIfPresent(key), model, now.get());
        }
    }

    private static void assertServable(int key, Integer value, Map<Integer, Written> model, long now) {
        if (value != null) {
            Written latest = model.get(key);
            assertThat(latest).as("value %s served for key %s that has none", value, key).isNotNull();
            assertThat(value).isEqualTo(latest.value());
            assertThat(latest.expiresAt() == Long.MAX_VALUE || now < latest.expiresAt()).isTrue();
        }
    }
}
