package io.hstorekv.internal.store;

import io.hstorekv.internal.store.Statements.Binding;
import io.hstorekv.internal.store.Statements.Reader;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The SQL of one namespace's sorted sets (see {@link SortedSetSql}): one statement per operation.
 * Arguments are checked by the facade; WRONGTYPE comes from the statements.
 */
public final class SortedSetStore {
    private final Statements statements;
    private final boolean async;
    private final NamedStatement[] sql;
    private final KeyWaits waits;

    /** A member and its score. */
    public record Scored(String member, double score) {}

    /** What ZADD did: members added, members whose score changed, the score written (INCR), whether anything was. */
    public record AddOutcome(long added, long changed, Double score, boolean written) {}

    /** ZADD's conditions: NX, XX, GT, LT, and INCR (add to the score instead of setting it). */
    public record AddFlags(boolean ifAbsent, boolean ifPresent, boolean ifGreater, boolean ifLess, boolean increment) {}

    /** How ZUNION / ZINTER / ZDIFF combine their inputs. */
    public enum Combination { UNION, INTER, DIFF }

    /** How equal members' weighted scores combine. */
    public enum Aggregate { SUM, MIN, MAX }

    /**
     * A range of members: by rank ({@code start}..{@code stop}, negative from the end), by score
     * ({@code min}..{@code max}, inclusive) or by member ({@code minMember}..{@code maxMember}), the
     * last two paged by {@code offset} and {@code limit} (negative: no limit). Reversed: descending.
     */
    public record Range(Kind kind, boolean reversed, long start, long stop, double min, double max, String minMember,
                        boolean minInclusive, String maxMember, boolean maxInclusive, long offset, long limit) {
        public enum Kind { RANK, SCORE, LEX }

        public static Range byRank(long start, long stop, boolean reversed) {
            return new Range(Kind.RANK, reversed, start, stop, 0, 0, "", true, "", true, 0, -1);
        }

        /** Both bounds inclusive. */
        public static Range byScore(double min, double max, boolean reversed, long offset, long limit) {
            return new Range(Kind.SCORE, reversed, 0, -1, min, max, "", true, "", true, offset, limit);
        }

        /** {@code maxMember} null: no upper bound. */
        public static Range byLex(String minMember, boolean minInclusive, String maxMember, boolean maxInclusive,
                                  boolean reversed, long offset, long limit) {
            return new Range(Kind.LEX, reversed, 0, -1, 0, 0, minMember, minInclusive, maxMember, maxInclusive, offset, limit);
        }

        SortedSetSql statement() {
            return switch (kind) {
                case RANK -> reversed ? SortedSetSql.RANGE_BY_RANK_REVERSED : SortedSetSql.RANGE_BY_RANK;
                case SCORE -> reversed ? SortedSetSql.RANGE_BY_SCORE_REVERSED : SortedSetSql.RANGE_BY_SCORE;
                case LEX -> reversed ? SortedSetSql.RANGE_BY_LEX_REVERSED : SortedSetSql.RANGE_BY_LEX;
            };
        }

        /** Binds every parameter of every kind (RANGE_STORE names them all). */
        NamedStatement.Binder bind(NamedStatement.Binder b) throws SQLException {
            return b.text("range", kind.name()).bool("reversed", reversed).number("start", start).number("stop", stop)
                    .real("min", min).real("max", max).text("minMember", minMember).bool("minInclusive", minInclusive)
                    .text("maxMember", maxMember == null ? "" : maxMember).bool("maxOpen", maxMember == null)
                    .bool("maxInclusive", maxMember == null || maxInclusive).number("offset", offset).number("limit", limit);
        }
    }

    SortedSetStore(Statements statements, boolean async, String[] sql, KeyWaits waits) {
        this.statements = statements;
        this.waits = waits;
        this.async = async;
        this.sql = NamedStatement.parseAll(sql);
    }

    /** Blocked callers of this database (BZPOPMIN and friends). */
    public KeyWaits waits() {
        return waits;
    }

    // ---- reads

    /** Number of members; 0 when absent. */
    public long cardinality(String key, Instant now) {
        Long items = readKey(SortedSetSql.CARDINALITY, key, now, b -> b, rs -> rs.getLong(1));
        return items == null ? 0 : items;
    }

    /** Each member's score in argument order, null for absent ones. */
    public List<Double> scores(String key, List<String> members, Instant now) {
        Double[] scores = readKey(SortedSetSql.SCORES, key, now, b -> b.texts("members", members),
                rs -> (Double[]) rs.getArray(2).getArray());
        return scores == null ? Collections.nCopies(members.size(), null) : Arrays.asList(scores);
    }

    /** The member's 0-based rank (reversed: from the highest), null when absent. */
    public Long rank(String key, String member, boolean reversed, Instant now) {
        return readKey(SortedSetSql.RANK, key, now, b -> b.text("member", member), rs -> {
            rs.getDouble(2);
            if (rs.wasNull()) {
                return null;
            }
            long below = rs.getLong(3);
            return reversed ? rs.getLong(1) - 1 - below : below;
        });
    }

    public List<Scored> range(String key, Range range, Instant now) {
        List<Scored> found = readKey(range.statement(), key, now, range::bind, rs -> scored(rs.getArray(2), rs.getArray(3)));
        return found == null ? List.of() : found;
    }

    /** How many members a score range (inclusive) or a lex range holds. */
    public long count(String key, Range range, Instant now) {
        SortedSetSql statement = range.kind() == Range.Kind.LEX ? SortedSetSql.COUNT_BY_LEX : SortedSetSql.COUNT_BY_SCORE;
        Long n = readKey(statement, key, now, range::bind, rs -> rs.getLong(2));
        return n == null ? 0 : n;
    }

    /** Up to {@code count} distinct members at random. */
    public List<Scored> random(String key, long count, Instant now) {
        List<Scored> found = readKey(SortedSetSql.RANDOM, key, now, b -> b.number("count", count),
                rs -> scored(rs.getArray(2), rs.getArray(3)));
        return found == null ? List.of() : found;
    }

    /** ZUNION / ZINTER / ZDIFF, ordered by score then member. */
    public List<Scored> combine(Combination mode, List<String> keys, double[] weights, Aggregate aggregate, Instant now) {
        return statements.run(sql[SortedSetSql.COMBINE.ordinal()], async,
                b -> combination(b, mode, keys, weights, aggregate).time("now", now),
                rs -> {
                    rs.next();
                    return scored(rs.getArray(1), rs.getArray(2));
                });
    }

    // ---- writes

    /** ZADD / ZINCRBY; members distinct. */
    public AddOutcome add(String key, List<String> members, double[] scores, AddFlags flags, Instant now) {
        return statements.run(sql[SortedSetSql.ADD.ordinal()], async,
                b -> b.text("key", key).texts("members", members).reals("scores", scores).bool("nx", flags.ifAbsent())
                        .bool("xx", flags.ifPresent()).bool("gt", flags.ifGreater()).bool("lt", flags.ifLess())
                        .bool("incr", flags.increment()).time("now", now),
                rs -> {
                    rs.next();
                    double score = rs.getDouble(3);
                    Double written = rs.wasNull() ? null : score;
                    return new AddOutcome(rs.getLong(1), rs.getLong(2), written, rs.getLong(4) > 0);
                });
    }

    /** ZREM: the members removed, with their scores. */
    public List<Scored> remove(String key, List<String> members, Instant now) {
        return removing(SortedSetSql.REMOVE_MEMBERS, key, b -> b.texts("members", members), now);
    }

    /** ZREMRANGEBYRANK / BYSCORE / BYLEX (the range is not reversed). */
    public List<Scored> removeRange(String key, Range range, Instant now) {
        SortedSetSql statement = switch (range.kind()) {
            case RANK -> SortedSetSql.REMOVE_BY_RANK;
            case SCORE -> SortedSetSql.REMOVE_BY_SCORE;
            case LEX -> SortedSetSql.REMOVE_BY_LEX;
        };
        return removing(statement, key, range::bind, now);
    }

    /** ZPOPMIN / ZPOPMAX: up to {@code count} members, lowest (highest) first. */
    public List<Scored> pop(String key, long count, boolean highest, Instant now) {
        return removing(highest ? SortedSetSql.POP_MAX : SortedSetSql.POP_MIN, key, b -> b.number("count", count), now);
    }

    /** ZUNIONSTORE / ZINTERSTORE / ZDIFFSTORE: the destination's new size. */
    public long combineStore(String destination, Combination mode, List<String> keys, double[] weights,
                             Aggregate aggregate, Instant now) {
        return storing(SortedSetSql.COMBINE_STORE, destination,
                b -> combination(b, mode, keys, weights, aggregate), now);
    }

    /** ZRANGESTORE: the destination's new size. */
    public long rangeStore(String destination, String source, Range range, Instant now) {
        return storing(SortedSetSql.RANGE_STORE, destination, b -> range.bind(b.text("key", source)), now);
    }

    // ---- plumbing

    private static NamedStatement.Binder combination(NamedStatement.Binder b, Combination mode, List<String> keys,
                                                     double[] weights, Aggregate aggregate) throws SQLException {
        return b.text("mode", mode.name()).texts("keys", keys).reals("weights", weights).text("aggregate", aggregate.name());
    }

    private long storing(SortedSetSql statement, String destination, Binding binding, Instant now) {
        return statements.run(sql[statement.ordinal()], async,
                b -> binding.bind(b.text("destination", destination)).time("now", now),
                rs -> {
                    rs.next();
                    return rs.getLong(1);
                });
    }

    private List<Scored> removing(SortedSetSql statement, String key, Binding binding, Instant now) {
        return statements.run(sql[statement.ordinal()], async, b -> binding.bind(b.text("key", key)).time("now", now), rs -> {
            List<Scored> removed = new ArrayList<>();
            while (rs.next()) {
                removed.add(new Scored(rs.getString(1), rs.getDouble(2)));
            }
            return removed;
        });
    }

    /** One row of a key (null when absent: no row), its type checked by the statement. */
    private <T> T readKey(SortedSetSql statement, String key, Instant now, Binding binding, Reader<T> row) {
        return statements.run(sql[statement.ordinal()], async, b -> binding.bind(b.text("key", key)).time("now", now),
                Statements.firstRow(row));
    }

    private static List<Scored> scored(Array members, Array scores) throws SQLException {
        if (members == null) {
            return List.of();
        }
        String[] m = (String[]) members.getArray();
        Double[] s = (Double[]) scores.getArray();
        List<Scored> list = new ArrayList<>(m.length);
        for (int i = 0; i < m.length; i++) {
            list.add(new Scored(m[i], s[i]));
        }
        return list;
    }
}
