package io.hstorekv.internal.near;

/**
 * Heap bytes a cached key and its entry retain, estimated from above (64-bit JVM, compressed
 * references): the strings' objects and arrays, the entry, its deadline, and the cache's own node
 * and map slot, so that a cache bounded in bytes never holds more than its bound.
 */
final class EntryWeights {
    /** The cache's node (with its links and counters), its hash-map slot, the entry record and an Instant. */
    private static final int PER_ENTRY = 192;
    /** A String object plus its byte array's header. */
    private static final int PER_STRING = 40;
    /** An array's header. */
    private static final int PER_ARRAY = 16;
    /** Per element of a String[]. */
    private static final int PER_REFERENCE = 4;

    private EntryWeights() {}

    /** The estimate; capped at Integer.MAX_VALUE (the cache's weights are ints). */
    static int weigh(String key, NearCache.Entry entry) {
        long bytes = PER_ENTRY + stringBytes(key) + stringBytes(entry.value());
        String[] fields = entry.fields();
        if (fields != null) {
            bytes += PER_ARRAY + (long) PER_REFERENCE * fields.length;
            for (String field : fields) {
                bytes += stringBytes(field);
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    /** A string's object and array, rounded up to 8 bytes: one byte a char when all are Latin-1 (compact strings), else two. */
    static long stringBytes(String s) {
        if (s == null) {
            return 0;
        }
        int perChar = 1;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                perChar = 2;
                break;
            }
        }
        return PER_STRING + ((long) s.length() * perChar + 7) / 8 * 8;
    }
}
