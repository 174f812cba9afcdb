package io.hstorekv.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Loads are made to block on latches, and the test waits until the other callers are parked on the
 * in-flight load (thread state), so the interleaving is forced rather than hoped for.
 */
class SingleFlightTest {
    private static final int THREADS = 8;

    private final BoundedCache<String, String> cache =
            BoundedCache.<String, String>builder().maximumSize(100).build();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicInteger loaderCalls = new AtomicInteger();
    private final CountDownLatch loaderEntered = new CountDownLatch(1);
    private final CountDownLatch releaseLoader = new CountDownLatch(1);

    @AfterEach
    void stopPool() throws InterruptedException {
        releaseLoader.countDown();
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    /** A loader that records its call and blocks until released. */
    private Function<String, String> blockingLoader(String result) {
        return key -> {
            loaderCalls.incrementAndGet();
            loaderEntered.countDown();
            try {
                releaseLoader.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (result == null) {
                return null;
            }
            if (result.equals("throw")) {
                throw new IllegalStateException("load failed");
            }
            return result;
        };
    }

    private List<Future<String>> concurrentGets(String key, Function<String, String> loader)
            throws InterruptedException {
        CountDownLatch started = new CountDownLatch(THREADS);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            results.add(pool.submit(() -> {
                synchronized (workers) {
                    workers.add(Thread.currentThread());
                }
                started.countDown();
                return cache.get(key, loader);
            }));
        }
        started.await();
        loaderEntered.await();
        awaitOthersParked();
        return results;
    }

    /** Every worker is parked: one in the loader (on the release latch), the rest on the in-flight load. */
    private void awaitOthersParked() {
        for (;;) {
            int parked = 0;
            synchronized (workers) {
                for (Thread worker : workers) {
                    if (worker.getState() == Thread.State.WAITING) {
                        parked++;
                    }
                }
            }
            if (parked == THREADS) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void concurrentMissesShareOneLoad() throws Exception {
        List<Future<String>> results = concurrentGets("k", blockingLoader("v"));
        releaseLoader.countDown();
        for (Future<String> result : results) {
            assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("v");
        }
        assertThat(loaderCalls.get()).isEqualTo(1);
        assertThat(cache.getIfPresent("k")).isEqualTo("v");
        assertThat(cache.stats().loadCount()).isEqualTo(1);
    }

    @Test
    void aNullLoadIsSharedButNotCached() throws Exception {
        List<Future<String>> results = concurrentGets("k", blockingLoader(null));
        releaseLoader.countDown();
        for (Future<String> result : results) {
            assertThat(result.get(30, TimeUnit.SECONDS)).isNull();
        }
        assertThat(loaderCalls.get()).isEqualTo(1);
        assertThat(cache.getIfPresent("k")).isNull();
        assertThat(cache.estimatedSize()).isZero();
        assertThat(cache.get("k", key -> "second")).isEqualTo("second"); // nothing was remembered
    }

    @Test
    void aFailedLoadFailsEveryWaiterAndCachesNothing() throws Exception {
        List<Future<String>> results = concurrentGets("k", blockingLoader("throw"));
        releaseLoader.countDown();
        for (Future<String> result : results) {
            assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("load failed");
        }
        assertThat(loaderCalls.get()).isEqualTo(1);
        assertThat(cache.getIfPresent("k")).isNull();
        assertThat(cache.stats().loadFailures()).isEqualTo(1);
    }

    @Test
    void anInvalidateDuringTheLoadWins() throws Exception {
        Future<String> loading = pool.submit(() -> cache.get("k", blockingLoader("stale")));
        loaderEntered.await();
        cache.invalidate("k"); // e.g. the row was updated in the database meanwhile
        releaseLoader.countDown();
        assertThat(loading.get(30, TimeUnit.SECONDS)).isEqualTo("stale");
        assertThat(cache.getIfPresent("k")).isNull();
    }

    @Test
    void aPutDuringTheLoadWins() throws Exception {
        Future<String> loading = pool.submit(() -> cache.get("k", blockingLoader("stale")));
        loaderEntered.await();
        cache.put("k", "fresh");
        releaseLoader.countDown();
        assertThat(loading.get(30, TimeUnit.SECONDS)).isEqualTo("stale");
        assertThat(cache.getIfPresent("k")).isEqualTo("fresh");
    }

    @Test
    void getAllLoadsItsMissesInOneCallAndAwaitsAKeyAnotherCallerLoads() throws Exception {
        cache.put("hit", "H");
        Future<String> single = pool.submit(() -> cache.get("k", blockingLoader("v")));
        loaderEntered.await();
        List<List<String>> asked = new ArrayList<>();
        AtomicReference<Thread> manyThread = new AtomicReference<>();
        Future<Map<String, String>> many = pool.submit(() -> {
            manyThread.set(Thread.currentThread());
            return cache.getAll(List.of("hit", "a", "k", "b", "a"), keys -> {
                asked.add(keys);
                return Map.of("a", "A"); // b absent: null, not cached
            }, value -> Long.MAX_VALUE);
        });
        while (manyThread.get() == null || manyThread.get().getState() != Thread.State.WAITING) {
            Thread.onSpinWait(); // until it waits for the load of k in flight
        }
        releaseLoader.countDown();
        Map<String, String> values = many.get(30, TimeUnit.SECONDS);
        assertThat(asked).containsExactly(List.of("a", "b")); // its own misses, once each, in one call
        assertThat(values).containsEntry("hit", "H").containsEntry("a", "A").containsEntry("k", "v").containsEntry("b", null);
        assertThat(single.get(30, TimeUnit.SECONDS)).isEqualTo("v");
        assertThat(loaderCalls.get()).isEqualTo(1);
        assertThat(cache.getIfPresent("a")).isEqualTo("A");
        assertThat(cache.getIfPresent("b")).isNull();
    }

    @Test
    void anInvalidateDuringAManyKeyLoadWins() throws Exception {
        Function<String, String> blocking = blockingLoader("stale");
        Future<Map<String, String>> loading = pool.submit(() -> cache.getAll(List.of("k", "j"),
                keys -> Map.of("k", blocking.apply("k"), "j", "J"), value -> Long.MAX_VALUE));
        loaderEntered.await();
        cache.invalidateAll(); // e.g. the change feed lost track
        releaseLoader.countDown();
        assertThat(loading.get(30, TimeUnit.SECONDS)).containsEntry("k", "stale").containsEntry("j", "J");
        assertThat(cache.getIfPresent("k")).isNull();
        assertThat(cache.getIfPresent("j")).isNull();
    }

    @Test
    void differentKeysLoadIndependently() {
        assertThat(cache.get("a", key -> "A")).isEqualTo("A");
        assertThat(cache.get("b", key -> "B")).isEqualTo("B");
        assertThat(cache.stats().loadCount()).isEqualTo(2);
    }

    @Test
    void aRecursiveLoadOfTheSameKeyIsRejected() {
        assertThatThrownBy(() -> cache.get("k", key -> cache.get("k", inner -> "x")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("recursive load");
        assertThat(cache.get("k", key -> "ok")).isEqualTo("ok"); // the failed load left nothing behind
    }
}
