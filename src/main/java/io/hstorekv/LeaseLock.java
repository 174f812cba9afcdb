package io.hstorekv;

import io.hstorekv.internal.Limits;
import io.hstorekv.internal.store.LockStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A named lock shared by every instance on the database, held for a lease (from
 * {@link HstoreKv#lock(String, Duration)}). Each acquisition gets a {@link Lease} with a fencing
 * token that grows with every acquisition of the name: hand it to whatever the lock protects, which
 * refuses a token lower than one it has seen, so a holder that paused past its lease cannot write
 * over its successor. Leases run on the database's clock, so the instances' clocks do not matter.
 *
 * <p>The lock is not reentrant: while a lease runs, every {@code tryAcquire} fails, the holder's
 * own included. Its statements run on their own connection, outside the caller's transaction.
 */
public final class LeaseLock {
    /** First pause between attempts while waiting; it doubles up to {@link #LONGEST_PAUSE}. */
    private static final Duration FIRST_PAUSE = Duration.ofMillis(2);
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(100);

    private final String name;
    private final Duration lease;
    private final LockStore store;

    LeaseLock(String name, Duration lease, LockStore store) {
        this.name = name;
        this.lease = lease;
        this.store = store;
    }

    public String name() {
        return name;
    }

    /** The length of each lease this lock hands out. */
    public Duration lease() {
        return lease;
    }

    /** Takes the lock if nobody's lease on it is running; empty if one is. */
    public Optional<Lease> tryAcquire() {
        LockStore.Held held = store.tryAcquire(name, lease);
        return held == null ? Optional.empty() : Optional.of(new Lease(name, lease, held, store));
    }

    /**
     * Takes the lock, waiting up to {@code timeout} (measured on this machine: it is a wait, not a
     * lease) for the running lease to be released or to run out; empty if it is still held then.
     *
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public Optional<Lease> tryAcquire(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + Limits.timeout(timeout).toNanos();
        long pause = FIRST_PAUSE.toNanos();
        while (true) {
            Optional<Lease> acquired = tryAcquire();
            long left = deadline - System.nanoTime();
            if (acquired.isPresent() || left <= 0) {
                return acquired;
            }
            // Polling, with a growing pause: a release is seen within LONGEST_PAUSE.
            LockSupport.parkNanos(Math.min(pause, left));
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for lock " + name);
            }
            pause = Math.min(pause * 2, LONGEST_PAUSE.toNanos());
        }
    }

    /** The same, with the timeout in a unit, as {@link java.util.concurrent.locks.Lock#tryLock(long, TimeUnit)}. */
    public Optional<Lease> tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        return tryAcquire(Duration.of(timeout, unit.toChronoUnit()));
    }
}
