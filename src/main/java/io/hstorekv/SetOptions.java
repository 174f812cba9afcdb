package io.hstorekv;

import java.time.Duration;
import java.time.Instant;

/**
 * Options of a string write, as Redis's SET has them. Immutable; each method returns a copy:
 * {@code SetOptions.none().ttl(Duration.ofMinutes(5)).ifAbsent()}.
 */
public final class SetOptions {
    final Duration ttl;
    final Instant expireAt;
    final boolean keepTtl;
    final boolean ifAbsent;
    final boolean ifPresent;
    final boolean returnPrevious;

    private SetOptions(Duration ttl, Instant expireAt, boolean keepTtl, boolean ifAbsent, boolean ifPresent,
                       boolean returnPrevious) {
        this.ttl = ttl;
        this.expireAt = expireAt;
        this.keepTtl = keepTtl;
        this.ifAbsent = ifAbsent;
        this.ifPresent = ifPresent;
        this.returnPrevious = returnPrevious;
    }

    /** No options: a plain set that clears any TTL. */
    public static SetOptions none() {
        return new SetOptions(null, null, false, false, false, false);
    }

    /** Expire after this long (EX / PX). */
    public SetOptions ttl(Duration ttl) {
        return new SetOptions(ttl, null, keepTtl, ifAbsent, ifPresent, returnPrevious);
    }

    /** Expire at this instant (EXAT / PXAT). */
    public SetOptions expireAt(Instant at) {
        return new SetOptions(null, at, keepTtl, ifAbsent, ifPresent, returnPrevious);
    }

    /** Keep the key's current TTL (KEEPTTL). */
    public SetOptions keepTtl() {
        return new SetOptions(ttl, expireAt, true, ifAbsent, ifPresent, returnPrevious);
    }

    /** Write only if the key is absent (NX). */
    public SetOptions ifAbsent() {
        return new SetOptions(ttl, expireAt, keepTtl, true, ifPresent, returnPrevious);
    }

    /** Write only if the key is present (XX). */
    public SetOptions ifPresent() {
        return new SetOptions(ttl, expireAt, keepTtl, ifAbsent, true, returnPrevious);
    }

    /** Return the previous value (GET); fails with WRONGTYPE if the key holds a hash or set. */
    public SetOptions returnPrevious() {
        return new SetOptions(ttl, expireAt, keepTtl, ifAbsent, ifPresent, true);
    }
}
