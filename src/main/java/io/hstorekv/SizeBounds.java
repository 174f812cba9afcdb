package io.hstorekv;

/**
 * Bounds on what a namespace stores ({@link HstoreKv#setSizeBounds}): at most {@code maxEntries}
 * entries and {@code maxBytes} bytes (as PostgreSQL stores keys, values and fields, after
 * compression); 0 means no bound. Past a bound, the sweeper evicts the least recently written
 * entries first.
 *
 * @param maxEntries the most entries, or 0
 * @param maxBytes the most bytes, or 0
 */
public record SizeBounds(long maxEntries, long maxBytes) {
    /** No bound at all. */
    public static final SizeBounds NONE = new SizeBounds(0, 0);

    public SizeBounds {
        if (maxEntries < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("size bounds must be positive, or 0 for none; got maxEntries "
                    + maxEntries + ", maxBytes " + maxBytes);
        }
    }

    /** At most this many entries. */
    public static SizeBounds entries(long maxEntries) {
        return new SizeBounds(maxEntries, 0);
    }

    /** At most this many bytes. */
    public static SizeBounds bytes(long maxBytes) {
        return new SizeBounds(0, maxBytes);
    }

    /** Whether any bound is set. */
    public boolean bounded() {
        return maxEntries > 0 || maxBytes > 0;
    }
}
