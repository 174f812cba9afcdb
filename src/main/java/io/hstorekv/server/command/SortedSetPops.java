package io.hstorekv.server.command;

import static io.hstorekv.server.command.SortedSetCommands.members;
import static io.hstorekv.server.command.SortedSetCommands.score;
import static io.hstorekv.server.command.SortedSetCommands.z;

import io.hstorekv.PoppedMembers;
import io.hstorekv.ScoredMember;
import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisDouble;
import io.hstorekv.server.resp.RedisError;
import io.hstorekv.server.resp.Reply;
import java.time.Duration;
import java.util.List;

/**
 * ZPOPMIN, ZPOPMAX, ZMPOP and the blocking BZPOPMIN, BZPOPMAX, BZMPOP. A blocked command answers
 * later ({@link Blocking#replyLater}), holding no thread while it waits; the wait itself polls
 * nothing (see the facade's popBlocking). Inside EXEC they do not block, as in Redis.
 */
final class SortedSetPops {
    private SortedSetPops() {}

    /** Where ZMPOP / BZMPOP's arguments are: numkeys, then keys, MIN|MAX and COUNT. */
    private record MultiPop(List<String> keys, boolean highest, long count) {}

    static void register(CommandTable table) {
        table.write("zpopmin", -2, 1, 1, 1, (c, a, r) -> pop(c, a, r, false))
             .write("zpopmax", -2, 1, 1, 1, (c, a, r) -> pop(c, a, r, true))
             .write("zmpop", -4, 0, 0, 0, (c, a, r) -> {
                 MultiPop q = multiPop(a, 1);
                 popped(r, z(c).popFirst(q.keys(), q.highest(), q.count()));
             })
             .write("bzpopmin", -3, 1, -2, 1, (c, a, r) -> blockingPop(c, a, r, false))
             .write("bzpopmax", -3, 1, -2, 1, (c, a, r) -> blockingPop(c, a, r, true))
             .write("bzmpop", -5, 0, 0, 0, (c, a, r) -> {
                 MultiPop q = multiPop(a, 2);
                 Duration timeout = Blocking.timeout(a, 1);
                 if (c.multi().executing()) {
                     popped(r, z(c).popFirst(q.keys(), q.highest(), q.count()));
                     return;
                 }
                 Blocking.replyLater(c, z(c).popBlocking(q.keys(), q.highest(), q.count(), timeout), SortedSetPops::popped);
             });
    }

    /** ZPOPMIN / ZPOPMAX key [count]: without a count one member, flat; with one, RESP3 nests the pairs. */
    private static void pop(Session c, Args a, Reply r, boolean highest) {
        if (a.count() > 3) {
            throw RedisError.syntax();
        }
        long count = a.count() == 3 ? nonNegative(a, 2) : 1;
        String key = a.text(1);
        if (count == 0) {
            z(c).size(key); // the type is checked all the same
            r.array(0);
            return;
        }
        List<ScoredMember> popped = highest ? z(c).popMax(key, count) : z(c).popMin(key, count);
        if (a.count() == 3) {
            members(c, r, popped, true);
            return;
        }
        r.array(popped.size() * 2);
        popped.forEach(m -> {
            r.bulk(m.member());
            score(r, m.score());
        });
    }

    /** BZPOPMIN / BZPOPMAX key [key ...] timeout: [key, member, score], or the null array after the timeout. */
    private static void blockingPop(Session c, Args a, Reply r, boolean highest) {
        Duration timeout = Blocking.timeout(a, a.count() - 1);
        List<String> keys = a.texts(1).subList(0, a.count() - 2);
        if (c.multi().executing()) {
            keyMemberScore(r, z(c).popFirst(keys, highest, 1));
            return;
        }
        Blocking.replyLater(c, z(c).popBlocking(keys, highest, 1, timeout), SortedSetPops::keyMemberScore);
    }

    /** BZPOPMIN / BZPOPMAX's reply: [key, member, score], or the null array after the timeout. */
    private static void keyMemberScore(Reply r, PoppedMembers popped) {
        if (popped == null) {
            r.nilArray();
            return;
        }
        ScoredMember m = popped.members().get(0);
        r.array(3);
        r.bulk(popped.key());
        r.bulk(m.member());
        r.doubleValue(RedisDouble.format(m.score()));
    }

    /** numkeys key [key ...] MIN|MAX [COUNT count], numkeys at {@code at}, as Redis parses them. */
    private static MultiPop multiPop(Args a, int at) {
        long numkeys = positive(a, at, RedisError.numkeysNotPositive());
        if (numkeys + at + 1 >= a.count()) {
            throw RedisError.syntax();
        }
        int where = (int) numkeys + at + 1;
        boolean highest = switch (a.option(where)) {
            case "MIN" -> false;
            case "MAX" -> true;
            default -> throw RedisError.syntax();
        };
        long count = -1;
        for (int j = where + 1; j < a.count(); j++) {
            if (count == -1 && a.option(j).equals("COUNT") && j + 1 < a.count()) {
                count = positive(a, ++j, RedisError.countNotPositive());
            } else {
                throw RedisError.syntax();
            }
        }
        return new MultiPop(a.texts(at + 1).subList(0, (int) numkeys), highest, count == -1 ? 1 : count);
    }

    /** ZMPOP's reply: [key, [[member, score], ...]] in both protocols, or the null array. */
    private static void popped(Reply r, PoppedMembers popped) {
        if (popped == null) {
            r.nilArray();
            return;
        }
        r.array(2);
        r.bulk(popped.key());
        r.array(popped.members().size());
        popped.members().forEach(m -> {
            r.array(2);
            r.bulk(m.member());
            score(r, m.score());
        });
    }

    /** Redis's getPositiveLong (0 included): one error for a negative number and for no number. */
    private static long nonNegative(Args a, int i) {
        return atLeast(a, i, 0, RedisError.notPositive());
    }

    /** A number of at least {@code min}; {@code error} for anything else, a non-number too (as Redis). */
    private static long atLeast(Args a, int i, long min, RedisError error) {
        try {
            long n = a.integer(i);
            if (n >= min) {
                return n;
            }
        } catch (RedisError notInteger) {
            // the same error as a number out of range
        }
        throw error;
    }

    private static long positive(Args a, int i, RedisError error) {
        return atLeast(a, i, 1, error);
    }
}
