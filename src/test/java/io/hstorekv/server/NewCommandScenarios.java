package io.hstorekv.server;

import static io.hstorekv.server.DifferentialTest.c;
import static io.hstorekv.server.DifferentialTest.scenario;

import io.hstorekv.server.DifferentialTest.Scenario;
import java.util.List;

/**
 * {@link DifferentialTest}'s scenarios for the commands issue #12 adds to the string, key, hash and
 * set families, and for CONFIG's accepted parameters. Random choices are checked where Redis's
 * answer is determined (a set of one member, a count above the size).
 */
final class NewCommandScenarios {
    private static final byte[] BIN = {0, (byte) 0xFF, 'a'};

    private NewCommandScenarios() {}

    static List<Scenario> all() {
        return List.of(
            scenario("SETRANGE",
                c("SETRANGE", "k", "0", "abc"), c("GET", "k"), c("SETRANGE", "k", "1", "X"), c("GET", "k"),
                c("SETRANGE", "k", "6", "Z"), c("GET", "k"), c("STRLEN", "k"), c("SETRANGE", "k", "0", ""),
                c("SETRANGE", "missing", "5", ""), c("EXISTS", "missing"), c("SETRANGE", "new", "2", BIN), c("GET", "new"),
                c("SETRANGE", "k", "-1", "x"), c("SETRANGE", "k", "x", "x"), c("SETRANGE", "k", "536870911", "xx"),
                c("SETRANGE", "missing", "536870912", ""), c("SET", "t", "v", "EX", "100"), c("SETRANGE", "t", "1", "w"),
                c("TTL", "t"), c("HSET", "h", "f", "v"), c("SETRANGE", "h", "0", "x"), c("SETRANGE", "h", "0", "")),
            scenario("GETRANGE and SUBSTR",
                c("SET", "k", "Hello, World"), c("GETRANGE", "k", "0", "4"), c("GETRANGE", "k", "-5", "-1"),
                c("GETRANGE", "k", "-1", "-5"), c("GETRANGE", "k", "0", "-1"), c("GETRANGE", "k", "5", "3"),
                c("GETRANGE", "k", "0", "1000"), c("GETRANGE", "k", "-1000", "2"), c("GETRANGE", "k", "100", "200"),
                c("GETRANGE", "missing", "0", "-1"), c("SUBSTR", "k", "7", "-1"), c("GETRANGE", "k", "a", "1"),
                c("SET", "b", BIN), c("GETRANGE", "b", "1", "1"), c("SET", "e", ""), c("GETRANGE", "e", "0", "-1"),
                c("GETRANGE", "k", "9223372036854775807", "9223372036854775807"), c("SADD", "s", "m"),
                c("GETRANGE", "s", "0", "1")),
            scenario("LCS",
                c("MSET", "a", "ohmytext", "b", "mynewtext"), c("LCS", "a", "b"), c("LCS", "a", "b", "LEN"),
                c("LCS", "a", "b", "IDX"), c("LCS", "a", "b", "IDX", "WITHMATCHLEN"),
                c("LCS", "a", "b", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"), c("LCS", "a", "b", "LEN", "IDX"),
                c("LCS", "a", "missing"), c("LCS", "a", "missing", "IDX"), c("LCS", "a", "b", "BAD"),
                c("LCS", "a", "b", "MINMATCHLEN"), c("LCS", "a", "b", "IDX", "MINMATCHLEN", "-3"),
                c("SADD", "s", "m"), c("LCS", "a", "s"), c("MSET", "x", BIN, "y", "a\0"), c("LCS", "x", "y")),
            scenario("SPOP and SRANDMEMBER where the answer is determined",
                c("SADD", "one", "m"), c("SRANDMEMBER", "one"), c("SRANDMEMBER", "one", "-3"), c("SRANDMEMBER", "one", "5"),
                c("SRANDMEMBER", "one", "0"), c("SPOP", "one"), c("EXISTS", "one"), c("SPOP", "one"), c("SRANDMEMBER", "one"),
                c("SRANDMEMBER", "one", "3"), c("SPOP", "one", "2"), c("SADD", "s", "a", "b", "c"), c("SRANDMEMBER", "s", "10"),
                c("SPOP", "s", "0"), c("SCARD", "s"), c("SPOP", "s", "-1"), c("SPOP", "s", "x"), c("SPOP", "s", "1", "2"),
                c("SRANDMEMBER", "s", "1", "2"), c("SRANDMEMBER", "s", "-9223372036854775808"), c("SPOP", "s", "3"),
                c("EXISTS", "s"), c("SET", "str", "v"), c("SPOP", "str"), c("SRANDMEMBER", "str"), c("SRANDMEMBER", "str", "2")),
            scenario("SINTERSTORE, SUNIONSTORE, SDIFFSTORE and SINTERCARD",
                c("SADD", "s1", "a", "b", "c"), c("SADD", "s2", "b", "c", "d"), c("SINTERSTORE", "d", "s1", "s2"),
                c("SMEMBERS", "d"), c("SUNIONSTORE", "d", "s1", "s2"), c("SMEMBERS", "d"), c("SDIFFSTORE", "d", "s1", "s2"),
                c("SMEMBERS", "d"), c("SET", "str", "v", "EX", "100"), c("SUNIONSTORE", "str", "s1"), c("TYPE", "str"),
                c("TTL", "str"), c("SINTERSTORE", "d", "s1", "missing"), c("EXISTS", "d"), c("SINTERSTORE", "s1", "s1", "s2"),
                c("SMEMBERS", "s1"), c("SUNIONSTORE", "d", "s1", "str"), c("SET", "x", "v"), c("SDIFFSTORE", "d", "x"),
                c("SINTERCARD", "2", "s1", "s2"), c("SINTERCARD", "1", "s2"), c("SINTERCARD", "1", "s2", "LIMIT", "2"),
                c("SINTERCARD", "1", "s2", "LIMIT", "0"), c("SINTERCARD", "0", "s2"), c("SINTERCARD", "x", "s2"),
                c("SINTERCARD", "3", "s1", "s2"), c("SINTERCARD", "1", "s2", "LIMIT", "-1"), c("SINTERCARD", "1", "s2", "LIMIT"),
                c("SINTERCARD", "1", "s2", "FOO", "1"), c("SINTERCARD", "2", "s2", "x"), c("SINTERCARD", "1", "missing")),
            scenario("HRANDFIELD where the answer is determined",
                c("HSET", "h", "f", "v"), c("HRANDFIELD", "h"), c("HRANDFIELD", "h", "1"), c("HRANDFIELD", "h", "-2"),
                c("HRANDFIELD", "h", "-2", "WITHVALUES"), c("HRANDFIELD", "h", "5", "WITHVALUES"), c("HRANDFIELD", "h", "0"),
                c("HSET", "h", "g", "w"), c("HRANDFIELD", "h", "2", "WITHVALUES"), c("HRANDFIELD", "h", "1", "BAD"),
                c("HRANDFIELD", "h", "1", "WITHVALUES", "x"), c("HRANDFIELD", "missing"), c("HRANDFIELD", "missing", "3"),
                c("SET", "str", "v"), c("HRANDFIELD", "str"), c("HRANDFIELD", "h", "x")),
            scenario("COPY and MOVE",
                c("SET", "s", "v", "EX", "100"), c("COPY", "s", "t"), c("GET", "t"), c("TTL", "t"), c("COPY", "s", "t"),
                c("COPY", "s", "t", "REPLACE"), c("COPY", "s", "s"), c("COPY", "missing", "t"), c("HSET", "h", "f", "v"),
                c("COPY", "h", "h2"), c("HGETALL", "h2"), c("SADD", "set", "a", "b"), c("COPY", "set", "t", "REPLACE"),
                c("TYPE", "t"), c("SMEMBERS", "t"), c("TTL", "t"), c("COPY", "s", "s", "DB", "1"), c("COPY", "h", "x", "DB", "99"),
                c("COPY", "h", "x", "DB", "x"), c("COPY", "h", "x", "BAD"), c("COPY", "h", "x", "DB"), c("MOVE", "s", "1"),
                c("EXISTS", "s"), c("MOVE", "s", "1"), c("MOVE", "h", "0"), c("MOVE", "h", "99"), c("MOVE", "h", "x"),
                c("SET", "s", "again"), c("SELECT", "1"), c("GET", "s"), c("TTL", "s"), c("SELECT", "0"), c("MOVE", "s", "1"),
                c("GET", "s"), c("COPY", "h", "h", "DB", "1"), c("SELECT", "1"), c("HGETALL", "h"), c("FLUSHDB"), c("SELECT", "0")),
            scenario("OBJECT",
                c("SET", "n", "12345"), c("OBJECT", "ENCODING", "n"), c("SET", "short", "abc"), c("OBJECT", "ENCODING", "short"),
                c("SET", "long", "x".repeat(45)), c("OBJECT", "ENCODING", "long"), c("OBJECT", "ENCODING", "missing"),
                c("HSET", "h", "f", "v"), c("OBJECT", "ENCODING", "h"), c("SADD", "ints", "1", "2"), c("OBJECT", "ENCODING", "ints"),
                c("SADD", "strs", "a"), c("OBJECT", "ENCODING", "strs"), c("OBJECT", "REFCOUNT", "short"),
                c("OBJECT", "IDLETIME", "missing"), c("OBJECT", "FREQ", "short"), c("OBJECT", "FREQ", "missing"),
                c("OBJECT", "BAD", "n"), c("OBJECT", "ENCODING"), c("OBJECT", "ENCODING", "n", "x"), c("OBJECT", "HELP", "x"),
                c("CONFIG", "SET", "hash-max-listpack-entries", "0"), c("HSET", "h2", "f", "v"), c("OBJECT", "ENCODING", "h2"),
                c("CONFIG", "SET", "hash-max-listpack-entries", "512")),
            scenario("MEMORY where the answer is not an estimate",
                c("MEMORY", "USAGE", "missing"), c("MEMORY", "USAGE", "missing", "SAMPLES", "5"), c("MEMORY", "USAGE"),
                c("MEMORY", "BAD"), c("SET", "k", "v"), c("MEMORY", "USAGE", "k", "SAMPLES"),
                c("MEMORY", "USAGE", "k", "SAMPLES", "x"), c("MEMORY", "USAGE", "k", "BAD", "1")),
            scenario("EXPIRE with LT and XX together",
                c("SET", "k", "v"), c("EXPIRE", "k", "200", "LT", "XX"), c("TTL", "k"), c("EXPIRE", "k", "200", "XX", "LT"),
                c("EXPIRE", "k", "200", "LT"), c("EXPIRE", "k", "100", "LT", "XX"), c("TTL", "k"),
                c("EXPIRE", "k", "300", "XX", "LT"), c("TTL", "k"), c("EXPIRE", "k", "50", "LT", "XX", "LT"), c("TTL", "k"),
                c("EXPIRE", "k", "10", "LT", "XX", "GT"), c("EXPIRE", "k", "10", "XX", "LT", "NX"),
                c("EXPIRE", "k", "10", "ALWAYS"), c("EXPIRE", "k", "10", "XX_LT"),
                c("PEXPIREAT", "k", "-9223372036854770000"), c("EXISTS", "k")),
            scenario("SHUTDOWN and SAVE are refused inside MULTI; ABORT finds no shutdown",
                c("SHUTDOWN", "ABORT"), c("SHUTDOWN", "NOSAVE", "SAVE"), c("SHUTDOWN", "BAD"), c("MULTI"), c("SET", "k", "v"),
                c("SHUTDOWN"), c("EXEC"), c("EXISTS", "k"), c("SAVE"), c("MULTI"), c("SAVE"), c("EXEC")),
            scenario("CONFIG SET and GET of the encoding parameters",
                c("CONFIG", "GET", "hash-max-ziplist-entries"), c("CONFIG", "GET", "hash-max-listpack-value"),
                c("CONFIG", "SET", "hash-max-ziplist-value", "10"), c("CONFIG", "GET", "hash-max-listpack-value"),
                c("CONFIG", "SET", "hash-max-ziplist-value", "64"), c("CONFIG", "GET", "set-max-intset-entries"),
                c("CONFIG", "SET", "set-max-intset-entries", "x"), c("CONFIG", "SET", "set-max-intset-entries", "-1"),
                c("CONFIG", "GET", "zset-max-*"), c("CONFIG", "SET", "zset-max-ziplist-entries", "0"),
                c("CONFIG", "GET", "zset-max-listpack-entries"), c("CONFIG", "SET", "zset-max-ziplist-entries", "128"),
                c("CONFIG", "SET", "list-max-ziplist-size", "-3"), c("CONFIG", "GET", "list-max-listpack-size"),
                c("CONFIG", "SET", "list-max-ziplist-size", "-2"), c("CONFIG", "SET", "list-compress-depth", "-1"),
                c("CONFIG", "GET", "list-compress-depth"), c("CONFIG", "SET", "appendonly", "maybe"),
                c("CONFIG", "GET", "appendonly"), c("CONFIG", "SET", "save", "bad"), c("CONFIG", "GET", "lua-time-limit"),
                c("CONFIG", "SET", "hash-max-listpack-entries", "10", "bogus", "1"),
                c("CONFIG", "GET", "hash-max-listpack-entries"), c("FUNCTION", "FLUSH"), c("FUNCTION", "FLUSH", "ASYNC"),
                c("SCRIPT", "FLUSH"), c("FUNCTION", "FLUSH", "BAD"), c("SCRIPT", "FLUSH", "BAD"), c("FUNCTION", "LIST"), c("SCRIPT", "EXISTS", "abc")));
    }
}
