package io.hstorekv;

/**
 * Scores from {@code min} to {@code max} (infinities allowed), each bound inclusive unless marked
 * exclusive: Redis's {@code 1 (5}, {@code -inf +inf}.
 */
public record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {
    public ScoreRange {
        if (Double.isNaN(min) || Double.isNaN(max)) {
            throw new IllegalArgumentException("min or max is not a float");
        }
    }

    /** Every score. */
    public static ScoreRange all() {
        return new ScoreRange(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);
    }

    /** {@code min} to {@code max}, both inclusive. */
    public static ScoreRange closed(double min, double max) {
        return new ScoreRange(min, false, max, false);
    }

    /** The lowest score in the range as an inclusive bound: the next double after an exclusive one. */
    double lowest() {
        return minExclusive ? Math.nextUp(min) : min;
    }

    /** The highest score in the range as an inclusive bound. */
    double highest() {
        return maxExclusive ? Math.nextDown(max) : max;
    }

    /** Whether no score can be in it (an exclusive infinite bound excludes everything beyond). */
    boolean empty() {
        return minExclusive && min == Double.POSITIVE_INFINITY || maxExclusive && max == Double.NEGATIVE_INFINITY
                || lowest() > highest();
    }
}
