package io.hstorekv.spring.boot;

import io.hstorekv.NearCacheStats;
import io.hstorekv.metrics.NearCacheMetrics;
import io.hstorekv.spring.cache.HstoreKvCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;

/**
 * A Spring cache's meters by {@code CacheMeterBinder}'s conventions: {@code cache.gets{result=hit|miss}}
 * and {@code cache.puts} as the application saw them (a hit is a value found, in memory or in
 * PostgreSQL), {@code cache.removals} (evictions asked for), and, where the cache's namespace has a
 * near cache, its {@code cache.size}, {@code cache.evictions} (by the size bound) and
 * {@link NearCacheMetrics#bindNearCacheDetails details} (invalidations, loads).
 */
public class HstoreKvCacheMetrics extends CacheMeterBinder<HstoreKvCache> {
    public HstoreKvCacheMetrics(HstoreKvCache cache, Iterable<Tag> tags) {
        super(cache, cache.getName(), tags);
    }

    @Override
    protected Long size() {
        NearCacheStats near = near();
        return near == null ? null : near.size();
    }

    @Override
    protected long hitCount() {
        HstoreKvCache cache = getCache();
        return cache == null ? 0 : cache.counters().hits();
    }

    @Override
    protected Long missCount() {
        HstoreKvCache cache = getCache();
        return cache == null ? null : cache.counters().misses();
    }

    @Override
    protected Long evictionCount() {
        NearCacheStats near = near();
        return near == null ? null : near.evictions();
    }

    @Override
    protected long putCount() {
        HstoreKvCache cache = getCache();
        return cache == null ? 0 : cache.counters().puts();
    }

    @Override
    protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
        HstoreKvCache cache = getCache();
        if (cache == null) {
            return;
        }
        FunctionCounter.builder("cache.removals", cache, c -> c.counters().removals())
                .tags(getTagsWithCacheName()).description("entries removed by evict calls").register(registry);
        if (near() != null) {
            NearCacheMetrics.bindNearCacheDetails(cache.getNativeCache(), registry, getTagsWithCacheName());
        }
    }

    private NearCacheStats near() {
        HstoreKvCache cache = getCache();
        return cache == null ? null : cache.getNativeCache().cacheStats();
    }
}
