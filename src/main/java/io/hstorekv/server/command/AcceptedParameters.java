package io.hstorekv.server.command;

import io.hstorekv.server.resp.RedisError;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Redis configuration parameters that hstore-kv accepts, validates as Redis 7 does, stores and
 * reports, but that change nothing here: the encoding thresholds (hstore-kv has one storage form per
 * type), persistence and replication settings (PostgreSQL has its own), and the other parameters
 * Redis's own test units set. Client code and test suites that tune them keep working.
 */
final class AcceptedParameters {
    private enum Kind { INTEGER, MEMORY, BOOLEAN, SAVE }

    /** A parameter: Redis's name, its older alias (or null), kind, bounds and default. */
    private record Parameter(String name, String alias, Kind kind, long min, long max, String initial) {}

    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final long INT_MIN = Integer.MIN_VALUE;
    private static final long LONG_MAX = Long.MAX_VALUE;

    private static final Map<String, Parameter> BY_NAME = new TreeMap<>();

    static {
        integer("hash-max-listpack-entries", "hash-max-ziplist-entries", 0, LONG_MAX, 512);
        integer("hash-max-listpack-value", "hash-max-ziplist-value", 0, LONG_MAX, 64);
        integer("set-max-intset-entries", null, 0, LONG_MAX, 512);
        integer("set-max-listpack-entries", null, 0, LONG_MAX, 128);
        integer("set-max-listpack-value", null, 0, LONG_MAX, 64);
        integer("zset-max-listpack-entries", "zset-max-ziplist-entries", 0, LONG_MAX, 128);
        integer("zset-max-listpack-value", "zset-max-ziplist-value", 0, LONG_MAX, 64);
        integer("list-max-listpack-size", "list-max-ziplist-size", INT_MIN, INT_MAX, -2);
        integer("list-compress-depth", null, 0, INT_MAX, 0);
        integer("stream-node-max-entries", null, 0, LONG_MAX, 100);
        memory("stream-node-max-bytes", 0, LONG_MAX, 4096);
        memory("hll-sparse-max-bytes", 0, LONG_MAX, 3000);
        integer("lua-time-limit", "busy-reply-threshold", 0, LONG_MAX, 5000);
        memory("client-query-buffer-limit", 1024 * 1024, LONG_MAX, 1024 * 1024 * 1024);
        memory("maxmemory", 0, LONG_MAX, 0);
        integer("min-replicas-to-write", "min-slaves-to-write", 0, INT_MAX, 0);
        integer("repl-ping-replica-period", "repl-ping-slave-period", 1, INT_MAX, 10);
        integer("rdb-key-save-delay", null, INT_MIN, INT_MAX, 0);
        integer("hz", null, 0, INT_MAX, 10);
        bool("appendonly", null, "no");
        bool("activerehashing", null, "yes");
        bool("replica-serve-stale-data", "slave-serve-stale-data", "yes");
        bool("replica-read-only", "slave-read-only", "yes");
        bool("lazyfree-lazy-expire", null, "no");
        bool("lazyfree-lazy-server-del", null, "no");
        bool("lazyfree-lazy-user-del", null, "no");
        bool("lazyfree-lazy-user-flush", null, "no");
        add(new Parameter("save", null, Kind.SAVE, 0, 0, "3600 1 300 100 60 10000"));
    }

    private final Map<String, String> values = new ConcurrentHashMap<>();

    AcceptedParameters() {
        BY_NAME.values().forEach(p -> values.put(p.name(), p.initial()));
    }

    /** Every name and alias, for CONFIG GET's patterns. */
    static Collection<String> names() {
        return BY_NAME.keySet();
    }

    static boolean known(String name) {
        return BY_NAME.containsKey(name);
    }

    /** The value under Redis's name or its alias. */
    String get(String name) {
        return values.get(BY_NAME.get(name).name());
    }

    /** The value as it will be stored: validated as Redis validates it, or a CONFIG SET failure. */
    static String checked(String name, String value) {
        Parameter p = BY_NAME.get(name);
        return switch (p.kind()) {
            case INTEGER -> Long.toString(bounded(name, p, integer(name, value)));
            case MEMORY -> Long.toString(bounded(name, p, ConfigCommand.parseMemory(name, value)));
            case BOOLEAN -> yesOrNo(name, value);
            case SAVE -> save(name, value);
        };
    }

    /** Stores a value {@link #checked} before. */
    void set(String name, String checkedValue) {
        values.put(BY_NAME.get(name).name(), checkedValue);
    }

    private static long integer(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw RedisError.configSetFailed(name, "argument couldn't be parsed into an integer");
        }
    }

    private static long bounded(String name, Parameter p, long n) {
        if (n < p.min() || n > p.max()) {
            throw RedisError.configSetFailed(name, "argument must be between " + p.min() + " and " + p.max() + " inclusive");
        }
        return n;
    }

    private static String yesOrNo(String name, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (!v.equals("yes") && !v.equals("no")) {
            throw RedisError.configSetFailed(name, "argument must be 'yes' or 'no'");
        }
        return v;
    }

    /** "seconds changes" pairs, or empty: Redis's rule for {@code save}. */
    private static String save(String name, String value) {
        String[] parts = value.trim().isEmpty() ? new String[0] : value.trim().split(" +");
        if (parts.length % 2 != 0) {
            throw RedisError.configSetFailed(name, "Invalid save parameters");
        }
        for (String part : parts) {
            try {
                if (Long.parseLong(part) < 1) {
                    throw RedisError.configSetFailed(name, "Invalid save parameters");
                }
            } catch (NumberFormatException e) {
                throw RedisError.configSetFailed(name, "Invalid save parameters");
            }
        }
        return String.join(" ", parts);
    }

    private static void integer(String name, String alias, long min, long max, long initial) {
        add(new Parameter(name, alias, Kind.INTEGER, min, max, Long.toString(initial)));
    }

    private static void memory(String name, long min, long max, long initial) {
        add(new Parameter(name, null, Kind.MEMORY, min, max, Long.toString(initial)));
    }

    private static void bool(String name, String alias, String initial) {
        add(new Parameter(name, alias, Kind.BOOLEAN, 0, 0, initial));
    }

    private static void add(Parameter p) {
        BY_NAME.put(p.name(), p);
        if (p.alias() != null) {
            BY_NAME.put(p.alias(), p);
        }
    }
}
