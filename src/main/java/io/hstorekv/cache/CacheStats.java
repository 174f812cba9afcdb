package io.hstorekv.cache;

/**
 * A snapshot of a cache's counters since it was built.
 *
 * @param hits lookups that found a live value
 * @param misses lookups that found nothing (or only an expired value)
 * @param evictions entries removed by the size or weight bound (not by invalidation or expiry)
 * @param loadCount loader invocations by {@link BoundedCache#get}, whatever their outcome
 * @param loadFailures loader invocations that threw
 * @param totalLoadTimeNanos time spent in loaders, measured with the cache's ticker
 */
public record CacheStats(long hits, long misses, long evictions, long loadCount, long loadFailures,
        long totalLoadTimeNanos) {

    public long requests() {
        return hits + misses;
    }

    /** Hits over requests; 1.0 before the first request (nothing has been missed yet). */
    public double hitRatio() {
        long requests = requests();
        return requests == 0 ? 1.0 : (double) hits / requests;
    }
}
