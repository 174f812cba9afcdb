package io.hstorekv.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WeigherTest {
    private final BoundedCache<String, String> cache = BoundedCache.<String, String>builder()
            .maximumWeight(100).weigher((key, value) -> value.length()).admissionSeed(1).build();

    @Test
    void totalWeightStaysWithinTheBound() {
        for (int i = 0; i < 200; i++) {
            cache.put("k" + i, "x".repeat(1 + i % 17));
            cache.cleanUp();
            assertThat(cache.weightedSize()).isLessThanOrEqualTo(100);
        }
        assertThat(cache.estimatedSize()).isGreaterThan(5);
    }

    @Test
    void anEntryHeavierThanTheBoundIsNotKept() {
        cache.put("small", "x".repeat(10));
        cache.put("huge", "x".repeat(101));
        cache.cleanUp();
        assertThat(cache.getIfPresent("huge")).isNull();
        assertThat(cache.getIfPresent("small")).isNotNull();
        assertThat(cache.weightedSize()).isEqualTo(10);
    }

    @Test
    void reweighsOnUpdate() {
        cache.put("k", "x".repeat(10));
        cache.cleanUp();
        assertThat(cache.weightedSize()).isEqualTo(10);
        cache.put("k", "x".repeat(60));
        cache.cleanUp();
        assertThat(cache.weightedSize()).isEqualTo(60);
        cache.put("k", "x".repeat(200)); // outgrows the bound: evicted
        cache.cleanUp();
        assertThat(cache.getIfPresent("k")).isNull();
        assertThat(cache.weightedSize()).isZero();
    }

    @Test
    void zeroWeightEntriesAreNotEvictedForSize() {
        cache.put("free", "");
        for (int i = 0; i < 100; i++) {
            cache.put("k" + i, "x".repeat(20));
        }
        cache.cleanUp();
        assertThat(cache.getIfPresent("free")).isEqualTo("");
        assertThat(cache.weightedSize()).isLessThanOrEqualTo(100);
    }

    @Test
    void negativeWeightIsRejected() {
        BoundedCache<String, String> broken = BoundedCache.<String, String>builder()
                .maximumWeight(10).weigher((k, v) -> -1).build();
        assertThatThrownBy(() -> broken.put("k", "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative weight");
        assertThat(broken.estimatedSize()).isZero();
    }
}
