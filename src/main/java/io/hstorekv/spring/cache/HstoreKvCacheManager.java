package io.hstorekv.spring.cache;

import io.hstorekv.Durability;
import io.hstorekv.HstoreKv;
import io.hstorekv.ValueCodec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.springframework.cache.Cache;
import org.springframework.cache.support.AbstractCacheManager;

/**
 * Spring's {@code CacheManager} on an {@link HstoreKv}: each cache is a namespace (by default named
 * as the cache; see {@link CacheSettings#namespace()}), created on first use with the cache's
 * durability. Caches named in the builder get their own settings, others the defaults (or, with
 * {@link Builder#fixedCaches()}, none at all). A cache's near cache, if any, is configured on the
 * store ({@link HstoreKv.Builder#nearCache}).
 *
 * <pre>{@code
 * HstoreKvCacheManager caches = HstoreKvCacheManager.builder(kv, JsonCodec.anyType())
 *         .cache("books", CacheSettings.DEFAULTS.withTtl(Duration.ofMinutes(10)))
 *         .build();
 * }</pre>
 */
public class HstoreKvCacheManager extends AbstractCacheManager {
    /** The namespace where loads take their leases (see {@link LeasedLoads}); volatile, as leases are short-lived. */
    public static final String LEASES_NAMESPACE = "hstorekv_cache_leases";

    private final HstoreKv kv;
    private final ValueCodec<Object> codec;
    private final Map<String, CacheSettings> configured;
    private final CacheSettings defaults;
    private final boolean fixed;
    private final Executor executor;
    private final Clock clock;
    private volatile LeasedLoads leasedLoads;

    private HstoreKvCacheManager(Builder b) {
        this.kv = b.kv;
        this.codec = b.codec;
        this.configured = Map.copyOf(b.caches);
        this.defaults = b.defaults;
        this.fixed = b.fixed;
        this.executor = b.executor;
        this.clock = b.clock;
    }

    /** A manager whose values are turned into bytes by this codec (e.g. {@code JsonCodec.anyType()}). */
    public static Builder builder(HstoreKv kv, ValueCodec<Object> codec) {
        return new Builder(kv, codec);
    }

    @Override
    protected Collection<? extends Cache> loadCaches() {
        List<Cache> caches = new ArrayList<>();
        configured.forEach((name, settings) -> caches.add(create(name, settings)));
        return caches;
    }

    @Override
    protected Cache getMissingCache(String name) {
        return fixed ? null : create(name, defaults);
    }

    private HstoreKvCache create(String name, CacheSettings settings) {
        return new HstoreKvCache(name, kv.namespace(settings.namespaceFor(name), settings.durability()), codec, settings,
                leasedLoads(), executor);
    }

    private LeasedLoads leasedLoads() {
        if (leasedLoads == null) {
            synchronized (this) {
                if (leasedLoads == null) {
                    leasedLoads = new LeasedLoads(kv.namespace(LEASES_NAMESPACE, Durability.VOLATILE), clock);
                }
            }
        }
        return leasedLoads;
    }

    /** Settings of a manager; {@link #build()} makes it (the caches' namespaces are opened on first use). */
    public static final class Builder {
        private final HstoreKv kv;
        private final ValueCodec<Object> codec;
        private final Map<String, CacheSettings> caches = new LinkedHashMap<>();
        private CacheSettings defaults = CacheSettings.DEFAULTS;
        private boolean fixed;
        private Executor executor = ForkJoinPool.commonPool();
        private Clock clock = Clock.systemUTC();

        private Builder(HstoreKv kv, ValueCodec<Object> codec) {
            this.kv = Objects.requireNonNull(kv, "kv");
            this.codec = Objects.requireNonNull(codec, "codec");
        }

        /** A cache with settings of its own. */
        public Builder cache(String name, CacheSettings settings) {
            caches.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(settings, "settings"));
            return this;
        }

        /** The settings of caches not named with {@link #cache}; default {@link CacheSettings#DEFAULTS}. */
        public Builder defaults(CacheSettings defaults) {
            this.defaults = Objects.requireNonNull(defaults, "defaults");
            return this;
        }

        /** Only the caches named with {@link #cache} exist; asking for another gives null. */
        public Builder fixedCaches() {
            this.fixed = true;
            return this;
        }

        /** Where {@code retrieve} (Spring's asynchronous caching) runs its reads; default the common pool. */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** The clock the wait for another instance's load is timed by; default the system's. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public HstoreKvCacheManager build() {
            HstoreKvCacheManager manager = new HstoreKvCacheManager(this);
            manager.initializeCaches();
            return manager;
        }
    }
}
