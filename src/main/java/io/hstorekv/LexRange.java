package io.hstorekv;

/**
 * Members from {@code min} to {@code max} by their bytes (for sets whose members all have the same
 * score, as Redis's ZRANGEBYLEX): null {@code min} is Redis's {@code -} (no lower bound), null
 * {@code max} its {@code +}; a bound is inclusive ({@code [a}) unless marked exclusive ({@code (a}).
 */
public record LexRange(String min, boolean minExclusive, String max, boolean maxExclusive) {
    /** Every member. */
    public static LexRange all() {
        return new LexRange(null, false, null, false);
    }

    /** {@code min} to {@code max}, both inclusive. */
    public static LexRange closed(String min, String max) {
        return new LexRange(min, false, max, false);
    }
}
