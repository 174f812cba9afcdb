package io.hstorekv.server.command;

import io.hstorekv.ExpireCondition;
import io.hstorekv.KeyType;
import io.hstorekv.Namespace;
import io.hstorekv.ScanPage;
import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisError;
import io.hstorekv.server.resp.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Redis key commands (generic: any type), each a thin adapter over {@link Namespace}. */
final class KeyCommands {
    private KeyCommands() {}

    static void register(CommandTable table) {
        table.write("del", -2, 1, -1, 1, (c, a, r) -> r.integer(c.namespace().deleteAll(a.texts(1))))
             .write("unlink", -2, 1, -1, 1, (c, a, r) -> r.integer(c.namespace().deleteAll(a.texts(1))))
             .read("exists", -2, 1, -1, 1, KeyCommands::exists)
             .write("expire", -3, 1, 1, 1, (c, a, r) -> expire(c, a, r, 1000, false))
             .write("pexpire", -3, 1, 1, 1, (c, a, r) -> expire(c, a, r, 1, false))
             .write("expireat", -3, 1, 1, 1, (c, a, r) -> expire(c, a, r, 1000, true))
             .write("pexpireat", -3, 1, 1, 1, (c, a, r) -> expire(c, a, r, 1, true))
             .read("ttl", 2, 1, 1, 1, (c, a, r) -> {
                 long ms = c.namespace().ttlMillis(a.text(1));
                 r.integer(ms < 0 ? ms : (ms + 500) / 1000);
             })
             .read("pttl", 2, 1, 1, 1, (c, a, r) -> r.integer(c.namespace().ttlMillis(a.text(1))))
             .read("expiretime", 2, 1, 1, 1, (c, a, r) -> expireTime(c, a, r, 1000))
             .read("pexpiretime", 2, 1, 1, 1, (c, a, r) -> expireTime(c, a, r, 1))
             .write("persist", 2, 1, 1, 1, (c, a, r) -> r.integer(c.namespace().persist(a.text(1)) ? 1 : 0))
             .read("type", 2, 1, 1, 1, (c, a, r) -> {
                 KeyType type = c.namespace().type(a.text(1));
                 c.keyspaceLookup(type != KeyType.NONE);
                 r.simple(type.redisName());
             })
             .write("rename", 3, 1, 2, 1, (c, a, r) -> {
                 c.namespace().rename(a.text(1), a.text(2));
                 r.ok();
             })
             .write("renamenx", 3, 1, 2, 1, (c, a, r) ->
                     r.integer(c.namespace().renameIfAbsent(a.text(1), a.text(2)) ? 1 : 0))
             .read("keys", 2, 0, 0, 0, KeyCommands::keys)
             .read("scan", -2, 0, 0, 0, KeyCommands::scan)
             .read("randomkey", 1, 0, 0, 0, (c, a, r) -> r.name(c.namespace().randomKey()));
    }

    /** EXISTS: each key named counts as a keyspace hit or miss, as in Redis. */
    private static void exists(Session c, Args a, Reply r) {
        List<String> keys = a.texts(1);
        long found = c.namespace().countExisting(keys);
        for (int i = 0; i < keys.size(); i++) {
            c.keyspaceLookup(i < found);
        }
        r.integer(found);
    }

    /** EXPIRE family: [NX|XX|GT|LT]; a time at or before now deletes the key, as in Redis. */
    private static void expire(Session c, Args a, Reply r, long unit, boolean absolute) {
        ExpireCondition condition = ExpireCondition.ALWAYS;
        for (int i = 3; i < a.count(); i++) {
            ExpireCondition next;
            try {
                next = ExpireCondition.valueOf(a.option(i));
            } catch (IllegalArgumentException e) {
                throw RedisError.unsupportedOption(a.string(i));
            }
            if (next == ExpireCondition.ALWAYS || next == ExpireCondition.XX_LT) {
                throw RedisError.unsupportedOption(a.string(i)); // our names, not Redis's options
            }
            condition = combine(condition, next);
        }
        long n = a.integer(2);
        if ((n > 0 && n > Long.MAX_VALUE / unit) || (n < 0 && n < Long.MIN_VALUE / unit)) {
            throw RedisError.invalidExpireTime(a.name());
        }
        // An absolute time past the last expiry hstore-kv keeps is taken as that last one: Redis
        // accepts any 64-bit time there, and either way the key outlives everyone.
        long millis = absolute ? Math.min(n * unit, StringCommands.MAX_EXPIRY_MILLIS) : n * unit;
        StringCommands.checkExpiry(millis, absolute, a.name());
        Namespace ns = c.namespace();
        String key = a.text(1);
        boolean changed = absolute
                ? ns.expireAt(key, Instant.ofEpochMilli(Math.max(0, millis)), condition)
                : ns.expire(key, Duration.ofMillis(millis), condition);
        r.integer(changed ? 1 : 0);
    }

    /** Redis's rules for repeated options: NX alone, GT with LT never, XX with GT is GT, XX with LT is both. */
    private static ExpireCondition combine(ExpireCondition current, ExpireCondition next) {
        if (current == ExpireCondition.ALWAYS || current == next) {
            return next;
        }
        if (current == ExpireCondition.NX || next == ExpireCondition.NX) {
            throw RedisError.nxWithOtherConditions();
        }
        Set<ExpireCondition> both = EnumSet.of(current, next);
        if (both.contains(ExpireCondition.GT) && (both.contains(ExpireCondition.LT) || both.contains(ExpireCondition.XX_LT))) {
            throw RedisError.gtAndLt();
        }
        if (both.contains(ExpireCondition.GT)) {
            return ExpireCondition.GT;
        }
        return ExpireCondition.XX_LT;
    }

    private static void expireTime(Session c, Args a, Reply r, long unit) {
        Namespace ns = c.namespace();
        String key = a.text(1);
        Instant at = ns.expiresAt(key);
        if (at == null) {
            r.integer(ns.exists(key) ? -1 : -2);
        } else {
            r.integer(at.toEpochMilli() / unit);
        }
    }

    private static void keys(Session c, Args a, Reply r) {
        List<String> keys = new ArrayList<>();
        String cursor = ScanPage.START;
        do {
            ScanPage page = c.namespace().scan(a.text(1), cursor, 1000);
            keys.addAll(page.keys());
            cursor = page.cursor();
        } while (!cursor.equals(ScanPage.START));
        r.array(keys.size());
        keys.forEach(r::name);
    }

    /** SCAN cursor [MATCH pattern] [COUNT n] [TYPE type]. */
    private static void scan(Session c, Args a, Reply r) {
        String pattern = "*";
        int count = 10;
        KeyType type = null;
        for (int i = 2; i < a.count(); i += 2) {
            if (i + 1 >= a.count()) {
                throw RedisError.syntax();
            }
            switch (a.option(i)) {
                case "MATCH" -> pattern = a.text(i + 1);
                case "COUNT" -> {
                    long n = a.integer(i + 1);
                    if (n < 1) {
                        throw RedisError.syntax();
                    }
                    count = (int) Math.min(n, 100_000);
                }
                case "TYPE" -> type = keyType(a.string(i + 1));
                default -> throw RedisError.syntax();
            }
        }
        ScanCursors cursors = c.server().scanCursors();
        String after = cursors.resume(c.db(), a.string(1));
        if (type == KeyType.NONE) {
            ScanOptions.emptyScan(r);
            return;
        }
        ScanPage page = c.namespace().scan(pattern, type, after, count);
        r.array(2);
        r.bulk(page.isLast() ? "0" : cursors.issue(c.db(), page.cursor()));
        r.array(page.keys().size());
        page.keys().forEach(r::name);
    }

    /** A TYPE filter; a type hstore-kv has no keys of (list, stream) matches nothing. */
    private static KeyType keyType(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "string" -> KeyType.STRING;
            case "hash" -> KeyType.HASH;
            case "set" -> KeyType.SET;
            case "zset" -> KeyType.ZSET;
            default -> KeyType.NONE;
        };
    }
}
