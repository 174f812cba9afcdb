package io.hstorekv.server;

import io.hstorekv.Namespace;
import io.hstorekv.SetOptions;
import io.hstorekv.SetResult;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Redis string commands, each a thin adapter over {@link Namespace}. */
final class StringCommands {
    private StringCommands() {}

    static void register(CommandTable table) {
        table.read("get", 2, 1, 1, 1, (c, a, r) -> r.bulk(c.namespace().getBytes(a.text(1))))
             .write("set", -3, 1, 1, 1, StringCommands::set)
             .write("setnx", 3, 1, 1, 1, (c, a, r) ->
                     r.integer(c.namespace().set(a.text(1), a.bytes(2), SetOptions.none().ifAbsent()).written() ? 1 : 0))
             .write("setex", 4, 1, 1, 1, (c, a, r) -> setWithTtl(c, a, r, 1000))
             .write("psetex", 4, 1, 1, 1, (c, a, r) -> setWithTtl(c, a, r, 1))
             .write("getset", 3, 1, 1, 1, (c, a, r) ->
                     r.bulk(c.namespace().set(a.text(1), a.bytes(2), SetOptions.none().returnPrevious()).previousBytes()))
             .read("mget", -2, 1, -1, 1, StringCommands::mget)
             .write("mset", -3, 1, -1, 2, (c, a, r) -> {
                 c.namespace().setAllBytes(pairs(a));
                 r.ok();
             })
             .write("msetnx", -3, 1, -1, 2, (c, a, r) -> r.integer(c.namespace().setAllIfAbsentBytes(pairs(a)) ? 1 : 0))
             .write("getdel", 2, 1, 1, 1, (c, a, r) -> r.bulk(c.namespace().getAndDelete(a.text(1))))
             .write("getex", -2, 1, 1, 1, StringCommands::getex)
             .write("append", 3, 1, 1, 1, (c, a, r) -> r.integer(c.namespace().append(a.text(1), a.bytes(2))))
             .read("strlen", 2, 1, 1, 1, (c, a, r) -> r.integer(c.namespace().length(a.text(1))))
             .write("incr", 2, 1, 1, 1, (c, a, r) -> r.integer(c.namespace().increment(a.text(1), 1)))
             .write("decr", 2, 1, 1, 1, (c, a, r) -> r.integer(c.namespace().increment(a.text(1), -1)))
             .write("incrby", 3, 1, 1, 1, (c, a, r) -> r.integer(c.namespace().increment(a.text(1), a.integer(2))))
             .write("decrby", 3, 1, 1, 1, StringCommands::decrby)
             .write("incrbyfloat", 3, 1, 1, 1, (c, a, r) ->
                     r.bulk(c.namespace().increment(a.text(1), finiteIncrement(a, 2)).toPlainString()));
    }

    /** SET key value [NX|XX] [GET] [EX s|PX ms|EXAT s|PXAT ms|KEEPTTL]. */
    private static void set(Client c, Args a, Reply r) {
        SetOptions options = SetOptions.none();
        boolean condition = false;
        boolean expiry = false;
        boolean get = false;
        for (int i = 3; i < a.count(); i++) {
            String option = a.option(i);
            switch (option) {
                case "NX", "XX" -> {
                    if (condition) {
                        throw RedisError.syntax();
                    }
                    condition = true;
                    options = option.equals("NX") ? options.ifAbsent() : options.ifPresent();
                }
                case "GET" -> {
                    get = true;
                    options = options.returnPrevious();
                }
                case "KEEPTTL" -> {
                    if (expiry) {
                        throw RedisError.syntax();
                    }
                    expiry = true;
                    options = options.keepTtl();
                }
                case "EX", "PX", "EXAT", "PXAT" -> {
                    if (expiry || i + 1 >= a.count()) {
                        throw RedisError.syntax();
                    }
                    expiry = true;
                    long n = a.integer(++i);
                    options = withExpiry(options, option, n, "set");
                }
                default -> throw RedisError.syntax();
            }
        }
        SetResult result = c.namespace().set(a.text(1), a.bytes(2), options);
        if (get) {
            r.bulk(result.previousBytes());
        } else if (result.written()) {
            r.ok();
        } else {
            r.nil();
        }
    }

    /** EX/PX set a TTL; EXAT/PXAT an instant (milliseconds when the option starts with P). */
    static SetOptions withExpiry(SetOptions options, String option, long n, String command) {
        long millis = milliseconds(option.startsWith("P") ? 1 : 1000, n, command);
        return option.endsWith("AT") ? options.expireAt(Instant.ofEpochMilli(millis)) : options.ttl(Duration.ofMillis(millis));
    }

    /** A positive expire time in milliseconds, or Redis's error for this command. */
    static long milliseconds(long unit, long n, String command) {
        if (n <= 0 || n > Long.MAX_VALUE / unit) {
            throw new RedisError("ERR invalid expire time in '" + command + "' command");
        }
        return n * unit;
    }

    private static void setWithTtl(Client c, Args a, Reply r, long unit) {
        long millis = milliseconds(unit, a.integer(2), a.name());
        c.namespace().set(a.text(1), a.bytes(3), SetOptions.none().ttl(Duration.ofMillis(millis)));
        r.ok();
    }

    private static void mget(Client c, Args a, Reply r) {
        List<byte[]> values = c.namespace().getAllBytes(a.texts(1));
        r.array(values.size());
        values.forEach(r::bulk);
    }

    private static Map<String, byte[]> pairs(Args a) {
        if (a.count() % 2 == 0) {
            throw new RedisError("ERR wrong number of arguments for '" + a.name() + "' command");
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 1; i < a.count(); i += 2) {
            entries.put(a.text(i), a.bytes(i + 1));
        }
        return entries;
    }

    /** GETEX key [EX s|PX ms|EXAT s|PXAT ms|PERSIST]. */
    private static void getex(Client c, Args a, Reply r) {
        Namespace ns = c.namespace();
        String key = a.text(1);
        if (a.count() == 2) {
            r.bulk(ns.getBytes(key));
            return;
        }
        String option = a.option(2);
        if (option.equals("PERSIST") && a.count() == 3) {
            r.bulk(ns.getAndPersist(key));
            return;
        }
        if (a.count() != 4 || !List.of("EX", "PX", "EXAT", "PXAT").contains(option)) {
            throw RedisError.syntax();
        }
        long millis = milliseconds(option.startsWith("P") ? 1 : 1000, a.integer(3), "getex");
        r.bulk(option.endsWith("AT") ? ns.getAndExpireAt(key, Instant.ofEpochMilli(millis))
                : ns.getAndExpire(key, Duration.ofMillis(millis)));
    }

    private static void decrby(Client c, Args a, Reply r) {
        long delta = a.integer(2);
        if (delta == Long.MIN_VALUE) {
            throw new RedisError("ERR decrement would overflow");
        }
        r.integer(c.namespace().increment(a.text(1), -delta));
    }

    static double finiteIncrement(Args a, int i) {
        double delta = a.decimal(i);
        if (Double.isInfinite(delta)) {
            throw new RedisError("ERR increment would produce NaN or Infinity");
        }
        return delta;
    }
}
