package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.TestDatabase;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A near cache bounded in bytes ({@link HstoreKv.Builder#nearCacheMemory}) holds no more heap than its bound. */
class NearCacheMemoryTest {
    private static final long BOUND = 4L * 1024 * 1024;
    private static final int VALUE_CHARS = 8 * 1024;
    /** Four times the bound in values, all read through the cache. */
    private static final int KEYS = (int) (4 * BOUND / VALUE_CHARS);
    /** What else the heap may gain meanwhile (pooled buffers, the JIT's and the driver's caches). */
    private static final long SLACK = 1024 * 1024;

    @Test
    void theHeapTheCacheRetainsStaysWithinItsBound() {
        String name = StoreFixture.uniqueName("mem");
        try (HstoreKv kv = HstoreKv.builder().dataSource(TestDatabase.dataSource()).schema(StoreFixture.uniqueName("nm"))
                .sweepInterval(null).nearCacheMemory(name, BOUND).open()) {
            Namespace ns = kv.namespace(name);
            Map<String, String> entries = new LinkedHashMap<>();
            for (int i = 0; i < KEYS; i++) {
                entries.put("k" + i, String.valueOf((char) ('a' + i % 26)).repeat(VALUE_CHARS));
            }
            ns.setAll(entries);
            entries.clear();
            assertThat(ns.get("k0")).hasSize(VALUE_CHARS); // loads, caches, and warms the read path
            long before = usedHeapAfterGc();
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < KEYS; i++) {
                    assertThat(ns.get("k" + i)).hasSize(VALUE_CHARS);
                }
            }
            long grown = usedHeapAfterGc() - before;

            NearCacheStats stats = ns.cacheStats();
            assertThat(stats.hits()).as("the cache serves reads").isPositive();
            assertThat(stats.size()).as("entries held").isBetween(1L, BOUND / VALUE_CHARS);
            assertThat(grown).as("heap retained by the cache").isLessThan(BOUND + SLACK);
        }
    }

    @Test
    void aBoundMustBePositive() {
        assertThatThrownBy(() -> HstoreKv.builder().nearCacheMemory("ns", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maximumBytes must be positive");
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
