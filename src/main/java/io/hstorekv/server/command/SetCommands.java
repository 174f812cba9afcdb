package io.hstorekv.server.command;

import io.hstorekv.KeyType;
import io.hstorekv.Sets;
import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisError;
import io.hstorekv.server.resp.Reply;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Redis set commands, each a thin adapter over {@link Sets}. */
final class SetCommands {
    private SetCommands() {}

    static void register(CommandTable table) {
        table.write("sadd", -3, 1, 1, 1, (c, a, r) -> r.integer(sets(c).add(a.text(1), members(a, 2))))
             .write("srem", -3, 1, 1, 1, (c, a, r) -> r.integer(sets(c).remove(a.text(1), members(a, 2))))
             .read("sismember", 3, 1, 1, 1, (c, a, r) -> r.integer(sets(c).isMember(a.text(1), a.text(2)) ? 1 : 0))
             .read("smismember", -3, 1, 1, 1, (c, a, r) -> {
                 List<Boolean> found = sets(c).areMembers(a.text(1), a.texts(2));
                 r.array(found.size());
                 found.forEach(f -> r.integer(f ? 1 : 0));
             })
             .read("smembers", 2, 1, 1, 1, (c, a, r) -> {
                 Set<String> members = sets(c).members(a.text(1));
                 c.keyspaceLookup(!members.isEmpty()); // a set has members or does not exist
                 set(r, members);
             })
             .read("scard", 2, 1, 1, 1, (c, a, r) -> r.integer(sets(c).size(a.text(1))))
             .read("sscan", -3, 1, 1, 1, (c, a, r) -> {
                 ScanOptions options = ScanOptions.parseForKey(c, a, KeyType.SET, false);
                 if (options == null) {
                     ScanOptions.emptyScan(r);
                     return;
                 }
                 Set<String> members = sets(c).scan(a.text(1), options.pattern());
                 r.array(2);
                 r.bulk("0");
                 r.array(members.size());
                 members.forEach(r::name);
             })
             .read("sinter", -2, 1, -1, 1, (c, a, r) -> set(r, sets(c).intersection(a.texts(1))))
             .read("sunion", -2, 1, -1, 1, (c, a, r) -> set(r, sets(c).union(a.texts(1))))
             .read("sdiff", -2, 1, -1, 1, (c, a, r) -> set(r, sets(c).difference(a.texts(1))))
             .write("smove", 4, 1, 2, 1, (c, a, r) -> r.integer(sets(c).move(a.text(1), a.text(2), a.text(3)) ? 1 : 0))
             .write("sinterstore", -3, 1, -1, 1, (c, a, r) -> r.integer(sets(c).storeIntersection(a.text(1), a.texts(2))))
             .write("sunionstore", -3, 1, -1, 1, (c, a, r) -> r.integer(sets(c).storeUnion(a.text(1), a.texts(2))))
             .write("sdiffstore", -3, 1, -1, 1, (c, a, r) -> r.integer(sets(c).storeDifference(a.text(1), a.texts(2))))
             .read("sintercard", -3, 0, 0, 0, SetCommands::sintercard)
             .write("spop", -2, 1, 1, 1, SetCommands::spop)
             .read("srandmember", -2, 1, 1, 1, SetCommands::srandmember);
    }

    /** SINTERCARD numkeys key [key ...] [LIMIT limit]: the intersection's size, counted up to the limit (0: all). */
    private static void sintercard(Session c, Args a, Reply r) {
        long numkeys = atLeast(a, 1, 1, RedisError.numkeysNotPositive());
        if (numkeys > a.count() - 2) {
            throw RedisError.moreKeysThanArgs();
        }
        int optionsFrom = 2 + (int) numkeys;
        long limit = 0;
        for (int i = optionsFrom; i < a.count(); i += 2) {
            if (!a.option(i).equals("LIMIT") || i + 1 >= a.count()) {
                throw RedisError.syntax();
            }
            limit = atLeast(a, i + 1, 0, RedisError.negativeLimit());
        }
        long size = sets(c).intersection(a.texts(2).subList(0, (int) numkeys)).size();
        r.integer(limit == 0 ? size : Math.min(size, limit));
    }

    /** SPOP key [count]: one member (or nil) without a count, else a set of up to count members. */
    private static void spop(Session c, Args a, Reply r) {
        if (a.count() > 3) {
            throw RedisError.syntax();
        }
        if (a.count() == 2) {
            Set<String> popped = sets(c).pop(a.text(1), 1);
            r.name(popped.isEmpty() ? null : popped.iterator().next());
            return;
        }
        set(r, sets(c).pop(a.text(1), atLeast(a, 2, 0, RedisError.mustBePositive())));
    }

    /** An integer argument of at least {@code min}; else, not an integer included, the command's own error (as Redis). */
    private static long atLeast(Args a, int i, long min, RedisError error) {
        long n;
        try {
            n = a.integer(i);
        } catch (RedisError notInteger) {
            throw error;
        }
        if (n < min) {
            throw error;
        }
        return n;
    }

    /** SRANDMEMBER key [count]: one member (or nil), or an array chosen as {@link RandomPicks} does. */
    private static void srandmember(Session c, Args a, Reply r) {
        if (a.count() > 3) {
            throw RedisError.syntax();
        }
        long count = a.count() == 3 ? RandomPicks.count(a, 2) : 1;
        List<String> members = List.copyOf(sets(c).members(a.text(1)));
        List<Integer> picked = RandomPicks.indexes(members.size(), count);
        if (a.count() == 2) {
            r.name(picked.isEmpty() ? null : members.get(picked.get(0)));
            return;
        }
        r.array(picked.size());
        picked.forEach(i -> r.name(members.get(i)));
    }

    private static Sets sets(Session c) {
        return c.namespace().sets();
    }

    private static String[] members(Args a, int from) {
        return a.texts(from).toArray(String[]::new);
    }

    private static void set(Reply r, Collection<String> members) {
        r.set(members.size());
        members.forEach(r::name);
    }
}
