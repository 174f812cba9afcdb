package io.hstorekv;

import io.hstorekv.internal.Limits;
import io.hstorekv.internal.store.LockStore;
import java.time.Duration;
import java.time.Instant;

/**
 * One acquisition of a {@link LeaseLock}: held until {@link #expiresAt()} (the database's clock)
 * unless renewed or released. Closing it releases it, so it fits try-with-resources.
 */
public final class Lease implements AutoCloseable {
    private final String name;
    private final Duration length;
    private final long token;
    private final LockStore store;
    private volatile Instant expiresAt;

    Lease(String name, Duration length, LockStore.Held held, LockStore store) {
        this.name = name;
        this.length = length;
        this.token = held.token();
        this.expiresAt = held.expiresAt();
        this.store = store;
    }

    /** The lock's name. */
    public String name() {
        return name;
    }

    /**
     * The fencing token: higher than that of every earlier acquisition of this lock name, by any
     * instance. A protected resource that remembers the highest token it saw and refuses lower ones
     * is safe from a holder whose lease ran out while it was paused.
     */
    public long token() {
        return token;
    }

    /** When the lease ends by the database's clock, as of its acquisition or last renewal. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** Extends the lease by the lock's lease length from now; false if it had already ended (then the lock may be another's). */
    public boolean renew() {
        return renew(length);
    }

    /** Extends the lease to {@code lease} from now (database clock); false if it had already ended. */
    public boolean renew(Duration lease) {
        Instant renewed = store.renew(name, token, Limits.lease(lease));
        if (renewed == null) {
            return false;
        }
        expiresAt = renewed;
        return true;
    }

    /** Ends the lease now, so another can take the lock; false if it had already ended. */
    public boolean release() {
        return store.release(name, token);
    }

    /** {@link #release()}, ignoring whether the lease was still running. */
    @Override
    public void close() {
        release();
    }
}
