package io.hstorekv.util;

import java.util.Locale;

/** Redis's memory values (as {@code maxmemory 256mb}): a number with an optional unit. */
public final class MemorySize {
    /** Units longest first, so that "kb" is not read as "b": k = 1000, kb = 1024, and so on. */
    private static final String[] UNITS = {"kb", "mb", "gb", "k", "m", "g", "b"};
    private static final long[] MULTIPLIERS = {1L << 10, 1L << 20, 1L << 30, 1_000, 1_000_000, 1_000_000_000, 1};

    private MemorySize() {}

    /**
     * Bytes of a value such as {@code 256mb}, {@code 1g} or {@code 4096}; units b, k, kb, m, mb, g,
     * gb in any case.
     *
     * @throws IllegalArgumentException when it is not a memory value (or overflows a long)
     */
    public static long parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long multiplier = 1;
        for (int i = 0; i < UNITS.length; i++) {
            if (v.endsWith(UNITS[i])) {
                multiplier = MULTIPLIERS[i];
                v = v.substring(0, v.length() - UNITS[i].length());
                break;
            }
        }
        try {
            return Math.multiplyExact(Long.parseLong(v), multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + value + "' is not a memory value (a number with an optional unit b, k, kb, m, mb, g, gb)", e);
        }
    }
}
