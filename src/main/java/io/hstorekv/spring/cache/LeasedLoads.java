package io.hstorekv.spring.cache;

import io.hstorekv.Namespace;
import io.hstorekv.SetOptions;
import io.hstorekv.Versioned;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Loads a missing key once across every instance on the database: the loader runs under a lease,
 * a row of the leases namespace taken with set-if-absent and a time to live, so no connection is
 * held while it runs (a loader that queries the same pool cannot starve it). The lease then
 * carries the result for a while, so that the instances that waited take it from there, whatever
 * their near caches still hold. Whoever waits longer than the load timeout (a lost or slow lease
 * holder) loads itself. A caller that finds a result it did not wait for takes it as stale (the
 * key was evicted after that load) and loads again.
 */
final class LeasedLoads {
    private static final byte RESULT = 1;
    private static final byte[] LOADING = {0};
    private static final long FIRST_PAUSE_MILLIS = 1;
    private static final long LONGEST_PAUSE_MILLIS = 50;

    private final Namespace leases;
    private final Clock clock;

    LeasedLoads(Namespace leases, Clock clock) {
        this.leases = leases;
        this.clock = clock;
    }

    /**
     * The stored bytes of the key: the store's, another instance's load, or the loader's (which
     * stores them itself).
     *
     * @param stored reads the key's stored bytes (null when absent)
     * @param loadAndStore runs the application's loader and stores its result, returning the bytes stored
     */
    byte[] load(String leaseKey, Duration timeout, Supplier<byte[]> stored, Supplier<byte[]> loadAndStore) {
        Instant deadline = clock.instant().plus(timeout);
        long pause = FIRST_PAUSE_MILLIS;
        boolean waited = false;
        while (true) {
            Versioned lease = leases.getVersioned(leaseKey);
            if (lease == null) {
                if (leases.set(leaseKey, LOADING, SetOptions.none().ttl(timeout).ifAbsent()).written()) {
                    return loadUnderLease(leaseKey, timeout, stored, loadAndStore);
                }
                continue; // another instance took it between the read and the write
            }
            byte[] held = lease.bytes();
            if (held[0] == RESULT) {
                if (waited) {
                    return Arrays.copyOfRange(held, 1, held.length);
                }
                // A result from before this call: the key has been evicted since, so it is stale. Take over the lease.
                if (leases.compareAndSet(leaseKey, lease.version(), LOADING, timeout)) {
                    return loadUnderLease(leaseKey, timeout, stored, loadAndStore);
                }
                continue;
            }
            waited = true;
            if (!clock.instant().isBefore(deadline)) {
                return loadAndStore.get();
            }
            pause(pause);
            pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
        }
    }

    private byte[] loadUnderLease(String leaseKey, Duration timeout, Supplier<byte[]> stored, Supplier<byte[]> loadAndStore) {
        byte[] bytes;
        try {
            bytes = stored.get(); // a load that finished before our lease: its result is there
            if (bytes == null) {
                bytes = loadAndStore.get();
            }
        } catch (RuntimeException | Error e) {
            leases.delete(leaseKey); // the waiters take their turn rather than wait out the lease
            throw e;
        }
        byte[] result = new byte[bytes.length + 1];
        result[0] = RESULT;
        System.arraycopy(bytes, 0, result, 1, bytes.length);
        leases.set(leaseKey, result, SetOptions.none().ttl(timeout));
        return bytes;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another instance's load", e);
        }
    }
}
