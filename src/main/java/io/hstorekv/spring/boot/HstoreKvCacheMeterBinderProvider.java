package io.hstorekv.spring.boot;

import io.hstorekv.spring.cache.HstoreKvCache;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;

/** Lets Boot's cache metrics bind our caches ({@link HstoreKvCacheMetrics}). */
public class HstoreKvCacheMeterBinderProvider implements CacheMeterBinderProvider<HstoreKvCache> {
    @Override
    public MeterBinder getMeterBinder(HstoreKvCache cache, Iterable<Tag> tags) {
        return new HstoreKvCacheMetrics(cache, tags);
    }
}
