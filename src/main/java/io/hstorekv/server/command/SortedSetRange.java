package io.hstorekv.server.command;

import io.hstorekv.LexRange;
import io.hstorekv.ScoreRange;
import io.hstorekv.ScoredMember;
import io.hstorekv.SortedSets;
import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisDouble;
import io.hstorekv.server.resp.RedisError;
import java.util.List;

/**
 * A range of ZRANGE and its older forms (ZRANGEBYSCORE, ZREVRANGE, ...) and of ZRANGESTORE, parsed
 * as Redis 7.0 does: options first (LIMIT's numbers as they come), then their conflicts, then the
 * bounds (swapped for a reversed score or lex range, given as max min).
 */
record SortedSetRange(Kind kind, boolean reversed, long start, long stop, ScoreRange scores, LexRange lex,
                      long offset, long limit, boolean withScores) {

    enum Kind { RANK, SCORE, LEX }

    /** No member at all (Redis's {@code +} as a lower bound or {@code -} as an upper one). */
    static final LexRange EMPTY_LEX = new LexRange("", true, "", true);

    /**
     * Parses the bounds at {@code from} and {@code from + 1} and the options after them; a null
     * {@code kind} or {@code reversed} may be chosen by the options (BYSCORE, BYLEX, REV), as in ZRANGE.
     */
    static SortedSetRange parse(Args a, int from, Kind kind, Boolean reversed, boolean store) {
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        Kind chosenKind = kind;
        Boolean chosenReversed = reversed;
        for (int j = from + 2; j < a.count(); j++) {
            String option = a.option(j);
            int left = a.count() - j - 1;
            if (!store && option.equals("WITHSCORES")) {
                withScores = true;
            } else if (option.equals("LIMIT") && left >= 2) {
                offset = a.integer(j + 1);
                limit = a.integer(j + 2);
                j += 2;
            } else if (chosenReversed == null && option.equals("REV")) {
                chosenReversed = true;
            } else if (kind == null && chosenKind == null && option.equals("BYLEX")) {
                chosenKind = Kind.LEX;
            } else if (kind == null && chosenKind == null && option.equals("BYSCORE")) {
                chosenKind = Kind.SCORE;
            } else {
                throw RedisError.syntax();
            }
        }
        Kind k = chosenKind == null ? Kind.RANK : chosenKind;
        boolean rev = chosenReversed != null && chosenReversed;
        if (limit != -1 && k == Kind.RANK) {
            throw RedisError.limitNeedsByScoreOrLex();
        }
        if (withScores && k == Kind.LEX) {
            throw RedisError.withScoresByLex();
        }
        int min = rev && k != Kind.RANK ? from + 1 : from;
        int max = rev && k != Kind.RANK ? from : from + 1;
        return switch (k) {
            case RANK -> new SortedSetRange(k, rev, a.integer(min), a.integer(max), null, null, 0, -1, withScores);
            case SCORE -> new SortedSetRange(k, rev, 0, 0, scores(a, min, max), null, offset, limit, withScores);
            case LEX -> new SortedSetRange(k, rev, 0, 0, null, lex(a, min, max), offset, limit, false);
        };
    }

    /** A score range {@code min max} ({@code (} before a bound: exclusive). */
    static ScoreRange scores(Args a, int min, int max) {
        String lo = a.string(min);
        String hi = a.string(max);
        Double low = RedisDouble.parseBound(lo.startsWith("(") ? lo.substring(1) : lo);
        Double high = RedisDouble.parseBound(hi.startsWith("(") ? hi.substring(1) : hi);
        if (low == null || high == null) {
            throw RedisError.minMaxNotFloat();
        }
        return new ScoreRange(low, lo.startsWith("("), high, hi.startsWith("("));
    }

    /** A lex range {@code min max}: {@code -}, {@code +}, {@code [member} or {@code (member}. */
    static LexRange lex(Args a, int min, int max) {
        String lo = bound(a, min);
        String hi = bound(a, max);
        if (lo.equals("+") || hi.equals("-")) {
            return EMPTY_LEX;
        }
        return new LexRange(lo.equals("-") ? null : lo.substring(1), lo.startsWith("("),
                hi.equals("+") ? null : hi.substring(1), hi.startsWith("("));
    }

    private static String bound(Args a, int i) {
        String s = a.text(i);
        boolean valid = s.equals("-") || s.equals("+") || s.startsWith("(") || s.startsWith("[");
        if (!valid) {
            throw RedisError.minMaxNotLex();
        }
        return s;
    }

    List<ScoredMember> read(SortedSets z, String key) {
        return switch (kind) {
            case RANK -> reversed ? z.reverseRange(key, start, stop) : z.range(key, start, stop);
            case SCORE -> reversed ? z.reverseRangeByScore(key, scores, offset, limit) : z.rangeByScore(key, scores, offset, limit);
            case LEX -> reversed ? z.reverseRangeByLex(key, lex, offset, limit) : z.rangeByLex(key, lex, offset, limit);
        };
    }

    long store(SortedSets z, String destination, String source) {
        return switch (kind) {
            case RANK -> z.rangeStore(destination, source, start, stop, reversed);
            case SCORE -> z.rangeStoreByScore(destination, source, scores, reversed, offset, limit);
            case LEX -> z.rangeStoreByLex(destination, source, lex, reversed, offset, limit);
        };
    }
}
