package io.hstorekv.server.command;

import io.hstorekv.KeyType;
import io.hstorekv.Sets;
import io.hstorekv.server.resp.Args;
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
             .write("smove", 4, 1, 2, 1, (c, a, r) -> r.integer(sets(c).move(a.text(1), a.text(2), a.text(3)) ? 1 : 0));
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
