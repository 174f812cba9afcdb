package io.hstorekv.internal.near;

import io.hstorekv.cache.BoundedCache;
import io.hstorekv.cache.CacheStats;
import io.hstorekv.internal.store.CacheLoads;
import io.hstorekv.internal.store.EntryType;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The near cache of one namespace: each key's type and value (a string's, or a small hash's or
 * set's contents) or its absence, for as long as the row lives, dropped on every write here and on
 * every change the feed reports. Loads are the cache's own single-flight loads
 * ({@link BoundedCache#get(Object, Function, ToLongFunction)}, {@link BoundedCache#getAll}): one
 * read per missing key however many callers want it, and a load that an invalidation overtook
 * (the key invalidated, or everything, while it ran) is returned to its callers but not cached.
 */
public final class NearCache {
    /** What a key held: type null means absent; a small hash's pairs (flat) or a small set's members, else null; until when. */
    public record Entry(EntryType type, String value, String[] fields, Instant expiresAt) {}

    public static final Entry ABSENT = new Entry(null, null, null, null);

    private final String namespace;
    private final NearCaches owner;
    private final CacheLoads loads;
    private final Clock clock;
    private final BoundedCache<String, Entry> cache;
    private final Function<String, Entry> loader = this::load; // bound once: hits must not allocate
    private final LongAdder loadCount = new LongAdder();
    private final LongAdder loadNanos = new LongAdder();
    private final LongAdder invalidations = new LongAdder();
    private final LongAdder bypassed = new LongAdder();
    /** Keys with writes through this store under way, and how many. */
    private final Map<String, Integer> writing = new ConcurrentHashMap<>();

    /** Test hook: runs after a load's read and before it caches the result. */
    public volatile Runnable afterLoadBeforeCache;

    public NearCache(String namespace, NearCacheBound bound, NearCaches owner, CacheLoads loads, Clock clock) {
        this.namespace = namespace;
        this.owner = owner;
        this.loads = loads;
        this.clock = clock;
        BoundedCache.Builder<String, Entry> builder = BoundedCache.<String, Entry>builder()
                .ticker(() -> clock.millis() * 1_000_000L);
        if (bound.unit() == NearCacheBound.Unit.BYTES) {
            builder.maximumWeight(bound.maximum()).weigher(EntryWeights::weigh);
        } else {
            builder.maximumSize(bound.maximum());
        }
        this.cache = builder.build();
    }

    NearCaches owner() {
        return owner;
    }

    /**
     * The key's entry: from memory when the feed is up and no write of the key through this store is
     * under way, else (or on a miss) from PostgreSQL. While a write is under way its commit may be
     * visible to reads of PostgreSQL before its invalidation has run: memory would answer older.
     */
    public Entry get(String key) {
        if (!owner.serving() || beingWritten(key)) {
            bypassed.increment();
            return read(key);
        }
        return cache.get(key, loader, NearCache::expiresAtNanos);
    }

    /**
     * The key's entry when memory holds it and may serve, else null; never reads PostgreSQL (for a
     * thread that must not block). A null is not counted as a miss: the caller's {@link #get} counts it.
     */
    public Entry getIfPresent(String key) {
        return owner.serving() ? cache.hitOrNull(key) : null;
    }

    /**
     * The entries of many keys (a pipeline of GETs): hits from memory, the misses read in one
     * statement (or awaited, where another caller is loading them) and cached. The caller checks
     * that the cache may serve.
     */
    public Map<String, Entry> getAll(List<String> keys) {
        if (!writing.isEmpty() && keys.stream().anyMatch(writing::containsKey)) {
            bypassed.increment();
            return loadMany(keys);
        }
        return cache.getAll(keys, this::loadMany, NearCache::expiresAtNanos);
    }

    private boolean beingWritten(String key) {
        return !writing.isEmpty() && writing.containsKey(key);
    }

    /** A write of the key through this store starts: reads of it go to PostgreSQL until {@link #writeEnded}. */
    void writeStarted(String key) {
        writing.merge(key, 1, Integer::sum);
    }

    void writeEnded(String key) {
        writing.computeIfPresent(key, (k, writers) -> writers == 1 ? null : writers - 1);
    }

    private Entry load(String key) {
        Entry loaded = entry(counted(() -> loads.load(namespace, key, clock.instant())));
        Runnable hook = afterLoadBeforeCache;
        if (hook != null) {
            hook.run();
        }
        return loaded;
    }

    private Map<String, Entry> loadMany(List<String> keys) {
        Map<String, CacheLoads.Loaded> rows = counted(() -> loads.loadMany(namespace, keys, clock.instant()));
        Map<String, Entry> entries = new HashMap<>();
        for (String key : keys) {
            entries.put(key, entry(rows.get(key)));
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

    /** An entry's deadline on the cache's ticker (the store's clock). */
    private static long expiresAtNanos(Entry entry) {
        return entry.expiresAt() == null ? Long.MAX_VALUE : entry.expiresAt().toEpochMilli() * 1_000_000L;
    }

    private Entry read(String key) {
        return entry(loads.load(namespace, key, clock.instant()));
    }

    private static Entry entry(CacheLoads.Loaded row) {
        return row == null ? ABSENT : new Entry(row.type(), row.value(), row.fields(), row.expiresAt());
    }

    /** Drops the key (after a write here, or a change reported by the feed); cancels its load in flight. */
    public void invalidate(String key) {
        cache.invalidate(key);
        invalidations.increment();
    }

    /** Drops every key (a flush, a TRUNCATE, or a lost feed); cancels every load in flight. */
    public void invalidateAll() {
        cache.invalidateAll();
        invalidations.increment();
    }

    /**
     * A write of this key through this namespace: dropped now, and again when a transaction ends
     * (until then, as its commit is still to come, the write stays under way).
     */
    public void written(String key) {
        invalidate(key);
        writeStarted(key);
        if (!owner.afterTransaction(() -> {
            invalidate(key);
            writeEnded(key);
        })) {
            writeEnded(key);
        }
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
}
