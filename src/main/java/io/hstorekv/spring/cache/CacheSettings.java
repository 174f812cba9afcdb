package io.hstorekv.spring.cache;

import io.hstorekv.Durability;
import java.time.Duration;
import java.util.Objects;

/**
 * How one cache is kept: its namespace (null: the cache's own name), its entries' time to live
 * (null: no expiry), the namespace's durability when the cache creates it, whether null values are
 * cached, and how long a {@code get(key, loader)} waits for another instance's load of the same
 * key before loading itself. Immutable; the {@code with*} methods return changed copies.
 */
public record CacheSettings(String namespace, Duration ttl, Durability durability, boolean allowNullValues,
                            Duration loadTimeout) {
    /** No namespace mapping, no TTL, {@link Durability#ASYNC} (a cache can lose its last writes), nulls cached, 10 s loads. */
    public static final CacheSettings DEFAULTS = new CacheSettings(null, null, Durability.ASYNC, true, Duration.ofSeconds(10));

    public CacheSettings {
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(loadTimeout, "loadTimeout");
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("ttl must be positive (null: no expiry), got " + ttl);
        }
        if (loadTimeout.isNegative() || loadTimeout.isZero()) {
            throw new IllegalArgumentException("loadTimeout must be positive, got " + loadTimeout);
        }
    }

    public CacheSettings withNamespace(String namespace) {
        return new CacheSettings(namespace, ttl, durability, allowNullValues, loadTimeout);
    }

    public CacheSettings withTtl(Duration ttl) {
        return new CacheSettings(namespace, ttl, durability, allowNullValues, loadTimeout);
    }

    public CacheSettings withDurability(Durability durability) {
        return new CacheSettings(namespace, ttl, durability, allowNullValues, loadTimeout);
    }

    public CacheSettings withAllowNullValues(boolean allowNullValues) {
        return new CacheSettings(namespace, ttl, durability, allowNullValues, loadTimeout);
    }

    public CacheSettings withLoadTimeout(Duration loadTimeout) {
        return new CacheSettings(namespace, ttl, durability, allowNullValues, loadTimeout);
    }

    /** The namespace of a cache of this name. */
    public String namespaceFor(String cacheName) {
        return namespace != null ? namespace : cacheName;
    }
}
