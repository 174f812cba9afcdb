package io.hstorekv.server.command;

import io.hstorekv.KeyType;
import io.hstorekv.ScoredMember;
import io.hstorekv.SortedSets;
import io.hstorekv.SortedSets.AddOptions;
import io.hstorekv.SortedSets.AddResult;
import io.hstorekv.server.command.SortedSetRange.Kind;
import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisDouble;
import io.hstorekv.server.resp.RedisError;
import io.hstorekv.server.resp.Reply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Redis sorted-set commands (Redis 7.0's parsing, replies and errors), thin adapters over {@link SortedSets}. */
final class SortedSetCommands {
    private SortedSetCommands() {}

    static void register(CommandTable table) {
        table.write("zadd", -4, 1, 1, 1, SortedSetCommands::add)
             .write("zincrby", 4, 1, 1, 1, (c, a, r) ->
                     score(r, z(c).incrementScore(a.text(1), a.text(3), a.decimal(2))))
             .read("zscore", 3, 1, 1, 1, (c, a, r) -> score(r, z(c).score(a.text(1), a.text(2))))
             .read("zmscore", -3, 1, 1, 1, (c, a, r) -> {
                 List<Double> scores = z(c).scores(a.text(1), a.texts(2));
                 r.array(scores.size());
                 scores.forEach(s -> score(r, s));
             })
             .read("zcard", 2, 1, 1, 1, (c, a, r) -> r.integer(z(c).size(a.text(1))))
             .read("zcount", 4, 1, 1, 1, (c, a, r) ->
                     r.integer(z(c).count(a.text(1), SortedSetRange.scores(a, 2, 3))))
             .read("zlexcount", 4, 1, 1, 1, (c, a, r) ->
                     r.integer(z(c).lexCount(a.text(1), SortedSetRange.lex(a, 2, 3))))
             .read("zrank", 3, 1, 1, 1, (c, a, r) -> rank(r, z(c).rank(a.text(1), a.text(2))))
             .read("zrevrank", 3, 1, 1, 1, (c, a, r) -> rank(r, z(c).reverseRank(a.text(1), a.text(2))))
             .read("zrange", -4, 1, 1, 1, (c, a, r) -> range(c, a, r, null, null))
             .read("zrangebyscore", -4, 1, 1, 1, (c, a, r) -> range(c, a, r, Kind.SCORE, false))
             .read("zrevrangebyscore", -4, 1, 1, 1, (c, a, r) -> range(c, a, r, Kind.SCORE, true))
             .read("zrevrange", -4, 1, 1, 1, (c, a, r) -> range(c, a, r, Kind.RANK, true))
             .read("zrangebylex", -4, 1, 1, 1, (c, a, r) -> range(c, a, r, Kind.LEX, false))
             .read("zrevrangebylex", -4, 1, 1, 1, (c, a, r) -> range(c, a, r, Kind.LEX, true))
             .write("zrangestore", -5, 1, 2, 1, (c, a, r) ->
                     r.integer(SortedSetRange.parse(a, 3, null, null, true).store(z(c), a.text(1), a.text(2))))
             .write("zrem", -3, 1, 1, 1, (c, a, r) ->
                     r.integer(z(c).remove(a.text(1), a.texts(2).toArray(String[]::new))))
             .write("zremrangebyscore", 4, 1, 1, 1, (c, a, r) ->
                     r.integer(z(c).removeRangeByScore(a.text(1), SortedSetRange.scores(a, 2, 3))))
             .write("zremrangebylex", 4, 1, 1, 1, (c, a, r) ->
                     r.integer(z(c).removeRangeByLex(a.text(1), SortedSetRange.lex(a, 2, 3))))
             .write("zremrangebyrank", 4, 1, 1, 1, (c, a, r) ->
                     r.integer(z(c).removeRange(a.text(1), a.integer(2), a.integer(3))))
             .read("zrandmember", -2, 1, 1, 1, SortedSetCommands::random)
             .read("zscan", -3, 1, 1, 1, SortedSetCommands::scan);
        SortedSetAlgebra.register(table);
        SortedSetPops.register(table);
    }

    static SortedSets z(Session c) {
        return c.namespace().sortedSets();
    }

    /** ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...] */
    private static void add(Session c, Args a, Reply r) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        boolean ch = false;
        boolean incr = false;
        int i = 2;
        flags:
        for (; i < a.count(); i++) {
            switch (a.option(i)) {
                case "NX" -> nx = true;
                case "XX" -> xx = true;
                case "GT" -> gt = true;
                case "LT" -> lt = true;
                case "CH" -> ch = true;
                case "INCR" -> incr = true;
                default -> {
                    break flags;
                }
            }
        }
        int elements = a.count() - i;
        if (elements == 0 || elements % 2 != 0) {
            throw RedisError.syntax();
        }
        if (nx && xx) {
            throw RedisError.zaddXxAndNx();
        }
        if (gt && nx || lt && nx || gt && lt) {
            throw RedisError.zaddGtLtNx();
        }
        if (incr && elements > 2) {
            throw RedisError.zaddIncrPairs();
        }
        double[] parsed = new double[elements / 2];
        for (int j = 0; j < parsed.length; j++) {
            parsed[j] = a.decimal(i + 2 * j); // every score before anything is written, as Redis
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int j = 0; j < parsed.length; j++) {
            scores.put(a.text(i + 2 * j + 1), parsed[j]);
        }
        AddOptions options = new AddOptions(nx, xx, gt, lt);
        String key = a.text(1);
        if (incr) {
            score(r, z(c).incrementScore(key, a.text(i + 1), parsed[0], options));
            return;
        }
        AddResult result = z(c).add(key, scores, options);
        r.integer(ch ? result.added() + result.changed() : result.added());
    }

    private static void range(Session c, Args a, Reply r, Kind kind, Boolean reversed) {
        SortedSetRange range = SortedSetRange.parse(a, 2, kind, reversed, false);
        members(c, r, range.read(z(c), a.text(1)), range.withScores());
    }

    /** ZRANDMEMBER key [count [WITHSCORES]] */
    private static void random(Session c, Args a, Reply r) {
        String key = a.text(1);
        if (a.count() == 2) {
            List<ScoredMember> one = z(c).randomMembers(key, 1);
            r.bulk(one.isEmpty() ? null : one.get(0).member());
            return;
        }
        long count = a.integer(2);
        if (count == Long.MIN_VALUE) { // Redis takes -LONG_MAX..LONG_MAX: a negation must fit
            throw RedisError.outOfRange(-Long.MAX_VALUE, Long.MAX_VALUE);
        }
        if (a.count() > 4 || a.count() == 4 && !a.option(3).equals("WITHSCORES")) {
            throw RedisError.syntax();
        }
        boolean withScores = a.count() == 4;
        if (withScores && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
            throw RedisError.outOfRange();
        }
        members(c, r, z(c).randomMembers(key, count), withScores);
    }

    /** ZSCAN key cursor [MATCH pattern] [COUNT count]: the whole match in one reply, scores as bulk strings. */
    private static void scan(Session c, Args a, Reply r) {
        ScanOptions options = ScanOptions.parseForKey(c, a, KeyType.ZSET, false);
        if (options == null) {
            ScanOptions.emptyScan(r);
            return;
        }
        List<ScoredMember> members = z(c).scan(a.text(1), options.pattern());
        r.array(2);
        r.bulk("0");
        r.array(members.size() * 2);
        members.forEach(m -> {
            r.bulk(m.member());
            r.bulk(RedisDouble.formatStored(m.score()));
        });
    }

    /** Members, with their scores if asked: flat pairs in RESP2, a pair array each in RESP3. */
    static void members(Session c, Reply r, List<ScoredMember> members, boolean withScores) {
        if (!withScores) {
            r.array(members.size());
            members.forEach(m -> r.bulk(m.member()));
            return;
        }
        boolean nested = c.protocol() >= 3;
        r.array(nested ? members.size() : members.size() * 2);
        for (ScoredMember m : members) {
            if (nested) {
                r.array(2);
            }
            r.bulk(m.member());
            score(r, m.score());
        }
    }

    static void score(Reply r, Double score) {
        if (score == null) {
            r.nil();
        } else {
            r.doubleValue(RedisDouble.format(score));
        }
    }

    private static void rank(Reply r, Long rank) {
        if (rank == null) {
            r.nil();
        } else {
            r.integer(rank);
        }
    }
}
