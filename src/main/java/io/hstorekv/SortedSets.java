package io.hstorekv;

import io.hstorekv.internal.Limits;
import io.hstorekv.internal.near.KeyWrites;
import io.hstorekv.internal.store.Connections;
import io.hstorekv.internal.store.SortedSetStore;
import io.hstorekv.internal.store.SortedSetStore.AddFlags;
import io.hstorekv.internal.store.SortedSetStore.Combination;
import io.hstorekv.internal.store.SortedSetStore.Range;
import io.hstorekv.internal.store.SortedSetStore.Scored;
import io.hstorekv.util.Glob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sorted sets, as Redis has them: members (text) with a score each (a double; infinities allowed,
 * NaN not), ordered by score and then by member bytes. Each member is a row of
 * {@code hstorekv.zset_members} (readable through the view {@code hstorekv.sorted_set_members});
 * the key itself is an entries row like any other, so TTLs, DEL, RENAME, TYPE and SCAN treat it
 * alike. A set whose last member is removed is deleted. Ranks are 0-based and negative ranks count
 * from the end (-1 is the last). Obtain from {@link Namespace#sortedSets()}.
 */
public final class SortedSets {
    private final String namespace;
    private final SortedSetStore store;
    private final Limits limits;
    private final Clock clock;
    private final Connections transactions;
    private final KeyWrites writes;

    /**
     * ZADD's conditions: only add new members (NX), only update existing ones (XX), only update when
     * the new score is greater (GT) or less (LT). GT and LT never stop a new member being added.
     */
    public record AddOptions(boolean onlyNew, boolean onlyExisting, boolean onlyGreater, boolean onlyLess) {
        public AddOptions {
            if (onlyNew && onlyExisting) {
                throw new IllegalArgumentException("onlyNew (NX) and onlyExisting (XX) exclude each other");
            }
            if ((onlyGreater ? 1 : 0) + (onlyLess ? 1 : 0) + (onlyNew ? 1 : 0) > 1) {
                throw new IllegalArgumentException("at most one of onlyNew (NX), onlyGreater (GT) and onlyLess (LT)");
            }
        }

        /** No condition. */
        public static AddOptions none() {
            return new AddOptions(false, false, false, false);
        }

        /** NX. */
        public AddOptions ifAbsent() {
            return new AddOptions(true, onlyExisting, onlyGreater, onlyLess);
        }

        /** XX. */
        public AddOptions ifPresent() {
            return new AddOptions(onlyNew, true, onlyGreater, onlyLess);
        }

        /** GT. */
        public AddOptions ifGreater() {
            return new AddOptions(onlyNew, onlyExisting, true, onlyLess);
        }

        /** LT. */
        public AddOptions ifLess() {
            return new AddOptions(onlyNew, onlyExisting, onlyGreater, true);
        }

        AddFlags flags(boolean increment) {
            return new AddFlags(onlyNew, onlyExisting, onlyGreater, onlyLess, increment);
        }
    }

    /** What {@link #add(String, Map, AddOptions)} did: members added, and existing members whose score changed. */
    public record AddResult(long added, long changed) {}

    /** How {@link #union} and {@link #intersection} combine the scores of a member found in several sets. */
    public enum Aggregate { SUM, MIN, MAX }

    SortedSets(String namespace, SortedSetStore store, Limits limits, Clock clock, Connections transactions,
               KeyWrites writes) {
        this.namespace = namespace;
        this.store = store;
        this.limits = limits;
        this.clock = clock;
        this.transactions = transactions;
        this.writes = writes;
    }

    // ---- writes

    /** Adds or updates one member; returns 1 if it was new (ZADD). */
    public long add(String key, String member, double score) {
        return add(key, Map.of(Limits.required(member, "member"), score));
    }

    /** Adds or updates members; returns how many were new (ZADD). */
    public long add(String key, Map<String, Double> scores) {
        return add(key, scores, AddOptions.none()).added();
    }

    /** ZADD with NX / XX / GT / LT. */
    public AddResult add(String key, Map<String, Double> scores, AddOptions options) {
        Limits.required(options, "options");
        String k = limits.key(key);
        Limits.required(scores, "scores");
        List<String> members = limits.members(k, scores.keySet());
        double[] values = new double[members.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = score(scores.get(members.get(i)));
        }
        SortedSetStore.AddOutcome outcome = writes.write(k, () -> store.add(k, members, values, options.flags(false), now()));
        return new AddResult(outcome.added(), outcome.changed());
    }

    /** Adds {@code delta} to the member's score (0 when absent) and returns the new score (ZINCRBY). */
    public double incrementScore(String key, String member, double delta) {
        return incrementScore(key, member, delta, AddOptions.none());
    }

    /**
     * ZADD INCR: adds {@code delta} to the member's score under the options' condition; returns the
     * new score, or null when the condition kept it from changing.
     *
     * @throws IllegalArgumentException when the result would be NaN (infinity minus infinity)
     */
    public Double incrementScore(String key, String member, double delta, AddOptions options) {
        Limits.required(options, "options");
        String k = limits.key(key);
        List<String> members = limits.members(k, List.of(Limits.required(member, "member")));
        double[] values = {score(delta)};
        return writes.write(k, () -> store.add(k, members, values, options.flags(true), now())).score();
    }

    /** Removes members; returns how many were there (ZREM). */
    public long remove(String key, String... members) {
        String k = limits.key(key);
        List<String> checked = limits.members(k, Arrays.asList(Limits.required(members, "members")));
        return writes.write(k, () -> store.remove(k, distinct(checked), now())).size();
    }

    /** Removes the members ranked {@code start} to {@code stop} (ZREMRANGEBYRANK); returns how many. */
    public long removeRange(String key, long start, long stop) {
        return removeRange(key, Range.byRank(start, stop, false));
    }

    /** ZREMRANGEBYSCORE. */
    public long removeRangeByScore(String key, ScoreRange range) {
        Limits.required(range, "range");
        return range.empty() ? 0 : removeRange(key, Range.byScore(range.lowest(), range.highest(), false, 0, -1));
    }

    /** ZREMRANGEBYLEX. */
    public long removeRangeByLex(String key, LexRange range) {
        return removeRange(key, lex(range, false, 0, -1));
    }

    private long removeRange(String key, Range range) {
        String k = limits.key(key);
        return writes.write(k, () -> store.removeRange(k, range, now())).size();
    }

    /** Removes and returns up to {@code count} members with the lowest scores, lowest first (ZPOPMIN). */
    public List<ScoredMember> popMin(String key, long count) {
        return pop(key, count, false);
    }

    /** Removes and returns up to {@code count} members with the highest scores, highest first (ZPOPMAX). */
    public List<ScoredMember> popMax(String key, long count) {
        return pop(key, count, true);
    }

    private List<ScoredMember> pop(String key, long count, boolean highest) {
        String k = limits.key(key);
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        return count == 0 ? List.of() : members(writes.write(k, () -> store.pop(k, count, highest, now())));
    }

    /**
     * Pops up to {@code count} members from the first of the sets that has any (ZMPOP); null when
     * none has. WRONGTYPE if a key before that one holds another type.
     */
    public PoppedMembers popFirst(List<String> keys, boolean highest, long count) {
        List<String> checked = limits.keys(keys);
        for (String key : checked) {
            List<ScoredMember> popped = pop(key, count, highest);
            if (!popped.isEmpty()) {
                return new PoppedMembers(key, popped);
            }
        }
        return null;
    }

    /**
     * {@link #popFirst}, waiting until one of the sets gets a member when none has one (BZPOPMIN,
     * BZPOPMAX, BZMPOP): woken by a write from any connection or instance, no polling. Completes with
     * null after {@code timeout} (null: as long as it takes); inside a transaction it does not wait.
     * Cancel the future to stop waiting.
     */
    public CompletableFuture<PoppedMembers> popBlocking(List<String> keys, boolean highest, long count, Duration timeout) {
        List<String> checked = limits.keys(keys);
        Limits.waitLimit(timeout);
        PoppedMembers ready = popFirst(checked, highest, count); // members there: no wait, whatever the timeout
        if (ready != null || transactions.transactionActive()) {
            return CompletableFuture.completedFuture(ready);
        }
        Supplier<PoppedMembers> attempt = () -> popFirst(checked, highest, count);
        return store.waits().await(namespace, checked, timeout, attempt, attempt);
    }

    // ---- reads

    /** Number of members; 0 when absent (ZCARD). */
    public long size(String key) {
        return store.cardinality(limits.key(key), now());
    }

    /** The member's score, null when absent (ZSCORE). */
    public Double score(String key, String member) {
        return scores(key, List.of(Limits.required(member, "member"))).get(0);
    }

    /** Each member's score in argument order, null for absent ones (ZMSCORE). */
    public List<Double> scores(String key, List<String> members) {
        String k = limits.key(key);
        return store.scores(k, limits.members(k, members), now());
    }

    /** The member's 0-based rank by ascending score, null when absent (ZRANK). */
    public Long rank(String key, String member) {
        return rank(key, member, false);
    }

    /** The member's rank by descending score, null when absent (ZREVRANK). */
    public Long reverseRank(String key, String member) {
        return rank(key, member, true);
    }

    private Long rank(String key, String member, boolean reversed) {
        String k = limits.key(key);
        return store.rank(k, limits.members(k, List.of(Limits.required(member, "member"))).get(0), reversed, now());
    }

    /** How many members have a score in the range (ZCOUNT). */
    public long count(String key, ScoreRange range) {
        Limits.required(range, "range");
        String k = limits.key(key);
        return range.empty() ? 0 : store.count(k, Range.byScore(range.lowest(), range.highest(), false, 0, -1), now());
    }

    /** How many members are in the lex range (ZLEXCOUNT). */
    public long lexCount(String key, LexRange range) {
        String k = limits.key(key);
        return store.count(k, lex(range, false, 0, -1), now());
    }

    /** Members ranked {@code start} to {@code stop}, inclusive, lowest score first (ZRANGE). */
    public List<ScoredMember> range(String key, long start, long stop) {
        return read(key, Range.byRank(start, stop, false));
    }

    /** Members ranked {@code start} to {@code stop} counting from the highest score (ZREVRANGE). */
    public List<ScoredMember> reverseRange(String key, long start, long stop) {
        return read(key, Range.byRank(start, stop, true));
    }

    /** Members with a score in the range, lowest first, skipping {@code offset}, at most {@code limit} (negative: all) (ZRANGEBYSCORE). */
    public List<ScoredMember> rangeByScore(String key, ScoreRange range, long offset, long limit) {
        return byScore(key, range, false, offset, limit);
    }

    /** The same, highest first (ZREVRANGEBYSCORE). */
    public List<ScoredMember> reverseRangeByScore(String key, ScoreRange range, long offset, long limit) {
        return byScore(key, range, true, offset, limit);
    }

    /** Members in the lex range, in member order (ZRANGEBYLEX). */
    public List<ScoredMember> rangeByLex(String key, LexRange range, long offset, long limit) {
        return paged(key, lex(range, false, offset, limit), offset);
    }

    /** The same, in reverse member order (ZREVRANGEBYLEX). */
    public List<ScoredMember> reverseRangeByLex(String key, LexRange range, long offset, long limit) {
        return paged(key, lex(range, true, offset, limit), offset);
    }

    private List<ScoredMember> byScore(String key, ScoreRange range, boolean reversed, long offset, long limit) {
        Limits.required(range, "range");
        if (range.empty()) {
            limits.key(key);
            return List.of();
        }
        return paged(key, Range.byScore(range.lowest(), range.highest(), reversed, Math.max(offset, 0), limit), offset);
    }

    /** A negative offset is an empty page, as in Redis (after the key's type is checked). */
    private List<ScoredMember> paged(String key, Range range, long offset) {
        List<ScoredMember> page = read(key, range);
        return offset < 0 ? List.of() : page;
    }

    private List<ScoredMember> read(String key, Range range) {
        String k = limits.key(key);
        return members(store.range(k, range, now()));
    }

    /**
     * Random members (ZRANDMEMBER): with a positive count, up to {@code count} distinct ones; with a
     * negative count, exactly {@code -count}, possibly repeated.
     */
    public List<ScoredMember> randomMembers(String key, long count) {
        String k = limits.key(key);
        if (count >= 0) {
            return members(store.random(k, count, now()));
        }
        if (-count > Limits.MAX_RANDOM_MEMBERS) {
            throw new IllegalArgumentException("count must be at least -" + Limits.MAX_RANDOM_MEMBERS + ", got " + count);
        }
        List<ScoredMember> all = members(store.range(k, Range.byRank(0, -1, false), now()));
        if (all.isEmpty()) {
            return all;
        }
        List<ScoredMember> picked = new ArrayList<>((int) -count);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (long i = 0; i < -count; i++) {
            picked.add(all.get(random.nextInt(all.size())));
        }
        return picked;
    }

    /** Members matching a Redis glob pattern, in order (ZSCAN); the set is read whole. */
    public List<ScoredMember> scan(String key, String pattern) {
        Glob filter = Glob.compile(pattern);
        return range(key, 0, -1).stream().filter(m -> filter.matches(m.member())).toList();
    }

    // ---- several sets (plain sets count as members with score 1, as in Redis)

    /** ZUNION: members of any of the sets, scores multiplied by the weights (null: all 1) and aggregated. */
    public List<ScoredMember> union(List<String> keys, double[] weights, Aggregate aggregate) {
        return combine(Combination.UNION, keys, weights, aggregate);
    }

    /** ZINTER: members of all the sets. */
    public List<ScoredMember> intersection(List<String> keys, double[] weights, Aggregate aggregate) {
        return combine(Combination.INTER, keys, weights, aggregate);
    }

    /** ZINTERCARD: how many members all the sets have in common, counting up to {@code limit} (0: no limit). */
    public long intersectionSize(List<String> keys, long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        long size = intersection(keys, null, Aggregate.SUM).size();
        return limit == 0 ? size : Math.min(size, limit);
    }

    /** ZDIFF: members of the first set in none of the others, with their scores there. */
    public List<ScoredMember> difference(List<String> keys) {
        return combine(Combination.DIFF, keys, null, Aggregate.SUM);
    }

    /** ZUNIONSTORE: stores the union in {@code destination} (replacing it; deleted if empty); returns its size. */
    public long unionStore(String destination, List<String> keys, double[] weights, Aggregate aggregate) {
        return combineStore(destination, Combination.UNION, keys, weights, aggregate);
    }

    /** ZINTERSTORE. */
    public long intersectionStore(String destination, List<String> keys, double[] weights, Aggregate aggregate) {
        return combineStore(destination, Combination.INTER, keys, weights, aggregate);
    }

    /** ZDIFFSTORE. */
    public long differenceStore(String destination, List<String> keys) {
        return combineStore(destination, Combination.DIFF, keys, null, Aggregate.SUM);
    }

    /** ZRANGESTORE by rank: stores members ranked {@code start} to {@code stop} of {@code source}; returns how many. */
    public long rangeStore(String destination, String source, long start, long stop, boolean reversed) {
        return rangeStore(destination, source, Range.byRank(start, stop, reversed));
    }

    /** ZRANGESTORE BYSCORE. */
    public long rangeStoreByScore(String destination, String source, ScoreRange range, boolean reversed, long offset, long limit) {
        Limits.required(range, "range");
        Range r = range.empty() || offset < 0
                ? Range.byScore(1, 0, reversed, 0, 0) // nothing: the destination is still replaced
                : Range.byScore(range.lowest(), range.highest(), reversed, offset, limit);
        return rangeStore(destination, source, r);
    }

    /** ZRANGESTORE BYLEX. */
    public long rangeStoreByLex(String destination, String source, LexRange range, boolean reversed, long offset, long limit) {
        return rangeStore(destination, source, offset < 0 ? Range.byScore(1, 0, reversed, 0, 0) : lex(range, reversed, offset, limit));
    }

    private long rangeStore(String destination, String source, Range range) {
        String dst = limits.key(destination);
        String src = limits.key(source);
        return writes.write(dst, () -> store.rangeStore(dst, src, range, now()));
    }

    private List<ScoredMember> combine(Combination mode, List<String> keys, double[] weights, Aggregate aggregate) {
        List<String> checked = sources(keys, weights);
        return members(store.combine(mode, checked, weightsOf(checked, weights), aggregate(aggregate), now()));
    }

    private long combineStore(String destination, Combination mode, List<String> keys, double[] weights, Aggregate aggregate) {
        String dst = limits.key(destination);
        List<String> checked = sources(keys, weights);
        double[] w = weightsOf(checked, weights);
        return writes.write(dst, () -> store.combineStore(dst, mode, checked, w, aggregate(aggregate), now()));
    }

    private List<String> sources(List<String> keys, double[] weights) {
        List<String> checked = limits.keys(keys);
        if (checked.isEmpty()) {
            throw new IllegalArgumentException("at least 1 input key is needed");
        }
        if (weights != null && weights.length != checked.size()) {
            throw new IllegalArgumentException("one weight per key is needed");
        }
        return checked;
    }

    private static double[] weightsOf(List<String> keys, double[] weights) {
        if (weights == null) {
            double[] ones = new double[keys.size()];
            Arrays.fill(ones, 1);
            return ones;
        }
        for (double w : weights) {
            score(w);
        }
        return weights;
    }

    private static SortedSetStore.Aggregate aggregate(Aggregate aggregate) {
        return SortedSetStore.Aggregate.valueOf(Limits.required(aggregate, "aggregate").name());
    }

    // ---- plumbing

    private static Range lex(LexRange range, boolean reversed, long offset, long limit) {
        Limits.required(range, "range");
        return Range.byLex(range.min() == null ? "" : range.min(), range.min() == null || !range.minExclusive(),
                range.max(), !range.maxExclusive(), reversed, Math.max(offset, 0), limit);
    }

    /** A score argument; -0 is stored as 0, as Redis does. */
    private static double score(Double score) {
        if (score == null || Double.isNaN(score)) {
            throw new IllegalArgumentException("score must be a number, got " + score);
        }
        return score == 0 ? 0.0 : score;
    }

    private static List<String> distinct(List<String> members) {
        return new ArrayList<>(new LinkedHashSet<>(members));
    }

    private static List<ScoredMember> members(List<Scored> scored) {
        List<ScoredMember> list = new ArrayList<>(scored.size());
        scored.forEach(s -> list.add(new ScoredMember(s.member(), s.score())));
        return list;
    }

    private Instant now() {
        return clock.instant();
    }
}
