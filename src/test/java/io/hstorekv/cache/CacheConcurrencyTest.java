package io.hstorekv.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several threads hammer one cache from a common start gate; the bound must hold once drained. */
class CacheConcurrencyTest {
    private static final int THREADS = 4;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    private void runConcurrently(Task task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                task.run(thread);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : futures) {
            future.get(60, TimeUnit.SECONDS);
        }
    }

    interface Task {
        void run(int thread);
    }

    @Test
    void sizeBoundHoldsAfterConcurrentPuts() throws Exception {
        BoundedCache<Integer, Integer> cache = BoundedCache.<Integer, Integer>builder().maximumSize(500).build();
        runConcurrently(thread -> {
            for (int i = 0; i < 50_000; i++) {
                int key = thread * 1_000_000 + i;
                cache.put(key, key);
            }
        });
        cache.cleanUp();
        assertThat(cache.estimatedSize()).isEqualTo(500);
        assertThat(cache.weightedSize()).isEqualTo(500);
        assertThat(cache.stats().evictions()).isEqualTo(THREADS * 50_000L - 500);
    }

    @Test
    void weightBoundHoldsUnderAMixedWorkload() throws Exception {
        BoundedCache<Integer, String> cache = BoundedCache.<Integer, String>builder()
                .maximumWeight(2_000).weigher((k, v) -> v.length()).build();
        runConcurrently(thread -> {
            SplittableRandom random = new SplittableRandom(thread);
            for (int i = 0; i < 50_000; i++) {
                int key = random.nextInt(2_000);
                switch (random.nextInt(10)) {
                    case 0 -> cache.invalidate(key);
                    case 1, 2, 3 -> cache.put(key, "v".repeat(1 + key % 20));
                    default -> {
                        String value = cache.getIfPresent(key);
                        assertThat(value == null || value.length() == 1 + key % 20).isTrue();
                    }
                }
            }
        });
        cache.cleanUp();
        long mappedWeight = 0;
        for (int key = 0; key < 2_000; key++) {
            String value = cache.getIfPresent(key);
            mappedWeight += value == null ? 0 : value.length();
        }
        assertThat(cache.weightedSize()).isEqualTo(mappedWeight).isLessThanOrEqualTo(2_000);
    }

    @Test
    void concurrentLoadsOfManyKeysStayConsistent() throws Exception {
        BoundedCache<Integer, Integer> cache = BoundedCache.<Integer, Integer>builder().maximumSize(100).build();
        runConcurrently(thread -> {
            SplittableRandom random = new SplittableRandom(thread + 100);
            for (int i = 0; i < 20_000; i++) {
                int key = random.nextInt(300);
                assertThat(cache.get(key, k -> k * 2)).isEqualTo(key * 2);
            }
        });
        cache.cleanUp();
        assertThat(cache.estimatedSize()).isLessThanOrEqualTo(100);
        assertThat(cache.weightedSize()).isEqualTo(cache.estimatedSize());
    }
}
