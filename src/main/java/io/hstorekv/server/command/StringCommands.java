package io.hstorekv.server.command;

import io.hstorekv.HstoreKv;
import io.hstorekv.KeyType;
import io.hstorekv.Namespace;
import io.hstorekv.NotANumberException;
import io.hstorekv.SetOptions;
import io.hstorekv.SetResult;
import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisError;
import io.hstorekv.server.resp.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Redis string commands, each a thin adapter over {@link Namespace}. */
final class StringCommands {
    private StringCommands() {}

    static void register(CommandTable table) {
        table.read("get", 2, 1, 1, 1, (c, a, r) -> replyValue(c, c.namespace().getBytes(a.text(1)), r))
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
             .write("decr", 2, 1, 1, 1, (c, a, r) -> r.integer(c.namespace().decrement(a.text(1))))
             .write("incrby", 3, 1, 1, 1, (c, a, r) -> r.integer(c.namespace().increment(a.text(1), a.integer(2))))
             .write("decrby", 3, 1, 1, 1, (c, a, r) -> r.integer(c.namespace().decrement(a.text(1), a.integer(2))))
             .write("incrbyfloat", 3, 1, 1, 1, StringCommands::incrbyfloat);
    }

    // Flags of SET and GETEX options, as Redis's parseExtendedStringArgumentsOrReply has them.
    private static final int NX = 1, XX = 2, GET = 4, KEEPTTL = 8, PERSIST = 16, EX = 32, PX = 64, EXAT = 128, PXAT = 256;
    private static final int EXPIRY = EX | PX | EXAT | PXAT;

    /** Parsed SET/GETEX options: their flags and the index of the expire time argument (0: none). */
    private record Options(int flags, int expireIndex) {
        boolean has(int flag) {
            return (flags & flag) != 0;
        }
    }

    /**
     * The options of SET (from index 3) or GETEX (from 2). As in Redis an option may repeat (the
     * last time wins) but not meet one it excludes: NX/XX, KEEPTTL/PERSIST/EX/PX/EXAT/PXAT.
     */
    private static Options parseOptions(Args a, int from, boolean set) {
        int flags = 0;
        int expireIndex = 0;
        for (int j = from; j < a.count(); j++) {
            String option = a.option(j);
            boolean hasNext = j + 1 < a.count();
            int expiry = switch (option) {
                case "EX" -> EX;
                case "PX" -> PX;
                case "EXAT" -> EXAT;
                case "PXAT" -> PXAT;
                default -> 0;
            };
            if (set && option.equals("NX") && (flags & XX) == 0) {
                flags |= NX;
            } else if (set && option.equals("XX") && (flags & NX) == 0) {
                flags |= XX;
            } else if (set && option.equals("GET")) {
                flags |= GET;
            } else if (set && option.equals("KEEPTTL") && (flags & (PERSIST | EXPIRY)) == 0) {
                flags |= KEEPTTL;
            } else if (!set && option.equals("PERSIST") && (flags & (KEEPTTL | EXPIRY)) == 0) {
                flags |= PERSIST;
            } else if (expiry != 0 && (flags & (KEEPTTL | PERSIST | (EXPIRY & ~expiry))) == 0 && hasNext) {
                flags |= expiry;
                expireIndex = ++j;
            } else {
                throw RedisError.syntax();
            }
        }
        return new Options(flags, expireIndex);
    }

    /** SET key value [NX|XX] [GET] [EX s|PX ms|EXAT s|PXAT ms|KEEPTTL]. */
    private static void set(Session c, Args a, Reply r) {
        if (a.count() == 3) {
            // The plain form takes the facade's plain path, which group commit can batch.
            c.namespace().set(a.text(1), a.bytes(2));
            r.ok();
            return;
        }
        Options parsed = parseOptions(a, 3, true);
        SetOptions options = SetOptions.none();
        if (parsed.has(NX)) {
            options = options.ifAbsent();
        }
        if (parsed.has(XX)) {
            options = options.ifPresent();
        }
        if (parsed.has(GET)) {
            options = options.returnPrevious();
        }
        if (parsed.has(KEEPTTL)) {
            options = options.keepTtl();
        }
        if (parsed.has(EXPIRY)) {
            long millis = expireMillis(a, parsed, "set");
            options = parsed.has(EXAT | PXAT) ? options.expireAt(Instant.ofEpochMilli(millis))
                    : options.ttl(Duration.ofMillis(millis));
        }
        SetResult result = c.namespace().set(a.text(1), a.bytes(2), options);
        if (parsed.has(GET)) {
            r.bulk(result.previousBytes());
        } else if (result.written()) {
            r.ok();
        } else {
            r.nil();
        }
    }

    /**
     * The EX/PX time (a TTL) or EXAT/PXAT time (an instant) in milliseconds, checked as Redis does
     * after parsing the options (seconds for EX and EXAT).
     */
    private static long expireMillis(Args a, Options parsed, String command) {
        long millis = milliseconds(parsed.has(EX | EXAT) ? 1000 : 1, a.integer(parsed.expireIndex()), command);
        checkExpiry(millis, parsed.has(EXAT | PXAT), command);
        return millis;
    }

    /** A positive expire time in milliseconds, or Redis's error for this command. */
    static long milliseconds(long unit, long n, String command) {
        if (n <= 0 || n > Long.MAX_VALUE / unit) {
            throw RedisError.invalidExpireTime(command);
        }
        return n * unit;
    }

    /**
     * The last expiry instant: hstore-kv keeps expiry times well inside PostgreSQL's timestamptz (the
     * facade rejects later ones, see Limits.instant), where Redis takes any 64-bit millisecond time.
     */
    static final long MAX_EXPIRY_MILLIS = HstoreKv.LATEST_EXPIRY.toEpochMilli();

    /**
     * Redis's overflow check of a relative time added to now ({@code millis} after the unit), then
     * hstore-kv's own limit: either way "invalid expire time". Times before now pass (they delete).
     */
    static void checkExpiry(long millis, boolean absolute, String command) {
        long now = System.currentTimeMillis();
        if (!absolute && millis > Long.MAX_VALUE - now) {
            throw RedisError.invalidExpireTime(command);
        }
        if ((absolute ? millis : now + millis) > MAX_EXPIRY_MILLIS) {
            throw RedisError.invalidExpireTime(command);
        }
    }

    private static void setWithTtl(Session c, Args a, Reply r, long unit) {
        long millis = milliseconds(unit, a.integer(2), a.name());
        checkExpiry(millis, false, a.name());
        c.namespace().set(a.text(1), a.bytes(3), SetOptions.none().ttl(Duration.ofMillis(millis)));
        r.ok();
    }

    /** GET's reply to a string's value (null: absent), counted as a keyspace hit or miss. */
    static void replyValue(Session c, byte[] value, Reply r) {
        c.keyspaceLookup(value != null);
        r.bulk(value);
    }

    /** GET's reply to a value read in a batch, which may be of another type (WRONGTYPE). */
    static void replyValue(Session c, Namespace.TypedValue value, Reply r) {
        if (value.type() != KeyType.NONE && value.type() != KeyType.STRING) {
            throw RedisError.wrongType();
        }
        replyValue(c, value.bytes(), r);
    }

    private static void mget(Session c, Args a, Reply r) {
        List<byte[]> values = c.namespace().getAllBytes(a.texts(1));
        r.array(values.size());
        values.forEach(value -> replyValue(c, value, r));
    }

    private static Map<String, byte[]> pairs(Args a) {
        if (a.count() % 2 == 0) {
            throw RedisError.wrongArity(a.name());
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 1; i < a.count(); i += 2) {
            entries.put(a.text(i), a.bytes(i + 1));
        }
        return entries;
    }

    /** GETEX key [EX s|PX ms|EXAT s|PXAT ms|PERSIST]. */
    private static void getex(Session c, Args a, Reply r) {
        Namespace ns = c.namespace();
        String key = a.text(1);
        Options parsed = parseOptions(a, 2, false);
        if (parsed.has(PERSIST)) {
            r.bulk(ns.getAndPersist(key));
            return;
        }
        if (!parsed.has(EXPIRY)) {
            r.bulk(ns.getBytes(key));
            return;
        }
        long millis;
        try {
            millis = expireMillis(a, parsed, "getex");
        } catch (RedisError e) {
            // Redis looks the key up first: a missing key is nil and another type WRONGTYPE, whatever the time
            if (ns.getBytes(key) == null) {
                r.nil();
                return;
            }
            throw e;
        }
        r.bulk(parsed.has(EXAT | PXAT) ? ns.getAndExpireAt(key, Instant.ofEpochMilli(millis))
                : ns.getAndExpire(key, Duration.ofMillis(millis)));
    }

    private static void incrbyfloat(Session c, Args a, Reply r) {
        double delta = finiteIncrement(a, 2, RedisError.nanOrInfinity());
        String key = a.text(1);
        try {
            r.bulk(c.namespace().increment(key, delta).toPlainString());
        } catch (NotANumberException e) {
            throw infiniteOr(e, c.namespace().getBytes(key));
        }
    }

    /**
     * Redis reads a stored "inf" (or "-Infinity", ...) as a float, so incrementing it fails as an
     * infinite result would, not as a non-number: that error when {@code stored} is one, else {@code e}.
     */
    static RuntimeException infiniteOr(RuntimeException e, byte[] stored) {
        if (stored != null) {
            String s = new String(stored, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            if (s.startsWith("+") || s.startsWith("-")) {
                s = s.substring(1);
            }
            if (s.equals("inf") || s.equals("infinity")) {
                return RedisError.nanOrInfinity();
            }
        }
        return e;
    }

    /**
     * A float increment, which must be finite. The facade checks that too, but Redis's text for it
     * differs between INCRBYFLOAT and HINCRBYFLOAT, and Redis checks before looking at the key.
     */
    static double finiteIncrement(Args a, int i, RedisError infinite) {
        double delta = a.decimal(i);
        if (Double.isInfinite(delta)) {
            throw infinite;
        }
        return delta;
    }
}
