package io.hstorekv.metrics;

import io.hstorekv.NearCacheStats;
import io.hstorekv.Namespace;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The meters of a namespace's near cache ({@code HstoreKv.Builder#nearCache}), tagged
 * {@code cache=<namespace>}: {@code cache.gets{result=hit|miss}}, {@code cache.puts} (entries
 * loaded into memory), {@code cache.evictions} (by the size bound), {@code cache.size}, and
 * {@link #bindNearCacheDetails the near cache's own}. A namespace without a near cache reports zeros.
 *
 * <pre>{@code new NearCacheMetrics(kv.namespace("sessions"), Tags.empty()).bindTo(registry);}</pre>
 */
public final class NearCacheMetrics extends CacheMeterBinder<Namespace> {
    private static final NearCacheStats NONE = new NearCacheStats(0, 0, 0, 0, 0, 0, 0, 0);

    public NearCacheMetrics(Namespace namespace, Iterable<Tag> tags) {
        super(namespace, namespace.name(), tags);
    }

    @Override
    protected Long size() {
        return stats(getCache()).size();
    }

    @Override
    protected long hitCount() {
        return stats(getCache()).hits();
    }

    @Override
    protected Long missCount() {
        return stats(getCache()).misses();
    }

    @Override
    protected Long evictionCount() {
        return stats(getCache()).evictions();
    }

    @Override
    protected long putCount() {
        return stats(getCache()).loads();
    }

    @Override
    protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
        bindNearCacheDetails(getCache(), registry, getTagsWithCacheName());
    }

    /**
     * What only a near cache has, with these tags: {@code cache.invalidations} (keys dropped
     * because of writes, here or on other instances), {@code cache.loads} and
     * {@code cache.load.duration} (reads of PostgreSQL that filled it, and their time in seconds),
     * {@code cache.bypassed} (reads that went to PostgreSQL while the change feed was behind).
     */
    public static void bindNearCacheDetails(Namespace namespace, MeterRegistry registry, Iterable<Tag> tags) {
        counter(registry, "cache.invalidations", "keys dropped from memory because of writes", namespace, tags,
                n -> stats(n).invalidations());
        counter(registry, "cache.loads", "reads of PostgreSQL that filled the near cache", namespace, tags,
                n -> stats(n).loads());
        FunctionCounter.builder("cache.load.duration", namespace,
                        n -> stats(n).loadTimeNanos() / (double) TimeUnit.SECONDS.toNanos(1))
                .tags(Tags.of(tags)).baseUnit("seconds").description("time spent in the near cache's loads")
                .register(registry);
        counter(registry, "cache.bypassed", "reads that bypassed the near cache while its change feed was behind",
                namespace, tags, n -> stats(n).bypassed());
    }

    private static void counter(MeterRegistry registry, String name, String description, Namespace namespace,
                                Iterable<Tag> tags, ToDoubleFunction<Namespace> count) {
        FunctionCounter.builder(name, namespace, count).tags(Tags.of(tags)).description(description).register(registry);
    }

    private static NearCacheStats stats(Namespace namespace) {
        NearCacheStats stats = namespace == null ? null : namespace.cacheStats();
        return stats == null ? NONE : stats;
    }
}
