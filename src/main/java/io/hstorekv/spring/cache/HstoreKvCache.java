package io.hstorekv.spring.cache;

import io.hstorekv.Namespace;
import io.hstorekv.SetOptions;
import io.hstorekv.SetResult;
import io.hstorekv.ValueCodec;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.springframework.cache.support.AbstractValueAdaptingCache;
import org.springframework.cache.support.NullValue;

/**
 * A Spring {@link org.springframework.cache.Cache} on one namespace: each entry is a key of the
 * namespace, its value the codec's bytes (JSON by default, readable in SQL), with the cache's TTL.
 * A cached null is stored as an empty value, so a codec must never encode a value as no bytes.
 * {@link #clear()} is one statement (a TRUNCATE of the namespace's partition, no key scan).
 * {@link #get(Object, Callable)} runs the loader once per missing key across the threads of this
 * instance and across instances (see {@link LeasedLoads}). Keys are their {@code toString()}, so a
 * key's class must define it (Spring's {@code SimpleKey}, strings, numbers, UUIDs, enums do).
 */
public class HstoreKvCache extends AbstractValueAdaptingCache {
    private static final byte[] NULL_VALUE = new byte[0];
    private static final ClassValue<Boolean> NAMES_ITSELF = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("toString").getDeclaringClass() != Object.class;
            } catch (NoSuchMethodException e) {
                return false;
            }
        }
    };

    private final String name;
    private final Namespace namespace;
    private final ValueCodec<Object> codec;
    private final CacheSettings settings;
    private final LeasedLoads leasedLoads;
    private final Executor executor;
    private final ConcurrentHashMap<String, CompletableFuture<byte[]>> loading = new ConcurrentHashMap<>();
    private final Counters counters = new Counters();

    HstoreKvCache(String name, Namespace namespace, ValueCodec<Object> codec, CacheSettings settings,
                  LeasedLoads leasedLoads, Executor executor) {
        super(settings.allowNullValues());
        this.name = name;
        this.namespace = namespace;
        this.codec = codec;
        this.settings = settings;
        this.leasedLoads = leasedLoads;
        this.executor = executor;
    }

    /** What this cache has done since it was created: what {@code cache.gets}, {@code cache.puts} report. */
    public static final class Counters {
        private final LongAdder hits = new LongAdder();
        private final LongAdder misses = new LongAdder();
        private final LongAdder puts = new LongAdder();
        private final LongAdder removals = new LongAdder();

        public long hits() {
            return hits.sum();
        }

        public long misses() {
            return misses.sum();
        }

        public long puts() {
            return puts.sum();
        }

        /** Entries removed by evict calls. */
        public long removals() {
            return removals.sum();
        }
    }

    @Override
    public String getName() {
        return name;
    }

    /** The namespace behind this cache. */
    @Override
    public Namespace getNativeCache() {
        return namespace;
    }

    public CacheSettings settings() {
        return settings;
    }

    public Counters counters() {
        return counters;
    }

    @Override
    protected Object lookup(Object key) {
        byte[] bytes = namespace.getBytes(keyOf(key));
        (bytes == null ? counters.misses : counters.hits).increment();
        return bytes == null ? null : storeValue(bytes);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Callable<T> valueLoader) {
        String k = keyOf(key);
        byte[] bytes = namespace.getBytes(k);
        if (bytes != null) {
            counters.hits.increment();
        } else {
            counters.misses.increment();
            bytes = loadOnce(k, key, valueLoader);
        }
        return (T) fromStoreValue(storeValue(bytes));
    }

    /** One load per key in this instance (the others join it), under a lease across instances. */
    private byte[] loadOnce(String k, Object key, Callable<?> valueLoader) {
        CompletableFuture<byte[]> mine = new CompletableFuture<>();
        CompletableFuture<byte[]> running = loading.putIfAbsent(k, mine);
        if (running != null) {
            return running.join();
        }
        try {
            byte[] bytes = leasedLoads.load(namespace.name() + ":" + k, settings.loadTimeout(),
                    () -> namespace.getBytes(k), () -> loadAndStore(k, key, valueLoader));
            mine.complete(bytes);
            return bytes;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(k, mine);
        }
    }

    private byte[] loadAndStore(String k, Object key, Callable<?> valueLoader) {
        Object value;
        try {
            value = valueLoader.call();
        } catch (Exception e) {
            throw new ValueRetrievalException(key, valueLoader, e);
        }
        byte[] bytes = encode(value);
        store(k, bytes);
        return bytes;
    }

    @Override
    public CompletableFuture<?> retrieve(Object key) {
        return CompletableFuture.supplyAsync(() -> {
            Object stored = lookup(key);
            return stored == null ? null : toValueWrapper(stored);
        }, executor);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
        return CompletableFuture.supplyAsync(() -> lookup(key), executor).thenCompose(stored -> {
            if (stored != null) {
                return CompletableFuture.completedFuture((T) fromStoreValue(stored));
            }
            return valueLoader.get().thenApplyAsync(value -> {
                put(key, value);
                return value;
            }, executor);
        });
    }

    @Override
    public void put(Object key, Object value) {
        store(keyOf(key), encode(value));
    }

    @Override
    public ValueWrapper putIfAbsent(Object key, Object value) {
        SetResult result = namespace.set(keyOf(key), encode(value), options().ifAbsent().returnPrevious());
        if (result.written()) {
            counters.puts.increment();
            return null;
        }
        return result.previousBytes() == null ? null : toValueWrapper(storeValue(result.previousBytes()));
    }

    @Override
    public void evict(Object key) {
        evictIfPresent(key);
    }

    @Override
    public boolean evictIfPresent(Object key) {
        boolean removed = namespace.delete(keyOf(key));
        if (removed) {
            counters.removals.increment();
        }
        return removed;
    }

    /** Empties the cache in one statement, whatever its size. */
    @Override
    public void clear() {
        namespace.flush();
    }

    @Override
    public boolean invalidate() {
        boolean hadEntries = namespace.randomKey() != null;
        namespace.flush();
        return hadEntries;
    }

    private void store(String k, byte[] bytes) {
        namespace.set(k, bytes, options());
        counters.puts.increment();
    }

    private SetOptions options() {
        return settings.ttl() == null ? SetOptions.none() : SetOptions.none().ttl(settings.ttl());
    }

    private byte[] encode(Object value) {
        Object stored = toStoreValue(value);
        if (stored == NullValue.INSTANCE) {
            return NULL_VALUE;
        }
        byte[] bytes = codec.encode(stored);
        if (bytes.length == 0) {
            throw new IllegalArgumentException("cache " + name + ": the codec encoded a " + stored.getClass().getName()
                    + " as no bytes, which the cache keeps for null");
        }
        return bytes;
    }

    private Object storeValue(byte[] bytes) {
        return bytes.length == 0 ? NullValue.INSTANCE : codec.decode(bytes);
    }

    private String keyOf(Object key) {
        if (key instanceof String s) {
            return s;
        }
        if (key == null || !NAMES_ITSELF.get(key.getClass())) {
            throw new IllegalArgumentException("cache " + name + ": a key must be a String or of a class that defines toString(), got "
                    + (key == null ? "null" : key.getClass().getName()));
        }
        return key.toString();
    }
}
