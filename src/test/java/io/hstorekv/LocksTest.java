package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hstorekv.testing.MutableClock;
import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.TestSql;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Leased locks, between two facades on one database (two instances of an application). */
class LocksTest {
    private static final Duration LONG = Duration.ofMinutes(10);
    private static String schema;
    private static HstoreKv first;
    private static HstoreKv second;
    private static final AtomicInteger NAMES = new AtomicInteger();

    @BeforeAll
    static void open() {
        schema = StoreFixture.uniqueName("locks");
        // Each facade's own clock is far off the other's: leases must not depend on them.
        first = StoreFixture.open(schema, new MutableClock(Instant.parse("2001-01-01T00:00:00Z")));
        second = StoreFixture.open(schema, new MutableClock(Instant.parse("2031-01-01T00:00:00Z")));
    }

    @AfterAll
    static void close() {
        first.close();
        second.close();
    }

    private static String freshName() {
        return "job-" + NAMES.incrementAndGet();
    }

    @Test
    void oneHolderAtATimeAndReleaseHandsItOnWithAHigherToken() {
        String name = freshName();
        Lease held = first.lock(name, LONG).tryAcquire().orElseThrow();
        assertThat(second.lock(name, LONG).tryAcquire()).isEmpty();
        assertThat(first.lock(name, LONG).tryAcquire()).as("not reentrant").isEmpty();

        assertThat(held.release()).isTrue();
        Lease next = second.lock(name, LONG).tryAcquire().orElseThrow();
        assertThat(next.token()).isGreaterThan(held.token());
        assertThat(held.release()).as("a released lease cannot release its successor's").isFalse();
        assertThat(held.renew()).isFalse();
        assertThat(second.lock(name, LONG).tryAcquire()).isEmpty();
        next.close();
    }

    @Test
    void anExpiredLeaseIsTakenOverAndItsHolderCanNeitherRenewNorRelease() throws Exception {
        String name = freshName();
        Lease shortLease = first.lock(name, Duration.ofMillis(50)).tryAcquire().orElseThrow();

        // Waits (on the database's clock) until the lease runs out; the facades' clocks stay put.
        Lease successor = second.lock(name, LONG).tryAcquire(Duration.ofMinutes(1)).orElseThrow();

        assertThat(successor.token()).isGreaterThan(shortLease.token());
        assertThat(shortLease.renew()).isFalse();
        assertThat(shortLease.release()).isFalse();
        assertThat(first.lock(name, LONG).tryAcquire()).as("the successor still holds it").isEmpty();
        assertThat(successor.release()).isTrue();
    }

    @Test
    void renewalExtendsTheLeaseOnTheDatabaseClock() {
        String name = freshName();
        Lease lease = first.lock(name, Duration.ofMinutes(1)).tryAcquire().orElseThrow();
        Instant before = lease.expiresAt();

        assertThat(lease.renew(Duration.ofHours(1))).isTrue();

        assertThat(lease.expiresAt()).isAfter(before.plus(Duration.ofMinutes(30)));
        assertThat(second.lock(name, LONG).tryAcquire()).isEmpty();
        assertThat(lease.release()).isTrue();
    }

    @Test
    void aTimedWaitGivesUpWhileTheLeaseRuns() throws Exception {
        String name = freshName();
        Lease held = first.lock(name, LONG).tryAcquire().orElseThrow();

        assertThat(second.lock(name, LONG).tryAcquire(Duration.ofMillis(30))).isEmpty();
        assertThat(second.lock(name, LONG).tryAcquire(Duration.ZERO)).isEmpty();
        held.release();
    }

    @Test
    void aWaiterGetsTheLockWhenItIsReleased() throws Exception {
        String name = freshName();
        Lease held = first.lock(name, LONG).tryAcquire().orElseThrow();
        CompletableFuture<Optional<Lease>> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return second.lock(name, LONG).tryAcquire(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        held.release();

        Lease next = waiter.get().orElseThrow();
        assertThat(next.token()).isGreaterThan(held.token());
        next.release();
    }

    @Test
    void contendersFromTwoFacadesNeverOverlapAndTokensOnlyGrow() throws Exception {
        String name = freshName();
        AtomicInteger inside = new AtomicInteger();
        List<Long> tokens = Collections.synchronizedList(new ArrayList<>());
        List<Integer> overlaps = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            HstoreKv kv = t % 2 == 0 ? first : second;
            runs.add(pool.submit(() -> {
                LeaseLock lock = kv.lock(name, LONG);
                for (int i = 0; i < 15; i++) {
                    try (Lease lease = lock.tryAcquire(Duration.ofMinutes(1)).orElseThrow()) {
                        int holders = inside.incrementAndGet();
                        if (holders != 1) {
                            overlaps.add(holders);
                        }
                        tokens.add(lease.token());
                        inside.decrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> run : runs) {
            run.get();
        }
        pool.shutdown();

        assertThat(overlaps).isEmpty();
        assertThat(tokens).hasSize(120).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aLockTakenInsideARolledBackTransactionIsStillHeld() {
        String name = freshName();
        List<Lease> taken = new ArrayList<>();
        assertThatThrownBy(() -> first.inTransaction(() -> {
            taken.add(first.lock(name, LONG).tryAcquire().orElseThrow());
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");

        assertThat(second.lock(name, LONG).tryAcquire()).isEmpty();
        assertThat(taken.get(0).release()).isTrue();
    }

    @Test
    void badArgumentsAreRefusedBeforeAnythingIsWritten() throws Exception {
        long rows = TestSql.queryLong("SELECT count(*) FROM " + schema + ".locks");
        assertThatThrownBy(() -> first.lock(null, LONG)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key must not be null");
        assertThatThrownBy(() -> first.lock("x", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lease must not be null");
        assertThatThrownBy(() -> first.lock("x", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lease must be 1 ms to 30 days, got PT0S");
        assertThatThrownBy(() -> first.lock("x", Duration.ofDays(31))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("lease must be 1 ms to 30 days");
        assertThatThrownBy(() -> first.lock("x", LONG).tryAcquire(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must not be negative, got PT-1S");
        assertThatThrownBy(() -> first.lock("a".repeat(3000), LONG)).isInstanceOf(IllegalArgumentException.class);
        Lease lease = first.lock(freshName(), LONG).tryAcquire().orElseThrow();
        assertThatThrownBy(() -> lease.renew(Duration.ofMillis(-5))).isInstanceOf(IllegalArgumentException.class);
        assertThat(TestSql.queryLong("SELECT count(*) FROM " + schema + ".locks")).isEqualTo(rows + 1);
        lease.release();
    }
}
