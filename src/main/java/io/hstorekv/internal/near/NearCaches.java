package io.hstorekv.internal.near;

import io.hstorekv.cache.CacheStats;
import io.hstorekv.internal.store.ChangeFeed;
import io.hstorekv.internal.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The near caches of one store and the change feed that keeps them coherent; see
 * the package notes of {@code io.hstorekv.internal.store} for the design.
 */
public final class NearCaches implements ChangeFeed.Listener, AutoCloseable {
    private final Database database;
    private final Clock clock;
    private final Map<String, NearCacheBound> bounds;
    private final Map<String, NearCache> caches = new ConcurrentHashMap<>();
    private final ChangeFeed feed;
    /** {@link #writeStamp()} while a write of this store is under way. */
    public static final long WRITING = -1;

    /** Writes of this store under way (see {@link #writeStamp()}), and writes ended. */
    private final AtomicInteger writesUnderWay = new AtomicInteger();
    private final AtomicLong writesEnded = new AtomicLong();
    /** Invalidations to repeat when this thread's outermost transaction ends (commit or rollback). */
    private final ThreadLocal<List<Runnable>> pending = new ThreadLocal<>();

    public NearCaches(Database database, Clock clock, Map<String, NearCacheBound> bounds, Duration pollInterval) {
        this.database = database;
        this.clock = clock;
        this.bounds = Map.copyOf(bounds);
        this.feed = database.changeFeed(pollInterval, this);
        feed.start();
    }

    /** The namespace's cache, or null when it has none configured. */
    public NearCache forNamespace(String namespace) {
        NearCacheBound bound = bounds.get(namespace);
        if (bound == null) {
            return null;
        }
        return caches.computeIfAbsent(namespace,
                n -> new NearCache(n, bound, this, database.cacheLoads(n), clock));
    }

    public ChangeFeed feed() {
        return feed;
    }

    /** Whether reads may come from memory on this thread: the feed is up and no transaction is open. */
    public boolean serving() {
        return feed.isUp() && !database.transactionActive();
    }

    /** Runs the invalidation again when this thread's transaction ends; false when there is none. */
    public boolean afterTransaction(Runnable invalidation) {
        List<Runnable> list = pending.get();
        if (list == null) {
            return false;
        }
        list.add(invalidation);
        return true;
    }

    /**
     * Runs a transaction ({@code transaction} opens it), counted as a write under way until the
     * invalidations of every key it wrote have run again after its end.
     */
    public <T> T inTransaction(Supplier<T> transaction) {
        if (pending.get() != null) {
            return transaction.get();
        }
        List<Runnable> list = new ArrayList<>();
        pending.set(list);
        writeStarted();
        try {
            return transaction.get();
        } finally {
            pending.remove();
            list.forEach(Runnable::run);
            writeEnded();
        }
    }

    /**
     * A stamp of this store's own writes: {@link #WRITING} while one is under way (from before its
     * statement to after its invalidations), else a count that changes whenever one ends. Entries
     * read while the stamp stayed the same (and not {@code WRITING}) all hold what the database held
     * at one moment, as far as this store's writes go: none committed in between with its
     * invalidation still to come.
     */
    public long writeStamp() {
        long ended = writesEnded.get();
        return writesUnderWay.get() == 0 ? ended : WRITING;
    }

    void writeStarted() {
        writesUnderWay.incrementAndGet();
    }

    void writeEnded() {
        writesEnded.incrementAndGet();
        writesUnderWay.decrementAndGet();
    }

    @Override
    public void changed(String namespace, String[] keys) {
        NearCache cache = caches.get(namespace);
        if (cache == null) {
            return;
        }
        if (keys == null) {
            cache.invalidateAll();
        } else {
            for (String key : keys) {
                cache.invalidate(key);
            }
        }
    }

    @Override
    public void reset() {
        caches.values().forEach(NearCache::invalidateAll);
    }

    /** Hit ratio over every near cache of the store (1.0 before any read). */
    public double hitRatio() {
        long hits = 0;
        long requests = 0;
        for (NearCache c : caches.values()) {
            CacheStats s = c.stats().cache();
            hits += s.hits();
            requests += s.hits() + s.misses();
        }
        return requests == 0 ? 1.0 : (double) hits / requests;
    }

    @Override
    public void close() {
        feed.close();
        reset();
    }
}
