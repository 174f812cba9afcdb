package io.hstorekv.internal.near;

/**
 * How a near cache is bounded: by the number of keys it holds, or by an estimate of the heap its
 * entries retain ({@link EntryWeights}).
 */
public record NearCacheBound(Unit unit, long maximum) {
    /** What {@link #maximum} counts. */
    public enum Unit { ENTRIES, BYTES }

    public NearCacheBound {
        if (maximum < 1) {
            throw new IllegalArgumentException("a near cache's bound must be positive, got " + maximum);
        }
    }

    public static NearCacheBound entries(long maximum) {
        return new NearCacheBound(Unit.ENTRIES, maximum);
    }

    public static NearCacheBound bytes(long maximum) {
        return new NearCacheBound(Unit.BYTES, maximum);
    }
}
