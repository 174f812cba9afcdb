package io.hstorekv.cache;

/**
 * Count-Min sketch of recent access frequency with 4-bit counters (saturating at 15), used by
 * TinyLFU to decide whether a new entry is worth more than the one it would displace.
 *
 * <p>Layout: each long holds sixteen counters; a key's four counters (one per row) all fall in one
 * 64-byte block of eight longs so a lookup touches a single cache line. Aging: after
 * {@code 10 * capacity} increments every counter is halved, so the sketch reflects recent history
 * and stale popularity fades. Not thread-safe: used under the eviction lock.
 */
final class FrequencySketch {
    private static final long ONE_BITS = 0x1111_1111_1111_1111L;
    private static final long HALF_MASK = 0x7777_7777_7777_7777L;

    private long[] table;
    private int blockMask;
    private int sampleSize;
    private int additions;

    /** Sizes the table for about {@code maximum} distinct hot keys; a no-op if already large enough. */
    void ensureCapacity(long maximum) {
        int max = (int) Math.min(Math.max(maximum, 1), 1 << 30);
        if (table != null && table.length >= max) {
            return;
        }
        table = new long[Math.max(Integer.highestOneBit(max - 1) << 1, 8)];
        blockMask = (table.length >>> 3) - 1;
        sampleSize = 10 * max > 0 ? 10 * max : Integer.MAX_VALUE;
        additions = 0;
    }

    /** False until sized: at build for size bounds, when half full otherwise (see TinyLfuPolicy). */
    boolean isInitialized() {
        return table != null;
    }

    /** Number of increments between agings; also the hill climber's sample period. */
    int sampleSize() {
        return sampleSize;
    }

    int frequency(Object key) {
        if (table == null) {
            return 0;
        }
        int h = spread(key.hashCode());
        int block = (h & blockMask) << 3;
        int counters = rehash(h);
        int min = 15;
        for (int row = 0; row < 4; row++) {
            int bits = counters >>> (row << 3);
            long word = table[block + (row << 1) + (bits & 1)];
            min = Math.min(min, (int) (word >>> (((bits >>> 1) & 15) << 2)) & 15);
        }
        return min;
    }

    void increment(Object key) {
        if (table == null) {
            return;
        }
        int h = spread(key.hashCode());
        int block = (h & blockMask) << 3;
        int counters = rehash(h);
        boolean added = false;
        for (int row = 0; row < 4; row++) {
            int bits = counters >>> (row << 3);
            int index = block + (row << 1) + (bits & 1);
            long one = 1L << (((bits >>> 1) & 15) << 2);
            if ((table[index] & (one * 15)) != one * 15) { // saturate at 15 rather than overflow
                table[index] += one;
                added = true;
            }
        }
        if (added && ++additions == sampleSize) {
            age();
        }
    }

    /** Halves every counter; the odd counters lose half a count each, which the tally accounts for. */
    private void age() {
        int odd = 0;
        for (int i = 0; i < table.length; i++) {
            odd += Long.bitCount(table[i] & ONE_BITS);
            table[i] = (table[i] >>> 1) & HALF_MASK;
        }
        additions = (additions - (odd >>> 2)) >>> 1;
    }

    /*
     * The mixers are integer hashes from the hash-prospector family, the same ones Caffeine's sketch
     * uses. That choice is deliberate: on small traces the hit ratio swings by a few points with
     * the collision pattern of whichever mixer is used (in both directions), so sharing it makes a
     * trace replay against Caffeine compare the policies rather than hash luck.
     */

    /** Scrambles weak hash codes (e.g. small Integer keys) so they spread over the blocks. */
    private static int spread(int x) {
        x ^= x >>> 17;
        x *= 0xed5ad4bb;
        x ^= x >>> 11;
        x *= 0xac4c1b51;
        x ^= x >>> 15;
        return x;
    }

    /** A second hash of the spread value choosing the counter within each row of the block. */
    private static int rehash(int x) {
        x *= 0x31848bab;
        x ^= x >>> 14;
        return x;
    }
}
