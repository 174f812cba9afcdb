package io.hstorekv.server.command;

import io.hstorekv.ListEnd;
import io.hstorekv.Lists;
import io.hstorekv.PoppedItems;
import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisError;
import io.hstorekv.server.resp.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Redis list commands, each a thin adapter over {@link Lists}; arguments are checked in Redis's
 * order (options before the key's type). The blocking ones answer later (see {@link Blocking}),
 * except inside EXEC, where they do not block, as in Redis.
 */
final class ListCommands {
    private ListCommands() {}

    static void register(CommandTable table) {
        table.write("lpush", -3, 1, 1, 1, (c, a, r) -> r.integer(lists(c).pushBytes(a.text(1), ListEnd.LEFT, values(a, 2))))
             .write("rpush", -3, 1, 1, 1, (c, a, r) -> r.integer(lists(c).pushBytes(a.text(1), ListEnd.RIGHT, values(a, 2))))
             .write("lpushx", -3, 1, 1, 1, (c, a, r) -> r.integer(lists(c).pushBytesIfExists(a.text(1), ListEnd.LEFT, values(a, 2))))
             .write("rpushx", -3, 1, 1, 1, (c, a, r) -> r.integer(lists(c).pushBytesIfExists(a.text(1), ListEnd.RIGHT, values(a, 2))))
             .write("lpop", -2, 1, 1, 1, (c, a, r) -> pop(c, a, r, ListEnd.LEFT))
             .write("rpop", -2, 1, 1, 1, (c, a, r) -> pop(c, a, r, ListEnd.RIGHT))
             .read("llen", 2, 1, 1, 1, (c, a, r) -> r.integer(lists(c).size(a.text(1))))
             .read("lrange", 4, 1, 1, 1, (c, a, r) -> {
                 long start = a.integer(2);
                 long stop = a.integer(3);
                 items(r, lists(c).rangeBytes(a.text(1), start, stop));
             })
             .read("lindex", 3, 1, 1, 1, (c, a, r) -> {
                 long index = a.integer(2);
                 r.bulk(lists(c).getBytes(a.text(1), index));
             })
             .write("lset", 4, 1, 1, 1, (c, a, r) -> {
                 long index = a.integer(2);
                 try {
                     lists(c).set(a.text(1), index, a.bytes(3));
                 } catch (IndexOutOfBoundsException e) {
                     throw RedisError.indexOutOfRange();
                 }
                 r.ok();
             })
             .write("linsert", 5, 1, 1, 1, (c, a, r) -> {
                 String where = a.option(2);
                 if (!where.equals("BEFORE") && !where.equals("AFTER")) {
                     throw RedisError.syntax();
                 }
                 r.integer(lists(c).insert(a.text(1), where.equals("BEFORE"), a.bytes(3), a.bytes(4)));
             })
             .write("lrem", 4, 1, 1, 1, (c, a, r) -> {
                 long count = a.integer(2);
                 r.integer(lists(c).remove(a.text(1), count, a.bytes(3)));
             })
             .write("ltrim", 4, 1, 1, 1, (c, a, r) -> {
                 long start = a.integer(2);
                 long stop = a.integer(3);
                 lists(c).trim(a.text(1), start, stop);
                 r.ok();
             })
             .read("lpos", -3, 1, 1, 1, ListCommands::lpos)
             .write("lmove", 5, 1, 2, 1, (c, a, r) -> {
                 ListEnd from = listEnd(a, 3);
                 ListEnd to = listEnd(a, 4);
                 r.bulk(lists(c).move(a.text(1), a.text(2), from, to));
             })
             .write("rpoplpush", 3, 1, 2, 1, (c, a, r) -> r.bulk(lists(c).move(a.text(1), a.text(2), ListEnd.RIGHT, ListEnd.LEFT)))
             .write("lmpop", -4, 2, -2, 1, (c, a, r) -> {
                 MultiPop m = MultiPop.parse(a, 1);
                 popped(r, lists(c).popFirst(m.keys(), m.end(), m.count()));
             })
             .write("blpop", -3, 1, -2, 1, (c, a, r) -> blockingPop(c, a, r, ListEnd.LEFT))
             .write("brpop", -3, 1, -2, 1, (c, a, r) -> blockingPop(c, a, r, ListEnd.RIGHT))
             .write("blmpop", -5, 3, -2, 1, (c, a, r) -> {
                 Duration timeout = Blocking.timeout(a, 1);
                 MultiPop m = MultiPop.parse(a, 2);
                 if (c.multi().executing()) {
                     popped(r, lists(c).popFirst(m.keys(), m.end(), m.count()));
                     return;
                 }
                 Blocking.replyLater(c, lists(c).popBlocking(m.keys(), m.end(), m.count(), timeout), ListCommands::popped);
             })
             .write("blmove", 6, 1, 2, 1, (c, a, r) -> {
                 ListEnd from = listEnd(a, 3);
                 ListEnd to = listEnd(a, 4);
                 blockingMove(c, a, r, from, to, Blocking.timeout(a, 5));
             })
             .write("brpoplpush", 4, 1, 2, 1, (c, a, r) ->
                     blockingMove(c, a, r, ListEnd.RIGHT, ListEnd.LEFT, Blocking.timeout(a, 3)));
    }

    private static Lists lists(Session c) {
        return c.namespace().lists();
    }

    private static List<byte[]> values(Args a, int from) {
        List<byte[]> values = new ArrayList<>(a.count() - from);
        for (int i = from; i < a.count(); i++) {
            values.add(a.bytes(i));
        }
        return values;
    }

    /** LPOP/RPOP: one item (a bulk) without a count, an array with one; nil when the key is absent. */
    private static void pop(Session c, Args a, Reply r, ListEnd end) {
        if (a.count() > 3) {
            throw RedisError.wrongArity(a.name());
        }
        if (a.count() == 2) {
            List<byte[]> popped = lists(c).popBytes(a.text(1), end, 1);
            r.bulk(popped == null ? null : popped.get(0));
            return;
        }
        long count = positive(a, 2, RedisError.notPositive());
        List<byte[]> popped = lists(c).popBytes(a.text(1), end, count);
        if (popped == null) {
            r.nilArray();
        } else {
            items(r, popped);
        }
    }

    /** LPOS key element [RANK r] [COUNT n] [MAXLEN m]: an index or nil, or with COUNT an array. */
    private static void lpos(Session c, Args a, Reply r) {
        long rank = 1;
        long count = -1;
        long maxLength = 0;
        for (int i = 3; i < a.count(); i++) {
            String option = a.option(i);
            boolean more = i + 1 < a.count();
            if (option.equals("RANK") && more) {
                rank = a.integer(++i);
                if (rank == Long.MIN_VALUE) {
                    throw RedisError.outOfSymmetricRange();
                }
                if (rank == 0) {
                    throw RedisError.rankZero();
                }
            } else if (option.equals("COUNT") && more) {
                count = positive(a, ++i, RedisError.cannotBeNegative("COUNT"));
            } else if (option.equals("MAXLEN") && more) {
                maxLength = positive(a, ++i, RedisError.cannotBeNegative("MAXLEN"));
            } else {
                throw RedisError.syntax();
            }
        }
        List<Long> found = lists(c).positions(a.text(1), a.bytes(2), rank, Math.max(count, 0), maxLength);
        if (count == -1) {
            if (found.isEmpty()) {
                r.nil();
            } else {
                r.integer(found.get(0));
            }
            return;
        }
        r.array(found.size());
        found.forEach(r::integer);
    }

    private static void blockingPop(Session c, Args a, Reply r, ListEnd end) {
        Duration timeout = Blocking.timeout(a, a.count() - 1);
        List<String> keys = a.texts(1).subList(0, a.count() - 2);
        if (c.multi().executing()) {
            keyAndItem(r, lists(c).popFirst(keys, end, 1));
            return;
        }
        Blocking.replyLater(c, lists(c).popBlocking(keys, end, 1, timeout), ListCommands::keyAndItem);
    }

    private static void blockingMove(Session c, Args a, Reply r, ListEnd from, ListEnd to, Duration timeout) {
        if (c.multi().executing()) {
            r.bulk(lists(c).move(a.text(1), a.text(2), from, to));
            return;
        }
        Blocking.replyLater(c, lists(c).moveBlocking(a.text(1), a.text(2), from, to, timeout), (out, moved) -> {
            if (moved == null) {
                out.nilArray();
            } else {
                out.bulk(moved);
            }
        });
    }

    /** BLPOP/BRPOP's reply: [key, item], or the null array. */
    private static void keyAndItem(Reply r, PoppedItems popped) {
        fromKey(r, popped, items -> r.bulk(items.get(0)));
    }

    /** LMPOP/BLMPOP's reply: [key, [items]], or the null array. */
    private static void popped(Reply r, PoppedItems popped) {
        fromKey(r, popped, items -> items(r, items));
    }

    private static void fromKey(Reply r, PoppedItems popped, Consumer<List<byte[]>> items) {
        if (popped == null) {
            r.nilArray();
            return;
        }
        r.array(2);
        r.bulk(popped.key());
        items.accept(popped.items());
    }

    private static void items(Reply r, List<byte[]> items) {
        r.array(items.size());
        items.forEach(r::bulk);
    }

    static ListEnd listEnd(Args a, int i) {
        return switch (a.option(i)) {
            case "LEFT" -> ListEnd.LEFT;
            case "RIGHT" -> ListEnd.RIGHT;
            default -> throw RedisError.syntax();
        };
    }

    /** A non-negative integer; anything else is {@code error} (Redis's getPositiveLongFromObjectOrReply). */
    static long positive(Args a, int i, RedisError error) {
        long n;
        try {
            n = a.integer(i);
        } catch (RedisError notInteger) {
            throw error;
        }
        if (n < 0) {
            throw error;
        }
        return n;
    }

    /** LMPOP's and BLMPOP's "numkeys key [key ...] LEFT|RIGHT [COUNT count]", from {@code at}. */
    record MultiPop(List<String> keys, ListEnd end, long count) {
        static MultiPop parse(Args a, int at) {
            long numKeys = greaterThanZero(a, at, "numkeys");
            if (numKeys >= a.count() - at - 1) {
                throw RedisError.syntax();
            }
            int whereAt = at + 1 + (int) numKeys;
            ListEnd end = listEnd(a, whereAt);
            long count = -1;
            for (int i = whereAt + 1; i < a.count(); i++) {
                if (count == -1 && a.option(i).equals("COUNT") && i + 1 < a.count()) {
                    count = greaterThanZero(a, ++i, "count");
                } else {
                    throw RedisError.syntax();
                }
            }
            List<String> keys = new ArrayList<>((int) numKeys);
            for (int i = at + 1; i < whereAt; i++) {
                keys.add(a.text(i));
            }
            return new MultiPop(keys, end, count == -1 ? 1 : count);
        }

        private static long greaterThanZero(Args a, int i, String what) {
            RedisError error = RedisError.shouldBeGreaterThanZero(what);
            long n = positive(a, i, error);
            if (n == 0) {
                throw error;
            }
            return n;
        }
    }
}
