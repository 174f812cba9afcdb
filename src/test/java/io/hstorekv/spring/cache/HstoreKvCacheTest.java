package io.hstorekv.spring.cache;

import static io.hstorekv.testing.TestSql.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hstorekv.HstoreKv;
import io.hstorekv.json.JsonCodec;
import io.hstorekv.testing.Await;
import io.hstorekv.testing.MutableClock;
import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.StoreTestBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cache.Cache;
import org.springframework.cache.interceptor.SimpleKey;

/** The Spring cache on a real PostgreSQL: values, TTL, nulls, eviction, and loads once across threads and instances. */
class HstoreKvCacheTest extends StoreTestBase {
    record Book(String title, int year) {}

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private String name;
    private HstoreKvCacheManager manager;
    private HstoreKvCache cache;

    @BeforeEach
    void newCache() {
        name = StoreFixture.uniqueName("books");
        manager = HstoreKvCacheManager.builder(kv, JsonCodec.anyType())
                .cache(name, CacheSettings.DEFAULTS.withTtl(Duration.ofMinutes(10)))
                .build();
        cache = (HstoreKvCache) manager.getCache(name);
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void valuesAreJsonInTheirNamespaceAndComeBackTyped() throws Exception {
        cache.put(new SimpleKey("dune", 1), new Book("Dune", 1965));
        cache.put(7L, 42L);
        assertThat(cache.get(new SimpleKey("dune", 1), Book.class)).isEqualTo(new Book("Dune", 1965));
        assertThat(cache.get(7L).get()).isEqualTo(42L);
        assertThat(query("SELECT string_agg(key || '=' || value, ' ; ' ORDER BY key) FROM " + schema + ".entries WHERE ns = '" + name + "'"))
                .isEqualTo("7=[\"java.lang.Long\",42] ; SimpleKey [dune, 1]={\"@class\":\"io.hstorekv.spring.cache.HstoreKvCacheTest$Book\","
                        + "\"title\":\"Dune\",\"year\":1965}");
        assertThat(cache.get("absent")).isNull();
        assertThat(cache.counters().hits()).isEqualTo(2);
        assertThat(cache.counters().misses()).isEqualTo(1);
        assertThat(cache.counters().puts()).isEqualTo(2);
    }

    @Test
    void entriesLiveForTheCachesTtl() {
        cache.put("k", "v");
        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThat(cache.get("k").get()).isEqualTo("v");
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.get("k")).isNull();
    }

    @Test
    void nullsAreCachedAsSpringExpectsOrRefused() {
        cache.put("none", null);
        assertThat(cache.get("none")).isNotNull().extracting(Cache.ValueWrapper::get).isNull();
        assertThat(cache.get("none", () -> "loaded")).isNull();

        String strictName = StoreFixture.uniqueName("strict");
        Cache strict = HstoreKvCacheManager.builder(kv, JsonCodec.anyType())
                .cache(strictName, CacheSettings.DEFAULTS.withAllowNullValues(false)).build().getCache(strictName);
        assertThatThrownBy(() -> strict.put("none", null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(strict.get("none")).isNull();
    }

    @Test
    void evictionAndClearingSayWhatWasThere() {
        for (int i = 0; i < 100; i++) {
            cache.put("k" + i, i);
        }
        assertThat(cache.evictIfPresent("k1")).isTrue();
        assertThat(cache.evictIfPresent("k1")).isFalse();
        cache.evict("k2");
        assertThat(cache.get("k2")).isNull();
        assertThat(cache.putIfAbsent("k3", 99).get()).isEqualTo(3);
        assertThat(cache.putIfAbsent("new", 5)).isNull();
        assertThat(cache.get("new").get()).isEqualTo(5);
        cache.clear();
        assertThat(cache.getNativeCache().count()).isZero();
        cache.put("k", 1);
        assertThat(cache.invalidate()).isTrue();
        assertThat(cache.invalidate()).isFalse();
    }

    @Test
    void aKeyMustNameItself() {
        Object anonymous = new Object();
        assertThatThrownBy(() -> cache.put(anonymous, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("toString()");
        assertThat(cache.getNativeCache().count()).isZero();
    }

    @Test
    void concurrentCallersOfOneMissingKeyShareOneLoad() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger loads = new AtomicInteger();
        List<Thread> callers = new ArrayList<>();
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(threads.submit(() -> {
                synchronized (callers) {
                    callers.add(Thread.currentThread());
                }
                return cache.get("k", () -> {
                    loads.incrementAndGet();
                    release.await();
                    return "loaded";
                });
            }));
        }
        Await.until(() -> loads.get() == 1 && allBlocked(callers, 8), Duration.ofSeconds(30), "eight callers, one loading");
        release.countDown();
        for (Future<String> result : results) {
            assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("loaded");
        }
        assertThat(loads).hasValue(1);
    }

    @Test
    void twoInstancesLoadAMissingKeyOnce() throws Exception {
        try (HstoreKv other = StoreFixture.open(schema, clock)) {
            Cache there = HstoreKvCacheManager.builder(other, JsonCodec.anyType())
                    .cache(name, cache.settings()).build().getCache(name);
            CountDownLatch loading = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<String> here = threads.submit(() -> cache.get("k", () -> {
                loading.countDown();
                release.await();
                return "loaded here";
            }));
            loading.await();
            AtomicInteger loadsThere = new AtomicInteger();
            List<Thread> waiter = new ArrayList<>();
            Future<String> fromThere = threads.submit(() -> {
                synchronized (waiter) {
                    waiter.add(Thread.currentThread());
                }
                return there.get("k", () -> {
                    loadsThere.incrementAndGet();
                    return "loaded there";
                });
            });
            Await.until(() -> allBlocked(waiter, 1), Duration.ofSeconds(30), "the other instance waiting on the lease");
            release.countDown();
            assertThat(here.get(30, TimeUnit.SECONDS)).isEqualTo("loaded here");
            assertThat(fromThere.get(30, TimeUnit.SECONDS)).isEqualTo("loaded here");
            assertThat(loadsThere).hasValue(0);
        }
    }

    @Test
    void aWaiterPastTheLoadTimeoutLoadsItself() throws Exception {
        MutableClock waiterClock = new MutableClock(clock.instant());
        try (HstoreKv other = StoreFixture.open(schema, clock)) {
            Cache there = HstoreKvCacheManager.builder(other, JsonCodec.anyType()).clock(waiterClock)
                    .cache(name, cache.settings().withLoadTimeout(Duration.ofSeconds(5))).build().getCache(name);
            CountDownLatch loading = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<String> here = threads.submit(() -> cache.get("k", () -> {
                loading.countDown();
                release.await();
                return "loaded here";
            }));
            loading.await();
            List<Thread> waiter = new ArrayList<>();
            Future<String> fromThere = threads.submit(() -> {
                synchronized (waiter) {
                    waiter.add(Thread.currentThread());
                }
                return there.get("k", () -> "loaded there");
            });
            Await.until(() -> allBlocked(waiter, 1), Duration.ofSeconds(30), "the other instance waiting on the lease");
            waiterClock.advance(Duration.ofSeconds(5));
            assertThat(fromThere.get(30, TimeUnit.SECONDS)).isEqualTo("loaded there");
            release.countDown();
            assertThat(here.get(30, TimeUnit.SECONDS)).isEqualTo("loaded here");
        }
    }

    @Test
    void aFailedLoadLeavesNothingAndTheNextCallLoadsAgain() {
        assertThatThrownBy(() -> cache.get("k", () -> {
            throw new IllegalStateException("backend down");
        })).isInstanceOf(Cache.ValueRetrievalException.class).hasRootCauseMessage("backend down");
        assertThat(cache.get("k", () -> "loaded")).isEqualTo("loaded");
    }

    @Test
    void aKeyEvictedAfterALoadIsLoadedAgain() {
        assertThat(cache.get("k", () -> "first")).isEqualTo("first");
        cache.evict("k");
        assertThat(cache.get("k", () -> "second")).isEqualTo("second");
        assertThat(cache.get("k", () -> "third")).isEqualTo("second");
    }

    @Test
    void asynchronousCallersRetrieve() throws Exception {
        assertThat(cache.retrieve("k").get(30, TimeUnit.SECONDS)).isNull();
        CompletableFuture<String> loaded = cache.retrieve("k", () -> CompletableFuture.completedFuture("loaded"));
        assertThat(loaded.get(30, TimeUnit.SECONDS)).isEqualTo("loaded");
        assertThat(cache.retrieve("k").get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(Cache.ValueWrapper.class,
                w -> assertThat(w.get()).isEqualTo("loaded"));
        assertThat(cache.retrieve("k", () -> CompletableFuture.completedFuture("again")).get(30, TimeUnit.SECONDS))
                .isEqualTo("loaded");
    }

    @Test
    void aFixedManagerHasOnlyItsNamedCaches() {
        HstoreKvCacheManager fixed = HstoreKvCacheManager.builder(kv, JsonCodec.anyType())
                .cache(name, CacheSettings.DEFAULTS).fixedCaches().build();
        assertThat(fixed.getCache(name)).isNotNull();
        assertThat(fixed.getCache("other")).isNull();
        assertThat(manager.getCache(StoreFixture.uniqueName("dynamic"))).isNotNull();
    }

    /** Whether this many threads have registered and all are parked (waiting on a load or a lease). */
    private static boolean allBlocked(List<Thread> threads, int count) {
        synchronized (threads) {
            return threads.size() == count && threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING
                    || t.getState() == Thread.State.TIMED_WAITING);
        }
    }
}
