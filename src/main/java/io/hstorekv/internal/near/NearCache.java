package io.hstorekv.internal.near;


import io.hstorekv.cache.BoundedCache;
import io.hstorekv.cache.CacheStats;
import io.hstorekv.internal.store.CacheLoads;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The near cache of one namespace: each key's type and value (a string's, or a small hash's or
 * set's contents) or its absence, for as long as the row lives, dropped on every write here and on
 * every change the feed reports. Loads are single-flight, and a load never caches what an invalidation that arrived while it was in flight
 * made stale: every invalidation bumps a counter of the key's stripe (a flush bumps an epoch), and
 * a load caches only if neither moved from before its read to after its put (checked after the put,
 * so an invalidation between check and put cannot be lost).
 */
public final class NearCache {
    /** What a key held: type null means absent; a small hash's pairs (flat) or a small set's members, else null. */
    public record Entry(String type, String value, String[] fields) {}

    public static final Entry ABSENT = new Entry(null, null, null);
    private static final int STRIPES = 64;

    private final String namespace;
    private final NearCaches owner;
    private final CacheLoads loads;
    private final Clock clock;
    private final BoundedCache<String, Entry> cache;
    private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);
    private final AtomicLong epoch = new AtomicLong();
    private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();
    private final LongAdder loadCount = new LongAdder();
    private final LongAdder loadNanos = new LongAdder();
    private final LongAdder invalidations = new LongAdder();
    private final LongAdder bypassed = new LongAdder();

    /** Test hook: runs after a load's read and before it caches the result. */
    public volatile Runnable afterLoadBeforeCache;

    private static final class Flight extends CompletableFuture<Entry> {
        final long stamp;
        final long epoch;

        Flight(long stamp, long epoch) {
            this.stamp = stamp;
            this.epoch = epoch;
        }
    }

    public NearCache(String namespace, long maximumEntries, NearCaches owner, CacheLoads loads, Clock clock) {
        this.namespace = namespace;
        this.owner = owner;
        this.loads = loads;
        this.clock = clock;
        this.cache = BoundedCache.<String, Entry>builder()
                .maximumSize(maximumEntries)
                .ticker(() -> clock.millis() * 1_000_000L)
                .build();
    }

    /** The key's entry: from memory when the feed is up, else (or on a miss) from PostgreSQL. */
    public Entry get(String key) {
        if (!owner.serving()) {
            bypassed.increment();
            return read(key);
        }
        Entry cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        int stripe = stripe(key);
        long stamp = stripes.get(stripe);
        long ep = epoch.get();
        Flight flight = new Flight(stamp, ep);
        Flight running = flights.putIfAbsent(key, flight);
        if (running != null) {
            if (running.stamp == stamp && running.epoch == ep) {
                return join(running);
            }
            return read(key); // that load began before a change: read for ourselves
        }
        try {
            CacheLoads.Loaded row = counted(() -> loads.load(namespace, key, clock.instant()));
            Runnable hook = afterLoadBeforeCache;
            if (hook != null) {
                hook.run();
            }
            Entry loaded = cacheUnlessChanged(key, row, stamp, ep);
            flight.complete(loaded);
            return loaded;
        } catch (RuntimeException | Error e) {
            flight.completeExceptionally(e);
            throw e;
        } finally {
            flights.remove(key, flight);
        }
    }

    /**
     * The entries of many keys (a pipeline of GETs): hits from memory, the misses read in one
     * statement and cached (not single-flight: concurrent GETs of a missing key may each read it).
     * The caller checks that the cache may serve.
     */
    public Map<String, Entry> getAll(List<String> keys) {
        Map<String, Entry> entries = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String key : keys) {
            Entry cached = cache.getIfPresent(key);
            if (cached != null) {
                entries.put(key, cached);
            } else if (!entries.containsKey(key)) {
                entries.put(key, null);
                missing.add(key);
            }
        }
        if (missing.isEmpty()) {
            return entries;
        }
        long[] stamps = new long[missing.size()];
        for (int i = 0; i < stamps.length; i++) {
            stamps[i] = stripes.get(stripe(missing.get(i)));
        }
        long ep = epoch.get();
        Map<String, CacheLoads.Loaded> rows = counted(() -> loads.loadMany(namespace, missing, clock.instant()));
        for (int i = 0; i < stamps.length; i++) {
            String key = missing.get(i);
            entries.put(key, cacheUnlessChanged(key, rows.get(key), stamps[i], ep));
        }
        return entries;
    }

    /** Runs a read of PostgreSQL, counting it (and its time) as a load, failed or not. */
    private <T> T counted(Supplier<T> read) {
        long start = System.nanoTime();
        try {
            return read.get();
        } finally {
            loadCount.increment();
            loadNanos.add(System.nanoTime() - start);
        }
    }

    /**
     * Caches what a load read unless the key's stripe or the epoch moved since before the read (an
     * invalidation may have overtaken it); checked again after the put, so that one arriving between
     * check and put is not lost. Returns the entry.
     */
    private Entry cacheUnlessChanged(String key, CacheLoads.Loaded row, long stamp, long ep) {
        Entry loaded = entry(row);
        long expiresAtNanos = row == null || row.expiresAt() == null ? Long.MAX_VALUE
                : row.expiresAt().toEpochMilli() * 1_000_000L;
        int stripe = stripe(key);
        if (stripes.get(stripe) == stamp && epoch.get() == ep) {
            cache.put(key, loaded, expiresAtNanos);
            if (stripes.get(stripe) != stamp || epoch.get() != ep) {
                cache.invalidate(key);
            }
        }
        return loaded;
    }

    private Entry read(String key) {
        return entry(loads.load(namespace, key, clock.instant()));
    }

    private static Entry entry(CacheLoads.Loaded row) {
        return row == null ? ABSENT : new Entry(row.type(), row.value(), row.fields());
    }

    private static Entry join(Flight flight) {
        try {
            return flight.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    /** Drops the key (after a write here, or a change reported by the feed). */
    public void invalidate(String key) {
        stripes.incrementAndGet(stripe(key));
        flights.remove(key);
        cache.invalidate(key);
        invalidations.increment();
    }

    /** Drops every key (a flush, a TRUNCATE, or a lost feed). */
    public void invalidateAll() {
        epoch.incrementAndGet();
        flights.clear();
        cache.invalidateAll();
        invalidations.increment();
    }

    /** A write of this key through this namespace: dropped now, and again when a transaction ends. */
    public void written(String key) {
        invalidate(key);
        owner.afterTransaction(() -> invalidate(key));
    }

    public void writtenAll() {
        invalidateAll();
        owner.afterTransaction(this::invalidateAll);
    }

    /** The counters behind {@code Namespace.cacheStats()}. */
    public record Counts(CacheStats cache, long loads, long loadTimeNanos, long invalidations, long bypassed, long size) {}

    public Counts stats() {
        return new Counts(cache.stats(), loadCount.sum(), loadNanos.sum(), invalidations.sum(), bypassed.sum(),
                cache.estimatedSize());
    }

    private static int stripe(String key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }
}
