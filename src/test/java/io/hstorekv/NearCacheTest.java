package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hstorekv.testing.Await;
import io.hstorekv.testing.MutableClock;
import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.TestDatabase;
import io.hstorekv.testing.TestSql;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The near cache: two store instances on one schema, coherent with each other and with raw SQL. */
class NearCacheTest {
    private final MutableClock clock = new MutableClock();
    private String schema;
    private String name;
    private HstoreKv a;
    private HstoreKv b;
    private Namespace nsA;
    private Namespace nsB;

    @BeforeEach
    void open() {
        schema = StoreFixture.uniqueName("nc");
        name = StoreFixture.uniqueName("ns");
        a = openInstance();
        b = openInstance();
        nsA = a.namespace(name);
        nsB = b.namespace(name);
    }

    private HstoreKv openInstance() {
        return StoreFixture.openCached(schema, clock, name);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    /** Waits until both feeds have run a whole poll that began after this call (so our writes are applied). */
    private void settle() {
        long pa = a.changeFeed().polls();
        long pb = b.changeFeed().polls();
        Await.until(() -> a.changeFeed().polls() >= pa + 2 && b.changeFeed().polls() >= pb + 2, Duration.ofSeconds(5),
                "the feeds to catch up");
    }

    private void rawSql(String sql, Object... args) {
        try (Connection c = TestDatabase.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void servesRepeatedReadsFromMemory() {
        nsA.set("k", "v");
        settle();
        assertThat(nsA.get("k")).isEqualTo("v");
        long loads = nsA.cacheStats().loads();
        for (int i = 0; i < 10; i++) {
            assertThat(nsA.get("k")).isEqualTo("v");
            assertThat(nsA.getBytes("k")).isEqualTo("v".getBytes(StandardCharsets.UTF_8));
        }
        NearCacheStats stats = nsA.cacheStats();
        assertThat(stats.loads()).isEqualTo(loads);
        assertThat(stats.hits()).isGreaterThanOrEqualTo(20);
        assertThat(stats.hitRatio()).isGreaterThan(0.5);
    }

    @Test
    void readYourWrites() {
        nsA.set("k", "1");
        assertThat(nsA.get("k")).isEqualTo("1");
        nsA.set("k", "2");
        assertThat(nsA.get("k")).isEqualTo("2");
        nsA.increment("k", 5);
        assertThat(nsA.get("k")).isEqualTo("7");
        nsA.append("k", "x");
        assertThat(nsA.get("k")).isEqualTo("7x");
        nsA.rename("k", "j");
        assertThat(nsA.get("k")).isNull();
        assertThat(nsA.get("j")).isEqualTo("7x");
        nsA.delete("j");
        assertThat(nsA.get("j")).isNull();
        nsA.setAll(Map.of("m1", "a", "j", "b"));
        assertThat(nsA.get("j")).isEqualTo("b");
        nsA.inTransaction(() -> {
            nsA.set("j", "in-tx");
            assertThat(nsA.get("j")).isEqualTo("in-tx");
            return null;
        });
        assertThat(nsA.get("j")).isEqualTo("in-tx");
        // a cached absence turns into WRONGTYPE as soon as a hash takes the key
        assertThat(nsA.get("h")).isNull();
        nsA.hashes().set("h", "f", "v");
        assertThatThrownBy(() -> nsA.get("h")).isInstanceOf(WrongTypeException.class);
        // ... and a WRONGTYPE is served from memory too
        settle();
        assertThatThrownBy(() -> nsA.get("h")).isInstanceOf(WrongTypeException.class);
        long loads = nsA.cacheStats().loads();
        assertThatThrownBy(() -> nsA.get("h")).isInstanceOf(WrongTypeException.class);
        assertThat(nsA.cacheStats().loads()).isEqualTo(loads);
        assertThat(nsA.get("s")).isNull();
        nsA.sets().add("s", "m");
        assertThatThrownBy(() -> nsA.get("s")).isInstanceOf(WrongTypeException.class);
        nsA.flush();
        assertThat(nsA.get("m1")).isNull();
        assertThat(nsA.get("h")).isNull();
    }

    @Test
    void pipelinedGetsUseCachedEntries() {
        nsA.set("k", "v");
        nsA.hashes().set("h", "f", "v");
        settle();
        assertThat(nsA.get("k")).isEqualTo("v");
        assertThatThrownBy(() -> nsA.get("h")).isInstanceOf(WrongTypeException.class);
        assertThat(nsA.get("none")).isNull();
        long hits = nsA.cacheStats().hits();
        List<Namespace.TypedValue> values = nsA.getEach(List.of("k", "h", "none", "uncached"));
        assertThat(values).extracting(Namespace.TypedValue::type)
                .containsExactly(KeyType.STRING, KeyType.HASH, KeyType.NONE, KeyType.NONE);
        assertThat(new String(values.get(0).bytes(), StandardCharsets.UTF_8)).isEqualTo("v");
        assertThat(nsA.cacheStats().hits()).isEqualTo(hits + 3);
        // the miss was read (one statement for all misses) and cached
        long loads = nsA.cacheStats().loads();
        assertThat(nsA.getEach(List.of("uncached", "k", "alsoMissing", "uncached"))).extracting(Namespace.TypedValue::type)
                .containsExactly(KeyType.NONE, KeyType.STRING, KeyType.NONE, KeyType.NONE);
        assertThat(nsA.cacheStats().loads()).isEqualTo(loads + 1);
        assertThat(nsA.get("alsoMissing")).isNull();
        assertThat(nsA.cacheStats().loads()).isEqualTo(loads + 1);
        // MGET too: all from memory now (a hash is null there, as in Redis)
        assertThat(nsA.getAll(List.of("k", "h", "uncached", "alsoMissing"))).containsExactly("v", null, null, null);
        assertThat(nsA.cacheStats().loads()).isEqualTo(loads + 1);
        nsB.set("alsoMissing", "here");
        Await.until(() -> nsA.getEach(List.of("alsoMissing")).get(0).type() == KeyType.STRING, Duration.ofSeconds(5),
                "the cached absence to go");
        nsB.set("k", "w");
        Await.until(() -> "w".equals(new String(nsA.getEach(List.of("k")).get(0).bytes(),
                StandardCharsets.UTF_8)), Duration.ofSeconds(5), "the pipelined GET to see B's write");
    }

    @Test
    void hashReadsComeFromTheWholeCachedHash() {
        nsA.hashes().set("h", Map.of("a", "1", "b", "2"));
        nsA.set("s", "string");
        settle();
        assertThat(nsA.hashes().getAll("h")).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
        long loads = nsA.cacheStats().loads();
        assertThat(nsA.hashes().get("h", "a")).isEqualTo("1");
        assertThat(nsA.hashes().get("h", "zz")).isNull();
        assertThat(nsA.hashes().get("h", List.of("b", "zz", "a"))).containsExactly("2", null, "1");
        assertThat(nsA.hashes().getAll("h")).hasSize(2);
        assertThat(nsA.hashes().get("none", "a")).isNull();
        assertThat(nsA.hashes().getAll("none")).isEmpty();
        assertThatThrownBy(() -> nsA.hashes().get("s", "a")).isInstanceOf(WrongTypeException.class);
        assertThat(nsA.cacheStats().loads()).isEqualTo(loads + 2); // "none" and "s"; the hash came from memory
        nsA.hashes().set("h", "a", "changed");
        assertThat(nsA.hashes().get("h", "a")).isEqualTo("changed");
        nsB.hashes().delete("h", "b");
        Await.until(() -> !nsA.hashes().getAll("h").containsKey("b"), Duration.ofSeconds(5), "B's HDEL");
        rawSql("UPDATE " + schema + ".entries SET fields = fields || 'c=>3'::hstore WHERE ns = ? AND key = 'h'", name);
        Await.until(() -> "3".equals(nsA.hashes().get("h", "c")), Duration.ofSeconds(5), "a raw SQL hstore update");
    }

    @Test
    void setReadsComeFromTheWholeCachedSet() {
        nsA.sets().add("s", "a", "b", "c");
        nsA.set("str", "string");
        settle();
        assertThat(nsA.sets().members("s")).containsExactlyInAnyOrder("a", "b", "c");
        long loads = nsA.cacheStats().loads();
        assertThat(nsA.sets().isMember("s", "b")).isTrue();
        assertThat(nsA.sets().areMembers("s", List.of("c", "zz", "a"))).containsExactly(true, false, true);
        assertThat(nsA.sets().size("s")).isEqualTo(3);
        assertThat(nsA.sets().scan("s", "[ab]")).containsExactlyInAnyOrder("a", "b");
        assertThat(nsA.sets().size("none")).isZero();
        assertThat(nsA.sets().members("none")).isEmpty();
        assertThatThrownBy(() -> nsA.sets().isMember("str", "a")).isInstanceOf(WrongTypeException.class);
        assertThatThrownBy(() -> nsA.hashes().getAll("s")).isInstanceOf(WrongTypeException.class);
        assertThat(nsA.cacheStats().loads()).isEqualTo(loads + 2); // "none" and "str"; the set came from memory
        nsA.sets().remove("s", "a");
        assertThat(nsA.sets().members("s")).containsExactlyInAnyOrder("b", "c");
        nsB.sets().add("s", "d");
        Await.until(() -> nsA.sets().isMember("s", "d"), Duration.ofSeconds(5), "B's SADD");
        rawSql("UPDATE " + schema + ".entries SET fields = fields || 'e=>NULL'::hstore WHERE ns = ? AND key = 's'", name);
        Await.until(() -> nsA.sets().size("s") == 4, Duration.ofSeconds(5), "a raw SQL hstore update");
    }

    @Test
    void largeHashesAreReadFromPostgres() {
        Map<String, String> big = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            big.put("field:" + i, "v".repeat(40) + i);
        }
        nsA.hashes().set("big", big);
        assertThat(nsA.hashes().get("big", "field:7")).isEqualTo("v".repeat(40) + 7);
        assertThat(nsA.hashes().getAll("big")).hasSize(2000);
        nsA.hashes().set("big", "field:7", "x");
        assertThat(nsA.hashes().get("big", "field:7")).isEqualTo("x");
    }

    @Test
    void cachesAbsentKeys() {
        assertThat(nsA.get("missing")).isNull();
        long loads = nsA.cacheStats().loads();
        assertThat(loads).isEqualTo(1);
        for (int i = 0; i < 5; i++) {
            assertThat(nsA.get("missing")).isNull();
        }
        assertThat(nsA.cacheStats().loads()).isEqualTo(loads);
        nsB.set("missing", "now here");
        Await.until(() -> "now here".equals(nsA.get("missing")), Duration.ofSeconds(5), "the other instance's write");
    }

    @Test
    void honoursTtlWithTheInjectedClock() {
        nsA.set("t", "v", Duration.ofSeconds(10));
        settle();
        assertThat(nsA.get("t")).isEqualTo("v");
        clock.advance(Duration.ofSeconds(9));
        assertThat(nsA.get("t")).isEqualTo("v");
        long loads = nsA.cacheStats().loads();
        clock.advance(Duration.ofSeconds(1));
        assertThat(nsA.get("t")).isNull();
        assertThat(nsA.cacheStats().loads()).isEqualTo(loads + 1);
        nsA.set("t2", "v");
        assertThat(nsA.get("t2")).isEqualTo("v");
        nsA.expire("t2", Duration.ofSeconds(1));
        assertThat(nsA.get("t2")).isEqualTo("v");
        clock.advance(Duration.ofSeconds(1));
        assertThat(nsA.get("t2")).isNull();
    }

    @Test
    void seesWritesOfAnotherInstance() {
        nsA.set("k", "1");
        assertThat(nsB.get("k")).isEqualTo("1");
        nsA.set("k", "2");
        Await.until(() -> "2".equals(nsB.get("k")), Duration.ofSeconds(5), "B to see A's write");
        nsA.delete("k");
        Await.until(() -> nsB.get("k") == null, Duration.ofSeconds(5), "B to see A's delete");
        nsB.set("k", "3");
        Await.until(() -> "3".equals(nsA.get("k")), Duration.ofSeconds(5), "A to see B's write");
        nsB.flush();
        Await.until(() -> nsA.get("k") == null, Duration.ofSeconds(5), "A to see B's flush");
    }

    @Test
    void seesWritesOfAnInstanceThatOpenedTheNamespaceBeforeAnyCache() {
        String late = StoreFixture.uniqueName("late");
        try (HstoreKv plain = HstoreKv.builder().dataSource(TestDatabase.dataSource()).schema(schema).sweepInterval(null).open();
             HstoreKv cachedLater = HstoreKv.builder().dataSource(TestDatabase.dataSource()).schema(schema)
                     .sweepInterval(null).nearCache(late, 100).open()) {
            Namespace writer = plain.namespace(late);
            writer.set("k", "before"); // not logged: nobody caches the namespace yet
            Namespace reader = cachedLater.namespace(late); // turns the log on
            assertThat(reader.get("k")).isEqualTo("before");
            assertThat(reader.get("k")).isEqualTo("before");
            assertThat(reader.cacheStats().hits()).isEqualTo(1);
            writer.set("k", "after"); // the same EntryStore, now logging
            Await.until(() -> "after".equals(reader.get("k")), Duration.ofSeconds(5), "the cache to see the plain instance's write");
            writer.delete("k");
            Await.until(() -> reader.get("k") == null, Duration.ofSeconds(5), "the cache to see the plain instance's delete");
        }
    }

    @Test
    void turningTheLogOnWaitsForWritesInFlight() throws Exception {
        String late = StoreFixture.uniqueName("late");
        try (HstoreKv plain = HstoreKv.builder().dataSource(TestDatabase.dataSource()).schema(schema).sweepInterval(null).open()) {
            Namespace writer = plain.namespace(late);
            writer.set("k", "old");
            AtomicReference<HstoreKv> cachedLater = new AtomicReference<>();
            AtomicReference<Namespace> reader = new AtomicReference<>();
            AtomicReference<String> firstRead = new AtomicReference<>();
            Thread opener = new Thread(() -> {
                cachedLater.set(HstoreKv.builder().dataSource(TestDatabase.dataSource()).schema(schema)
                        .sweepInterval(null).nearCache(late, 100).open());
                reader.set(cachedLater.get().namespace(late)); // turns the log on
                firstRead.set(reader.get().get("k"));
            });
            try {
                plain.inTransaction(() -> {
                    writer.set("k", "new"); // not logged (the log is off), not committed yet
                    opener.start();
                    // Without the barrier the opener would read and cache "old" now, and the commit below
                    // (not logged) would leave it stale for good; with it, it waits for this transaction.
                    Await.until(() -> firstRead.get() != null || lockWaits(late) > 0, Duration.ofSeconds(10),
                            "the opener to read or to wait for the transaction");
                    return null;
                });
                opener.join(10_000);
                assertThat(firstRead.get()).isEqualTo("new");
                assertThat(reader.get().get("k")).isEqualTo("new");
                writer.set("k", "logged");
                Await.until(() -> "logged".equals(reader.get().get("k")), Duration.ofSeconds(5), "the cache to see the next write");
            } finally {
                opener.join(10_000);
                if (cachedLater.get() != null) {
                    cachedLater.get().close();
                }
            }
        }
    }

    /** Lock requests on the namespace's partition that are waiting. */
    private long lockWaits(String namespace) {
        try {
            return TestSql.queryLong("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = to_regclass('" + schema + ".ns_" + namespace + "')");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void seesRawSqlThroughTheParentAndTruncate() {
        nsA.set("k", "1");
        nsA.set("other", "x");
        assertThat(nsA.get("k")).isEqualTo("1");
        assertThat(nsA.get("other")).isEqualTo("x");
        rawSql("UPDATE " + schema + ".entries SET value = 'parent' WHERE ns = ? AND key = 'k'", name);
        Await.until(() -> "parent".equals(nsA.get("k")), Duration.ofSeconds(5), "an UPDATE through the parent");
        rawSql("UPDATE " + schema + ".entries SET value = 'again', version = nextval('" + schema + ".versions') WHERE ns = ? AND key = 'k'", name);
        Await.until(() -> "again".equals(nsA.get("k")), Duration.ofSeconds(5), "a second UPDATE through the parent");
        rawSql("INSERT INTO " + schema + ".entries (ns, key, type, value, version) VALUES (?, 'new', 'string', 'n', 1)", name);
        assertThat(nsA.get("new")).isIn(null, "n");
        Await.until(() -> "n".equals(nsA.get("new")), Duration.ofSeconds(5), "an INSERT through the parent");
        rawSql("DELETE FROM " + schema + ".entries WHERE ns = ? AND key = 'new'", name);
        Await.until(() -> nsA.get("new") == null, Duration.ofSeconds(5), "a DELETE through the parent");
        rawSql("TRUNCATE " + schema + ".ns_" + name);
        Await.until(() -> nsA.get("k") == null && nsA.get("other") == null, Duration.ofSeconds(5), "a TRUNCATE");
        nsA.set("k", "again");
        assertThat(nsA.get("k")).isEqualTo("again");
        rawSql("TRUNCATE " + schema + ".entries");
        Await.until(() -> nsA.get("k") == null, Duration.ofSeconds(5), "a TRUNCATE of the parent");
    }

    @Test
    void aLoadRacingALocalWriteDoesNotCacheTheOldValue() throws Exception {
        BlockedLoad load = blockedLoadOf("k", "old");
        nsA.set("k", "new"); // invalidates while the load is in flight
        assertThat(load.finish()).isEqualTo("old");
        assertThat(nsA.get("k")).isEqualTo("new");
        assertThat(nsA.get("k")).isEqualTo("new");
    }

    @Test
    void aLoadRacingAFeedInvalidationDoesNotCacheTheOldValue() throws Exception {
        BlockedLoad load = blockedLoadOf("k", "old");
        long invalidations = nsA.cacheStats().invalidations();
        rawSql("UPDATE " + schema + ".entries SET value = 'new' WHERE ns = ? AND key = 'k'", name);
        Await.until(() -> nsA.cacheStats().invalidations() > invalidations, Duration.ofSeconds(5), "the feed's invalidation");
        assertThat(load.finish()).isEqualTo("old");
        assertThat(nsA.get("k")).isEqualTo("new");
    }

    /** A read of {@code key} (set to {@code value} first) held between its load and its caching. */
    private record BlockedLoad(Thread reader, AtomicReference<String> seen, CountDownLatch release) {
        /** Lets the load go on; returns what the read returned. */
        String finish() throws InterruptedException {
            release.countDown();
            reader.join(5_000);
            return seen.get();
        }
    }

    private BlockedLoad blockedLoadOf(String key, String value) throws InterruptedException {
        nsA.set(key, value);
        return blockedRead(key);
    }

    /** A read of {@code key} held between its load and its caching. */
    private BlockedLoad blockedRead(String key) throws InterruptedException {
        CountDownLatch loaded = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        nsA.afterLoadBeforeCache(() -> {
            loaded.countDown();
            awaitLatch(release);
        });
        AtomicReference<String> seen = new AtomicReference<>();
        Thread reader = new Thread(() -> seen.set(nsA.get(key)));
        reader.start();
        assertThat(loaded.await(5, TimeUnit.SECONDS)).isTrue();
        nsA.afterLoadBeforeCache(null);
        return new BlockedLoad(reader, seen, release);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void concurrentMissesShareOneLoad() throws Exception {
        nsA.set("k", "v");
        settle();
        long loads = nsA.cacheStats().loads();
        BlockedLoad first = blockedRead("k");
        Thread[] others = new Thread[4];
        AtomicLong ok = new AtomicLong();
        for (int i = 0; i < others.length; i++) {
            others[i] = new Thread(() -> {
                if ("v".equals(nsA.get("k"))) {
                    ok.incrementAndGet();
                }
            });
            others[i].start();
        }
        // the others are waiting on the first's load (bounded wait for them to get there)
        Await.until(() -> Arrays.stream(others).allMatch(t -> t.getState() == Thread.State.WAITING
                || !t.isAlive()), Duration.ofSeconds(5), "the other readers to wait");
        first.finish();
        for (Thread t : others) {
            t.join(5_000);
        }
        assertThat(ok.get()).isEqualTo(others.length);
        assertThat(nsA.cacheStats().loads()).isEqualTo(loads + 1);
    }

    @Test
    void aPipelinedReadWaitsForTheLoadInFlightOfItsKey() throws Exception {
        nsA.set("k", "v");
        settle(); // else the feed's invalidation of this write could cancel the load below
        long loads = nsA.cacheStats().loads();
        BlockedLoad single = blockedRead("k");
        AtomicReference<List<Namespace.TypedValue>> pipelined = new AtomicReference<>();
        Thread many = new Thread(() -> pipelined.set(nsA.getEach(List.of("k"))));
        many.start();
        Await.until(() -> many.getState() == Thread.State.WAITING || !many.isAlive(), Duration.ofSeconds(5),
                "the pipelined read to wait or finish");
        assertThat(single.finish()).isEqualTo("v");
        many.join(5_000);
        assertThat(new String(pipelined.get().get(0).bytes(), StandardCharsets.UTF_8)).isEqualTo("v");
        assertThat(nsA.cacheStats().loads()).as("one load for both reads").isEqualTo(loads + 1);
    }

    /**
     * A writer on B bumps a counter; a checker on A reads it through the cache; the feed's backend
     * is killed in the middle. No read may return a value older than one committed a bound ago.
     */
    @Test
    void killingTheFeedConnectionNeverServesStaleReads() throws Exception {
        Duration bound = Duration.ofSeconds(1); // the feed's maximum lag before caches are bypassed
        nsB.set("c", "0");
        int max = 1 << 16;
        AtomicLongArray committedAt = new AtomicLongArray(max);
        AtomicLong latest = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong reads = new AtomicLong();
        AtomicLong checked = new AtomicLong();
        long stopAt = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 1; i < max && System.nanoTime() < stopAt; i++) {
                    nsB.set("c", Integer.toString(i));
                    committedAt.set(i, System.nanoTime());
                    latest.set(i);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // pace, not synchronisation
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
        Thread checker = new Thread(() -> {
            try {
                while (System.nanoTime() < stopAt) {
                    long start = System.nanoTime();
                    long required = 0;
                    for (long i = latest.get(); i > 0; i--) {
                        long at = committedAt.get((int) i);
                        if (at != 0 && start - at >= bound.toNanos()) {
                            required = i;
                            break;
                        }
                    }
                    long value = Long.parseLong(nsA.get("c"));
                    reads.incrementAndGet();
                    if (required > 0) {
                        checked.incrementAndGet();
                    }
                    if (value < required) {
                        throw new AssertionError("stale read: " + value + " but " + required
                                + " was committed more than " + bound + " before the read");
                    }
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
        writer.start();
        checker.start();
        Await.until(() -> reads.get() > 100, Duration.ofSeconds(5), "reads before the kill");
        int pid = a.changeFeed().backendPid();
        long failures = a.changeFeed().failures();
        assertThat(pid).isPositive();
        rawSql("SELECT pg_terminate_backend(?)", pid);
        Await.until(() -> a.changeFeed().failures() > failures, Duration.ofSeconds(5), "the feed to notice");
        Await.until(() -> a.changeFeed().isUp(), Duration.ofSeconds(5), "the feed to reconnect");
        assertThat(a.changeFeed().backendPid()).isNotEqualTo(pid);
        writer.join(10_000);
        checker.join(10_000);
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertThat(nsA.cacheStats().hits()).isPositive();
        // after the writer stopped, A converges on the last value
        String last = Long.toString(latest.get());
        Await.until(() -> last.equals(nsA.get("c")), Duration.ofSeconds(5), "A to see the last write");
    }

    @Test
    void sweeperDeletesChangeRowsOfTransactionsLongFinished() throws Exception {
        String rows = "SELECT count(*) FROM " + schema + ".changes WHERE ns = '" + name + "'";
        nsA.set("first", "v");
        // every transaction below this horizon had finished: the write's did, unless one older than it
        // still runs elsewhere in the cluster (then the sweeper must keep the row, and does)
        String before = TestSql.query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text");
        a.sweepExpired(); // notes a horizon at or above `before`
        nsA.set("second", "v");
        clock.advance(Duration.ofMinutes(9));
        a.sweepExpired();
        assertThat(TestSql.queryLong(rows)).as("kept for ten minutes").isEqualTo(2);
        clock.advance(Duration.ofMinutes(1));
        a.sweepExpired();
        assertThat(TestSql.queryLong(rows + " AND keys = '{second}'")).as("the second write's row stays").isEqualTo(1);
        assertThat(TestSql.queryLong(rows + " AND keys = '{first}' AND tx < '" + before + "'")).as("the first write's row went").isZero();
        clock.advance(Duration.ofMinutes(10));
        a.sweepExpired();
        assertThat(TestSql.queryLong(rows + " AND tx < '" + before + "'")).isZero();
    }

    @Test
    void theChangeLogIsTrimmedWithTheSweeperOff() throws Exception {
        String rows = "SELECT count(*) FROM " + schema + ".changes WHERE ns = '" + name + "'";
        nsA.set("k", "v");
        String before = TestSql.query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text"); // as in the test above
        // Both stores run with sweepInterval(null). Their clock runs ten minutes per check here, so
        // that trimming, on its own schedule, sees the rows age past the retention.
        Await.until(() -> {
            clock.advance(Duration.ofMinutes(10));
            return uncheckedLongQuery(rows + " AND tx < '" + before + "'") == 0;
        }, Duration.ofSeconds(20), "the change log to be trimmed");
    }

    private static long uncheckedLongQuery(String sql) {
        try {
            return TestSql.queryLong(sql);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
