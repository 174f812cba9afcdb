package io.hstorekv.server.command;

import io.hstorekv.Hashes;
import io.hstorekv.KeyType;
import io.hstorekv.NotANumberException;
import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisError;
import io.hstorekv.server.resp.Reply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Redis hash commands, each a thin adapter over {@link Hashes}. */
final class HashCommands {
    private HashCommands() {}

    static void register(CommandTable table) {
        table.write("hset", -4, 1, 1, 1, (c, a, r) -> r.integer(hashes(c).setBytes(a.text(1), pairs(a))))
             .write("hmset", -4, 1, 1, 1, (c, a, r) -> {
                 hashes(c).setBytes(a.text(1), pairs(a));
                 r.ok();
             })
             .write("hsetnx", 4, 1, 1, 1, (c, a, r) ->
                     r.integer(hashes(c).setIfAbsent(a.text(1), a.text(2), a.bytes(3)) ? 1 : 0))
             .read("hget", 3, 1, 1, 1, (c, a, r) -> r.bulk(hashes(c).getBytes(a.text(1), a.text(2))))
             .read("hmget", -3, 1, 1, 1, (c, a, r) -> array(r, hashes(c).getBytes(a.text(1), a.texts(2))))
             .read("hgetall", 2, 1, 1, 1, (c, a, r) -> {
                 Map<String, byte[]> fields = hashes(c).getAllBytes(a.text(1));
                 c.keyspaceLookup(!fields.isEmpty()); // a hash has fields or does not exist
                 map(r, fields);
             })
             .write("hdel", -3, 1, 1, 1, (c, a, r) ->
                     r.integer(hashes(c).delete(a.text(1), a.texts(2).toArray(String[]::new))))
             .read("hexists", 3, 1, 1, 1, (c, a, r) -> r.integer(hashes(c).exists(a.text(1), a.text(2)) ? 1 : 0))
             .read("hlen", 2, 1, 1, 1, (c, a, r) -> r.integer(hashes(c).size(a.text(1))))
             .read("hkeys", 2, 1, 1, 1, (c, a, r) -> {
                 List<String> names = hashes(c).fieldNames(a.text(1));
                 r.array(names.size());
                 names.forEach(r::name);
             })
             .read("hvals", 2, 1, 1, 1, (c, a, r) -> array(r, hashes(c).valuesBytes(a.text(1))))
             .read("hstrlen", 3, 1, 1, 1, (c, a, r) -> r.integer(hashes(c).valueLength(a.text(1), a.text(2))))
             .write("hincrby", 4, 1, 1, 1, (c, a, r) -> r.integer(hashes(c).increment(a.text(1), a.text(2), a.integer(3))))
             .write("hincrbyfloat", 4, 1, 1, 1, HashCommands::hincrbyfloat)
             .read("hscan", -3, 1, 1, 1, HashCommands::hscan)
             .read("hrandfield", -2, 1, 1, 1, HashCommands::hrandfield);
    }

    /**
     * HRANDFIELD key [count [WITHVALUES]]: one field (or nil), or fields chosen as {@link RandomPicks}
     * does; with values, RESP3 gets [field, value] pairs, RESP2 a flat array.
     */
    private static void hrandfield(Session c, Args a, Reply r) {
        boolean withValues = a.count() == 4 && a.option(3).equals("WITHVALUES");
        if (a.count() > 4 || a.count() == 4 && !withValues) {
            throw RedisError.syntax();
        }
        long count = a.count() >= 3 ? RandomPicks.count(a, 2) : 1;
        List<Map.Entry<String, byte[]>> pairs = List.copyOf(hashes(c).getAllBytes(a.text(1)).entrySet());
        List<Integer> picked = RandomPicks.indexes(pairs.size(), count);
        if (a.count() == 2) {
            r.name(picked.isEmpty() ? null : pairs.get(picked.get(0)).getKey());
            return;
        }
        boolean nested = withValues && c.protocol() == 3;
        r.array(withValues && !nested ? picked.size() * 2 : picked.size());
        for (int i : picked) {
            if (nested) {
                r.array(2);
            }
            r.name(pairs.get(i).getKey());
            if (withValues) {
                r.bulk(pairs.get(i).getValue());
            }
        }
    }

    /** HINCRBYFLOAT: unlike INCRBYFLOAT, Redis rejects an infinite increment before looking at the hash. */
    private static void hincrbyfloat(Session c, Args a, Reply r) {
        double delta = StringCommands.finiteIncrement(a, 3, RedisError.incrementNanOrInfinity());
        String key = a.text(1);
        String field = a.text(2);
        try {
            r.bulk(hashes(c).increment(key, field, delta).toPlainString());
        } catch (NotANumberException e) {
            throw StringCommands.infiniteOr(e, hashes(c).getBytes(key, field));
        }
    }

    private static Hashes hashes(Session c) {
        return c.namespace().hashes();
    }

    private static Map<String, byte[]> pairs(Args a) {
        if (a.count() % 2 != 0) {
            throw RedisError.wrongArity(a.name());
        }
        Map<String, byte[]> fields = new LinkedHashMap<>();
        for (int i = 2; i < a.count(); i += 2) {
            fields.put(a.text(i), a.bytes(i + 1));
        }
        return fields;
    }

    private static void array(Reply r, List<byte[]> values) {
        r.array(values.size());
        values.forEach(r::bulk);
    }

    private static void map(Reply r, Map<String, byte[]> pairs) {
        r.map(pairs.size());
        pairs.forEach((field, value) -> {
            r.name(field);
            r.bulk(value);
        });
    }

    /**
     * HSCAN key cursor [MATCH pattern] [COUNT n] [NOVALUES]: a hash is read whole, so everything comes
     * in one reply with cursor 0, as Redis does for small hashes.
     */
    private static void hscan(Session c, Args a, Reply r) {
        ScanOptions options = ScanOptions.parseForKey(c, a, KeyType.HASH, true);
        if (options == null) {
            ScanOptions.emptyScan(r);
            return;
        }
        Map<String, byte[]> pairs = hashes(c).scan(a.text(1), options.pattern());
        r.array(2);
        r.bulk("0");
        r.array(options.noValues() ? pairs.size() : pairs.size() * 2);
        pairs.forEach((field, value) -> {
            r.name(field);
            if (!options.noValues()) {
                r.bulk(value);
            }
        });
    }
}
