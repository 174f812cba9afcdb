package io.hstorekv;

/**
 * Counters of a namespace's near cache since it was opened ({@link Namespace#cacheStats()}).
 *
 * @param hits reads answered from memory (including cached absences)
 * @param misses reads that found nothing in memory and went to PostgreSQL
 * @param evictions entries dropped by the size bound
 * @param loads reads of PostgreSQL made to fill the cache (concurrent misses on one key share one)
 * @param loadTimeNanos time spent in those reads
 * @param invalidations keys (or whole-namespace flushes) dropped because of writes, here or elsewhere
 * @param bypassed reads that went straight to PostgreSQL because the change feed was down or
 *                 behind (or inside a transaction)
 * @param size entries held now (approximate)
 */
public record NearCacheStats(long hits, long misses, long evictions, long loads, long loadTimeNanos,
                             long invalidations, long bypassed, long size) {
    /** Hits over hits plus misses; 1.0 before the first read. */
    public double hitRatio() {
        long requests = hits + misses;
        return requests == 0 ? 1.0 : (double) hits / requests;
    }
}
