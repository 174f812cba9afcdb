package io.hstorekv.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class BoundedCacheTest {
    private final AtomicLong now = new AtomicLong(1_000);

    private BoundedCache<String, String> cache(long maximumSize) {
        return BoundedCache.<String, String>builder().maximumSize(maximumSize).ticker(now::get)
                .admissionSeed(1).build();
    }

    @Test
    void getPutInvalidate() {
        BoundedCache<String, String> cache = cache(10);
        assertThat(cache.getIfPresent("a")).isNull();
        cache.put("a", "1");
        assertThat(cache.getIfPresent("a")).isEqualTo("1");
        cache.put("a", "2");
        assertThat(cache.getIfPresent("a")).isEqualTo("2");
        assertThat(cache.estimatedSize()).isEqualTo(1);
        cache.invalidate("a");
        assertThat(cache.getIfPresent("a")).isNull();
        cache.invalidate("never-there");
        cache.cleanUp();
        assertThat(cache.estimatedSize()).isZero();
        assertThat(cache.weightedSize()).isZero();
    }

    @Test
    void invalidateAll() {
        BoundedCache<String, String> cache = cache(10);
        for (int i = 0; i < 8; i++) {
            cache.put("k" + i, "v" + i);
        }
        cache.invalidateAll();
        assertThat(cache.estimatedSize()).isZero();
        assertThat(cache.weightedSize()).isZero();
        for (int i = 0; i < 8; i++) {
            assertThat(cache.getIfPresent("k" + i)).isNull();
        }
        cache.put("again", "x");
        assertThat(cache.getIfPresent("again")).isEqualTo("x");
    }

    @Test
    void sizeBoundHoldsAfterMaintenance() {
        BoundedCache<String, String> cache = cache(50);
        for (int i = 0; i < 1_000; i++) {
            cache.put("k" + i, "v");
        }
        cache.cleanUp();
        assertThat(cache.estimatedSize()).isEqualTo(50);
        assertThat(cache.weightedSize()).isEqualTo(50);
    }

    @Test
    void writesAreReplayedInBatchesAndAReadCatchesUpWhileFillingUp() {
        // Weighted: its sketch waits for the cache to be half full, and until then reads replay writes.
        BoundedCache<String, String> cache = BoundedCache.<String, String>builder()
                .maximumWeight(1_000).weigher((k, v) -> 1).build(); // batches of 15 writes
        for (int i = 0; i < 500; i++) {
            cache.put("k" + i, "v");
        }
        assertThat(cache.weightedSize()).isEqualTo(495); // the last 5 writes are still queued
        cache.getIfPresent("k0"); // a read replays them: the cache may now be half full
        assertThat(cache.weightedSize()).isEqualTo(500);
    }

    @Test
    void zeroCapacityKeepsNothing() {
        BoundedCache<String, String> cache = cache(0);
        cache.put("a", "1");
        cache.cleanUp();
        assertThat(cache.getIfPresent("a")).isNull();
        assertThat(cache.estimatedSize()).isZero();
    }

    @Test
    void statsCountHitsMissesEvictionsAndLoads() {
        BoundedCache<String, String> cache = cache(10);
        assertThat(cache.stats().hitRatio()).isEqualTo(1.0);
        cache.put("a", "1");
        cache.getIfPresent("a");
        cache.getIfPresent("a");
        cache.getIfPresent("b");
        Function<String, String> slowLoader = key -> {
            now.addAndGet(250); // the load takes 250 ns on the cache's clock
            return key.toUpperCase();
        };
        assertThat(cache.get("c", slowLoader)).isEqualTo("C");
        assertThat(cache.get("c", slowLoader)).isEqualTo("C"); // now a hit, no load
        assertThatThrownBy(() -> cache.get("d", key -> {
            throw new IllegalStateException("database down");
        })).isInstanceOf(IllegalStateException.class).hasMessage("database down");

        CacheStats stats = cache.stats();
        assertThat(stats.hits()).isEqualTo(3);
        assertThat(stats.misses()).isEqualTo(3);
        assertThat(stats.requests()).isEqualTo(6);
        assertThat(stats.hitRatio()).isEqualTo(0.5);
        assertThat(stats.loadCount()).isEqualTo(2);
        assertThat(stats.loadFailures()).isEqualTo(1);
        assertThat(stats.totalLoadTimeNanos()).isEqualTo(250);
        assertThat(stats.evictions()).isZero();

        for (int i = 0; i < 100; i++) {
            cache.put("fill" + i, "x");
        }
        cache.cleanUp();
        assertThat(cache.stats().evictions()).isEqualTo(102 - 10); // a, c and 100 fillers, 10 kept
    }

    @Test
    void invalidationIsNotCountedAsEviction() {
        BoundedCache<String, String> cache = cache(10);
        cache.put("a", "1");
        cache.invalidate("a");
        cache.cleanUp();
        assertThat(cache.stats().evictions()).isZero();
    }

    @Test
    void nullsAreRejectedWithAMessage() {
        BoundedCache<String, String> cache = cache(10);
        assertThatThrownBy(() -> cache.getIfPresent(null))
                .isInstanceOf(NullPointerException.class).hasMessage("key must not be null");
        assertThatThrownBy(() -> cache.put(null, "v"))
                .isInstanceOf(NullPointerException.class).hasMessage("key must not be null");
        assertThatThrownBy(() -> cache.put("k", null))
                .isInstanceOf(NullPointerException.class).hasMessage("value must not be null");
        assertThatThrownBy(() -> cache.put("k", null, 5))
                .isInstanceOf(NullPointerException.class).hasMessage("value must not be null");
        assertThatThrownBy(() -> cache.invalidate(null))
                .isInstanceOf(NullPointerException.class).hasMessage("key must not be null");
        assertThatThrownBy(() -> cache.get(null, k -> "v"))
                .isInstanceOf(NullPointerException.class).hasMessage("key must not be null");
        assertThatThrownBy(() -> cache.get("k", null))
                .isInstanceOf(NullPointerException.class).hasMessage("loader must not be null");
        assertThatThrownBy(() -> BoundedCache.<String, String>builder().weigher(null))
                .isInstanceOf(NullPointerException.class).hasMessage("weigher must not be null");
        assertThatThrownBy(() -> BoundedCache.<String, String>builder().ticker(null))
                .isInstanceOf(NullPointerException.class).hasMessage("ticker must not be null");
        assertThat(cache.estimatedSize()).isZero();
    }

    @Test
    void builderRejectsMissingOrConflictingBounds() {
        assertThatThrownBy(() -> BoundedCache.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("must be bounded");
        assertThatThrownBy(() -> BoundedCache.builder().maximumSize(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maximumSize");
        assertThatThrownBy(() -> BoundedCache.builder().maximumWeight(10).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("requires a weigher");
        assertThatThrownBy(() -> BoundedCache.<String, String>builder().weigher((k, v) -> 1).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("requires maximumWeight");
        assertThatThrownBy(() -> BoundedCache.<String, String>builder().maximumSize(5).maximumWeight(5)
                .weigher((k, v) -> 1).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not both");
    }

    @Test
    void aOnePassScanDoesNotEvictTheHotSet() {
        BoundedCache<String, String> cache = cacheWithHotSet();
        for (int i = 0; i < 1_000; i++) {
            getOrPut(cache, "scan-" + i); // each key seen once, 10x the capacity
        }
        cache.cleanUp();
        assertHotSetPresent(cache);
    }

    @Test
    void aKeyReadOftenWhileTheCacheWasNearlyEmptySurvivesAScan() {
        BoundedCache<String, String> cache = cache(100);
        getOrPut(cache, "early");
        for (int i = 0; i < 10; i++) {
            getOrPut(cache, "early"); // counted although the cache holds one entry
        }
        for (int i = 0; i < 1_000; i++) {
            getOrPut(cache, "scan-" + i);
        }
        cache.cleanUp();
        assertThat(cache.getIfPresent("early")).isNotNull();
    }

    @Test
    void aLongScanInterleavedWithHotTrafficDoesNotEvictTheHotSet() {
        // Each hot key recurs only every ~220 requests, beyond an LRU of 100: LRU would lose them all.
        BoundedCache<String, String> cache = cacheWithHotSet();
        Map<String, String> lru = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > 100;
            }
        };
        for (int i = 0; i < 10_000; i++) {
            String key = "scan-" + i;
            getOrPut(cache, key);
            lru.put(key, key);
            if (i % 10 == 0) {
                String hot = "hot-" + (i / 10) % 20;
                getOrPut(cache, hot);
                lru.put(hot, hot);
            }
        }
        cache.cleanUp();
        assertHotSetPresent(cache);
        assertThat(lru.keySet()).filteredOn(key -> key.startsWith("hot-")).hasSizeLessThan(20);
    }

    /** A full cache of 100 whose 20 hot keys were each requested ten times. */
    private BoundedCache<String, String> cacheWithHotSet() {
        BoundedCache<String, String> cache = cache(100);
        for (int i = 0; i < 100; i++) {
            getOrPut(cache, "warm-up-" + i); // fill the cache so frequencies are being recorded
        }
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < 20; i++) {
                getOrPut(cache, "hot-" + i);
            }
        }
        return cache;
    }

    private static void assertHotSetPresent(BoundedCache<String, String> cache) {
        for (int i = 0; i < 20; i++) {
            assertThat(cache.getIfPresent("hot-" + i)).as("hot-%d", i).isNotNull();
        }
    }

    private static void getOrPut(BoundedCache<String, String> cache, String key) {
        if (cache.getIfPresent(key) == null) {
            cache.put(key, key);
        }
    }
}
