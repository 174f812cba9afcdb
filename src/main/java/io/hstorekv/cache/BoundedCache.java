package io.hstorekv.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntBiFunction;
import java.util.function.ToLongFunction;

/**
 * A concurrent in-process cache bounded by entry count or total weight, evicting with W-TinyLFU
 * (see {@link TinyLfuPolicy}). Entries may carry an absolute deadline on the cache's ticker; an
 * expired entry is never returned. Null keys and values are rejected.
 *
 * <p>Hits touch only the map and a lossy read buffer (no lock, no allocation); writes publish a
 * task to a bounded write buffer. Whichever thread wins a {@code tryLock} replays both buffers into
 * the policy and evicts, so the bound is exact after each maintenance run ({@link #cleanUp()}
 * forces one) and may be exceeded in between by the writes not yet replayed (a small batch, see
 * the package notes).
 */
public final class BoundedCache<K, V> {
    private static final int WRITE_BUFFER_CAPACITY =
            128 * Integer.highestOneBit(Runtime.getRuntime().availableProcessors() * 2 - 1);
    private static final int DRAIN_ROUNDS = 4; // then leave the rest to the next operation
    private static final int WRITE_RETRIES = 100; // spins on a full write buffer before blocking

    private final ConcurrentHashMap<K, Node<K, V>> data = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<K, Load<V>> loads = new ConcurrentHashMap<>();
    private final ReadBuffer<Node<K, V>> readBuffer = new ReadBuffer<>();
    private final WriteBuffer writeBuffer = new WriteBuffer(WRITE_BUFFER_CAPACITY);
    private final ReentrantLock evictionLock = new ReentrantLock();
    private final TinyLfuPolicy<K, V> policy;
    private final Consumer<Node<K, V>> recordAccess; // bound once so draining does not allocate
    private final ToIntBiFunction<? super K, ? super V> weigher; // null: every entry weighs 1
    private final LongSupplier ticker;
    private final int writeBatch; // pending writes that trigger maintenance
    private volatile boolean drainRequired;
    // Read on every hit, so kept apart from the policy's state that maintenance writes all the time
    // (sharing a cache line with it would cost each hit a miss on multi-core); written once.
    private volatile boolean recordReads;
    // Set once a second thread has run maintenance: from then on full read buffers drain only now
    // and then (see ReadBuffer#offer), as Caffeine's asynchronous maintenance drops reads while it
    // lags, so that threads hitting at memory speed do not spend their time replaying each other's
    // reads into the policy (two threads read 7x faster when no read is recorded). One thread alone
    // records every read, so single-threaded use, and the hit-ratio traces, are exact.
    private volatile boolean sharedByThreads;
    private Thread lastMaintainer; // under the eviction lock

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder loadCount = new LongAdder();
    private final LongAdder loadFailures = new LongAdder();
    private final LongAdder loadNanos = new LongAdder();

    private BoundedCache(Builder<K, V> builder) {
        this.weigher = builder.weigher;
        this.ticker = builder.ticker;
        long maximum = weigher == null ? builder.maximumSize : builder.maximumWeight;
        long seed = builder.seed != null ? builder.seed : ThreadLocalRandom.current().nextLong();
        this.policy = new TinyLfuPolicy<>(maximum, weigher != null, data::mappingCount, ticker, seed,
                this::evictFromMap);
        this.recordAccess = policy::onAccess;
        this.recordReads = policy.sketchReady;
        // Batching writes amortizes the lock and the policy pass (which matters most when threads
        // contend), at the price of overshooting the bound by up to writeBatch - 1 entries until the
        // next maintenance; capped at ~1.5% of the bound so small caches stay exact.
        this.writeBatch = (int) Math.max(1, Math.min(16, maximum / 64));
    }

    public static <K, V> Builder<K, V> builder() {
        return new Builder<>();
    }

    /** The live value for the key, or null if absent or expired. */
    public V getIfPresent(K key) {
        V value = hitOrNull(key);
        if (value == null) {
            misses.increment();
        }
        return value;
    }

    /**
     * The live value for the key, counted as a hit; or null, not counted as a miss: for a caller
     * that tries memory first and on null calls {@link #get}, which counts the miss once.
     */
    public V hitOrNull(K key) {
        Objects.requireNonNull(key, "key must not be null");
        Node<K, V> node = data.get(key);
        if (node == null) {
            return null;
        }
        V value = liveValue(node);
        if (value == null) {
            removeIfExpired(node);
            return null;
        }
        hits.increment();
        afterRead(node);
        return value;
    }

    /**
     * The live value for the key, loading it on a miss. Concurrent misses on one key share a single
     * loader call; the others wait for its outcome (value, null, or exception). A null result is
     * returned but not cached. A put or invalidate of the key while the loader runs wins: the loaded
     * value is still returned to the waiting callers but is not cached over the newer state.
     *
     * @throws IllegalStateException if the loader recursively loads the same key
     */
    public V get(K key, Function<? super K, ? extends V> loader) {
        return get(key, loader, value -> Long.MAX_VALUE);
    }

    /**
     * As {@link #get(Object, Function)}, caching a loaded value until the deadline that
     * {@code expiresAtNanos} gives for it on the cache's ticker ({@link Long#MAX_VALUE}: never); a
     * value whose deadline has already passed is returned but not cached.
     */
    public V get(K key, Function<? super K, ? extends V> loader, ToLongFunction<? super V> expiresAtNanos) {
        Objects.requireNonNull(loader, "loader must not be null");
        V value = getIfPresent(key);
        return value != null ? value
                : loadMissing(List.of(key), missing -> Collections.singletonMap(key, loader.apply(key)), expiresAtNanos).get(key);
    }

    /**
     * The live values of the keys, the misses loaded by one call of {@code loader} (given the
     * missing keys, it returns the values it found; a key it leaves out maps to null, not cached).
     * Loads are single-flight with {@link #get}: a key that another caller is loading is awaited
     * rather than loaded again, a put or invalidate of a key while its load runs wins, and a loaded
     * value is cached until its deadline, as there.
     *
     * @throws IllegalStateException if the loader recursively loads a key it is loading
     */
    public Map<K, V> getAll(Collection<? extends K> keys, Function<? super List<K>, ? extends Map<? extends K, ? extends V>> loader,
                            ToLongFunction<? super V> expiresAtNanos) {
        Objects.requireNonNull(loader, "loader must not be null");
        Map<K, V> values = new HashMap<>();
        Set<K> missing = new LinkedHashSet<>();
        for (K key : keys) {
            if (!values.containsKey(key) && !missing.contains(key)) {
                V value = getIfPresent(key);
                if (value != null) {
                    values.put(key, value);
                } else {
                    missing.add(key);
                }
            }
        }
        if (!missing.isEmpty()) {
            values.putAll(loadMissing(missing, loader, expiresAtNanos));
        }
        return values;
    }

    public void put(K key, V value) {
        put(key, value, Long.MAX_VALUE);
    }

    /**
     * Caches the value until {@code expiresAtNanos} on the cache's ticker ({@link Long#MAX_VALUE}:
     * never). A deadline already past removes any cached value instead.
     */
    public void put(K key, V value, long expiresAtNanos) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(value, "value must not be null");
        if (expiresAtNanos != Long.MAX_VALUE && Node.isExpired(expiresAtNanos, ticker.getAsLong())) {
            invalidate(key);
            return;
        }
        cancelLoad(key);
        store(key, value, expiresAtNanos, false);
    }

    public void invalidate(K key) {
        Objects.requireNonNull(key, "key must not be null");
        cancelLoad(key);
        Node<K, V> removed = unmap(key, null, false);
        if (removed != null) {
            afterWrite(() -> policy.onRemove(removed));
        }
    }

    public void invalidateAll() {
        loads.clear();
        evictionLock.lock();
        try {
            maintenance();
            for (Node<K, V> node : data.values()) {
                if (unmap(node.key, node, false) != null) {
                    policy.onRemove(node); // we hold the lock, so no need to queue the removal
                }
            }
        } finally {
            evictionLock.unlock();
        }
    }

    /** The number of mapped entries, including any expired ones not yet removed. */
    public long estimatedSize() {
        return data.mappingCount();
    }

    public CacheStats stats() {
        return new CacheStats(hits.sum(), misses.sum(), evictions.sum(), loadCount.sum(),
                loadFailures.sum(), loadNanos.sum());
    }

    /** Replays pending reads and writes into the policy and evicts down to the bound now. */
    public void cleanUp() {
        evictionLock.lock();
        try {
            maintenance();
        } finally {
            evictionLock.unlock();
        }
    }

    /** Total weight of the entries the policy knows about (entry count when unweighted); for tests. */
    long weightedSize() {
        evictionLock.lock();
        try {
            return policy.weightedSize();
        } finally {
            evictionLock.unlock();
        }
    }

    // ---- read and write paths ----

    @SuppressWarnings("unchecked")
    private V liveValue(Node<K, V> node) {
        Object raw = node.rawValue();
        if (raw instanceof Node.Expiring e) {
            if (Node.isExpired(e.expiresAt(), ticker.getAsLong())) {
                return null;
            }
            raw = e.value();
        }
        return (V) raw;
    }

    private void afterRead(Node<K, V> node) {
        boolean drain;
        if (recordReads) {
            drain = readBuffer.offer(node, sharedByThreads) == ReadBuffer.FULL;
        } else {
            // Until the cache is half full nothing can be evicted, so access order is not worth
            // recording; but the writes still pending may be what makes it half full.
            drain = writeBuffer.pending() > 0;
        }
        if (drain || drainRequired) {
            scheduleDrain();
        }
    }

    /**
     * Maps the value, as a new node or by updating the current one in place, and tells the policy.
     * With {@code defer} (when called inside another map's compute, where we must not block on the
     * eviction lock) the bookkeeping is returned for the caller to run afterwards instead.
     */
    private Runnable store(K key, V value, long expiresAt, boolean defer) {
        int weight = weigh(key, value);
        Node<K, V> created = null;
        for (;;) {
            Node<K, V> prior = data.get(key);
            if (prior == null) {
                if (created == null) {
                    created = new Node<>(key, value, weight, expiresAt);
                }
                prior = data.putIfAbsent(key, created);
                if (prior == null) {
                    Node<K, V> added = created;
                    return afterStore(() -> policy.onAdd(added), defer);
                }
            }
            int oldWeight;
            synchronized (prior) {
                if (prior.isRetired()) {
                    continue; // being removed; retry against the map
                }
                oldWeight = prior.weight();
                prior.update(value, weight, expiresAt);
            }
            Node<K, V> updated = prior;
            if (oldWeight != weight) {
                return afterStore(() -> policy.onUpdate(updated), defer);
            }
            // Same weight: the policy only needs to see an access, which the cheap read path records.
            if (defer) {
                return () -> afterRead(updated);
            }
            afterRead(updated);
            return null;
        }
    }

    private Runnable afterStore(Runnable task, boolean defer) {
        if (defer) {
            return () -> afterWrite(task);
        }
        afterWrite(task);
        return null;
    }

    private int weigh(K key, V value) {
        if (weigher == null) {
            return 1;
        }
        int weight = weigher.applyAsInt(key, value);
        if (weight < 0) {
            throw new IllegalArgumentException("weigher returned a negative weight " + weight + " for key " + key);
        }
        return weight;
    }

    /**
     * Removes the key's node from the map if it is {@code expected} (any node if null) and, if asked,
     * still expired; retires it under its monitor so a racing update retries instead of writing
     * into a dead node. Returns the removed node, or null.
     */
    private Node<K, V> unmap(K key, Node<K, V> expected, boolean onlyIfExpired) {
        @SuppressWarnings("unchecked")
        Node<K, V>[] removed = new Node[1];
        data.computeIfPresent(key, (k, current) -> {
            if (expected != null && current != expected) {
                return current;
            }
            synchronized (current) {
                if (onlyIfExpired && liveValue(current) != null) {
                    return current; // refreshed by a put since we looked
                }
                current.retire();
            }
            removed[0] = current;
            return null;
        });
        return removed[0];
    }

    private void removeIfExpired(Node<K, V> node) {
        if (unmap(node.key, node, true) != null) {
            afterWrite(() -> policy.onRemove(node));
        }
    }

    private void evictFromMap(Node<K, V> node) {
        if (unmap(node.key, node, false) != null) {
            evictions.increment();
        }
    }

    // ---- maintenance ----

    private void afterWrite(Runnable task) {
        for (int attempt = 0; !writeBuffer.offer(task); attempt++) {
            // Full. Usually another thread is draining it right now and slots free up within
            // microseconds, so help if the lock is free and spin briefly; only then block on the lock
            // and drain ourselves (the back-pressure that keeps the buffer bounded). Parking at once
            // would cost a context switch per write when writers outpace one maintenance run.
            if (attempt < WRITE_RETRIES) {
                scheduleDrain();
                Thread.onSpinWait();
            } else {
                cleanUp();
            }
        }
        if (writeBuffer.pending() >= writeBatch || drainRequired) {
            scheduleDrain();
        }
    }

    /**
     * Runs maintenance if the lock is free. A batch of writes queued while another thread held the
     * lock is picked up by that thread's re-check after unlocking; after a few rounds the work is
     * left to the next operation (flagged by {@code drainRequired}) so no caller drains forever.
     */
    private void scheduleDrain() {
        for (int round = 0; round < DRAIN_ROUNDS; round++) {
            if (!evictionLock.tryLock()) {
                return;
            }
            try {
                maintenance();
            } finally {
                evictionLock.unlock();
            }
            if (writeBuffer.pending() < writeBatch) {
                return;
            }
        }
        drainRequired = true;
    }

    private void maintenance() {
        if (drainRequired) { // written only when set: readers on other cores keep their copy of the line
            drainRequired = false;
        }
        Thread current = Thread.currentThread();
        if (lastMaintainer != current) {
            if (lastMaintainer != null && !sharedByThreads) {
                sharedByThreads = true;
            }
            lastMaintainer = current;
        }
        policy.beginMaintenance();
        readBuffer.drainTo(recordAccess);
        for (int i = 0; i < WRITE_BUFFER_CAPACITY; i++) {
            Runnable task = writeBuffer.poll();
            if (task == null) {
                break;
            }
            task.run();
        }
        policy.evictEntries();
        policy.climb();
        if (!recordReads && policy.sketchReady) {
            recordReads = true;
        }
    }

    // ---- single-flight loading ----

    /** An in-flight load; waiters join it, the owner completes it. */
    private static final class Load<V> extends CompletableFuture<V> {
        final Thread owner = Thread.currentThread();
    }

    /** The values of keys that missed: loaded by this caller, or awaited where another caller is loading them. */
    private Map<K, V> loadMissing(Collection<K> keys, Function<? super List<K>, ? extends Map<? extends K, ? extends V>> loader,
                                  ToLongFunction<? super V> expiresAtNanos) {
        Objects.requireNonNull(expiresAtNanos, "expiresAtNanos must not be null");
        Map<K, Load<V>> mine = new LinkedHashMap<>();
        Map<K, Load<V>> others = new HashMap<>();
        for (K key : keys) {
            Load<V> load = new Load<>();
            Load<V> running = loads.putIfAbsent(key, load);
            if (running == null) {
                mine.put(key, load);
            } else if (running.owner == Thread.currentThread()) {
                IllegalStateException recursive = new IllegalStateException("recursive load of key " + key);
                mine.forEach((k, own) -> {
                    loads.remove(k, own);
                    own.completeExceptionally(recursive);
                });
                throw recursive;
            } else {
                others.put(key, running);
            }
        }
        Map<K, V> values = new HashMap<>();
        if (!mine.isEmpty()) {
            load(mine, loader, expiresAtNanos, values); // ours first: the others may be waiting for them
        }
        others.forEach((key, load) -> values.put(key, await(load)));
        return values;
    }

    /** Loads the keys registered as {@code mine}, puts what they hold into {@code values}, and completes their loads. */
    private void load(Map<K, Load<V>> mine, Function<? super List<K>, ? extends Map<? extends K, ? extends V>> loader,
                      ToLongFunction<? super V> expiresAtNanos, Map<K, V> values) {
        Throwable failure = null;
        try {
            List<K> missing = new ArrayList<>(mine.size());
            for (K key : mine.keySet()) {
                // A previous load may have stored the value between our miss and our registration.
                Node<K, V> node = data.get(key);
                V value = node == null ? null : liveValue(node);
                if (value != null) {
                    values.put(key, value);
                } else {
                    missing.add(key);
                }
            }
            Map<? extends K, ? extends V> loaded = missing.isEmpty() ? Map.of() : callLoader(() -> loader.apply(missing));
            for (K key : missing) {
                V value = loaded.get(key);
                values.put(key, value);
                if (value != null) {
                    storeIfStillLoading(key, value, expiresAtNanos.applyAsLong(value), mine.get(key));
                }
            }
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            for (Map.Entry<K, Load<V>> load : mine.entrySet()) {
                loads.remove(load.getKey(), load.getValue());
                if (failure == null) {
                    load.getValue().complete(values.get(load.getKey()));
                } else {
                    load.getValue().completeExceptionally(failure);
                }
            }
        }
    }

    private <R> R callLoader(Supplier<R> loader) {
        long start = ticker.getAsLong();
        try {
            return loader.get();
        } catch (RuntimeException | Error e) {
            loadFailures.increment();
            throw e;
        } finally {
            loadCount.increment();
            loadNanos.add(ticker.getAsLong() - start);
        }
    }

    /**
     * Caches a loaded value unless a put or invalidate cancelled the load meanwhile (atomically), or
     * its deadline has passed.
     */
    private void storeIfStillLoading(K key, V value, long expiresAt, Load<V> mine) {
        Runnable[] followUp = {null};
        loads.computeIfPresent(key, (k, load) -> {
            if (load != mine) {
                return load;
            }
            if (expiresAt == Long.MAX_VALUE || !Node.isExpired(expiresAt, ticker.getAsLong())) {
                followUp[0] = store(key, value, expiresAt, true);
            }
            return null;
        });
        if (followUp[0] != null) {
            followUp[0].run();
        }
    }

    private void cancelLoad(K key) {
        if (!loads.isEmpty()) {
            loads.remove(key);
        }
    }

    private static <V> V await(Load<V> load) {
        try {
            return load.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Configures a {@link BoundedCache}: exactly one of a size bound or a weight bound plus weigher. */
    public static final class Builder<K, V> {
        private long maximumSize = -1;
        private long maximumWeight = -1;
        private ToIntBiFunction<? super K, ? super V> weigher;
        private LongSupplier ticker = System::nanoTime;
        private Long seed;

        private Builder() {}

        /** Bounds the number of entries. */
        public Builder<K, V> maximumSize(long maximumSize) {
            if (maximumSize < 0) {
                throw new IllegalArgumentException("maximumSize must be >= 0, was " + maximumSize);
            }
            this.maximumSize = maximumSize;
            return this;
        }

        /** Bounds the total weight of the entries, as computed by {@link #weigher}. */
        public Builder<K, V> maximumWeight(long maximumWeight) {
            if (maximumWeight < 0) {
                throw new IllegalArgumentException("maximumWeight must be >= 0, was " + maximumWeight);
            }
            this.maximumWeight = maximumWeight;
            return this;
        }

        /** Weighs an entry when it is stored; weights must be non-negative (0 = never evicted for size). */
        public Builder<K, V> weigher(ToIntBiFunction<? super K, ? super V> weigher) {
            this.weigher = Objects.requireNonNull(weigher, "weigher must not be null");
            return this;
        }

        /** The clock for deadlines and load timing, in nanoseconds (default {@link System#nanoTime}). */
        public Builder<K, V> ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker must not be null");
            return this;
        }

        /**
         * Seeds the random admission of warm candidates (the hash-flooding defence) so that a
         * single-threaded replay is exactly reproducible; by default each cache picks a random seed.
         */
        public Builder<K, V> admissionSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public BoundedCache<K, V> build() {
            if (maximumSize >= 0 && maximumWeight >= 0) {
                throw new IllegalStateException("set either maximumSize or maximumWeight, not both");
            }
            if (maximumWeight >= 0 && weigher == null) {
                throw new IllegalStateException("maximumWeight requires a weigher");
            }
            if (weigher != null && maximumWeight < 0) {
                throw new IllegalStateException("a weigher requires maximumWeight");
            }
            if (maximumSize < 0 && maximumWeight < 0) {
                throw new IllegalStateException("set maximumSize or maximumWeight: the cache must be bounded");
            }
            return new BoundedCache<>(this);
        }
    }
}
