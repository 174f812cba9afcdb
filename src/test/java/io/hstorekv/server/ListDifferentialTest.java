package io.hstorekv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.RedisPeer;
import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The list commands against a real redis-server ({@link RedisPeer}) and hstore-kv, in RESP2 and
 * RESP3: every reply (its value and its type byte) must be the same, errors included.
 */
class ListDifferentialTest {
    private static final byte[] BIN = {0, (byte) 0xFF, 'a', 0, '\r', '\n', (byte) 0x80};
    private static final String MIN = Long.toString(Long.MIN_VALUE);

    @AutoClose
    private static RedisPeer redis;
    @AutoClose
    private static TestServer ours;

    @BeforeAll
    static void start() {
        redis = RedisPeer.start();
        ours = TestServer.start();
    }

    /** The list commands with Redis's arities (DifferentialTest checks them against ours and their coverage here). */
    static final Map<String, Integer> ARITY = Map.ofEntries(
            Map.entry("LPUSH", -3), Map.entry("RPUSH", -3), Map.entry("LPUSHX", -3), Map.entry("RPUSHX", -3),
            Map.entry("LPOP", -2), Map.entry("RPOP", -2), Map.entry("LLEN", 2), Map.entry("LRANGE", 4), Map.entry("LINDEX", 3),
            Map.entry("LSET", 4), Map.entry("LINSERT", 5), Map.entry("LREM", 4), Map.entry("LTRIM", 4), Map.entry("LPOS", -3),
            Map.entry("LMOVE", 5), Map.entry("RPOPLPUSH", 3), Map.entry("LMPOP", -4), Map.entry("BLPOP", -3),
            Map.entry("BRPOP", -3), Map.entry("BLMOVE", 6), Map.entry("BRPOPLPUSH", 4), Map.entry("BLMPOP", -5));

    /** The commands the scenarios run, by upper-case name. */
    static Set<String> commandsUsed() {
        return scenarios().flatMap(a -> ((List<?>) a.get()[2]).stream())
                .map(step -> String.valueOf(((Object[]) step)[0]).toUpperCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }

    static Stream<Arguments> scenarios() {
        Map<String, List<Object[]>> s = new LinkedHashMap<>();
        s.put("push and pop at both ends", List.of(
                c("RPUSH", "l", "a", "b", "c"), c("LPUSH", "l", "x", "y"), c("LRANGE", "l", "0", "-1"), c("LLEN", "l"),
                c("LPOP", "l"), c("RPOP", "l"), c("LPOP", "l", "2"), c("RPOP", "l", "0"), c("LPOP", "l", "5"),
                c("EXISTS", "l"), c("LPOP", "l"), c("LPOP", "l", "1"), c("RPOP", "l", "0"), c("LPUSHX", "l", "a"),
                c("RPUSHX", "l", "a", "b"), c("LLEN", "l"), c("TYPE", "l"), c("RPUSH", "l", "a"), c("LPUSHX", "l", "b", "c"),
                c("RPUSHX", "l", "d"), c("LRANGE", "l", "0", "-1"), c("TYPE", "l"), c("RPOP", "l", "9223372036854775807")));
        s.put("indexes and ranges", List.of(
                c("RPUSH", "l", "a", "b", "c", "d", "e"), c("LINDEX", "l", "0"), c("LINDEX", "l", "-1"), c("LINDEX", "l", "5"),
                c("LINDEX", "l", "-6"), c("LINDEX", "l", "x"), c("LINDEX", "l", MIN), c("LRANGE", "l", "1", "-2"),
                c("LRANGE", "l", "-100", "100"), c("LRANGE", "l", "3", "1"), c("LRANGE", "l", "0", "a"),
                c("LRANGE", "l", MIN, "9223372036854775807"), c("LRANGE", "none", "0", "-1"), c("LINDEX", "none", "0"),
                c("LSET", "l", "0", "A"), c("LSET", "l", "-1", "E"), c("LSET", "l", "5", "z"), c("LSET", "l", "-6", "z"),
                c("LSET", "none", "0", "z"), c("LSET", "l", "x", "z"), c("LRANGE", "l", "0", "-1")));
        s.put("insert, remove, trim", List.of(
                c("RPUSH", "l", "a", "b", "c", "b", "a"), c("LINSERT", "l", "BEFORE", "b", "X"), c("LINSERT", "l", "after", "a", "Y"),
                c("LINSERT", "l", "before", "zz", "q"), c("LINSERT", "none", "BEFORE", "a", "b"), c("LINSERT", "l", "middle", "a", "b"),
                c("LRANGE", "l", "0", "-1"), c("LINSERT", "l", "AFTER", "a", "end-side"), c("LINSERT", "l", "BEFORE", "a", "head-side"),
                c("LRANGE", "l", "0", "-1"), c("LREM", "l", "1", "a"), c("LREM", "l", "-1", "b"),
                c("LREM", "l", "0", "X"), c("LREM", "l", "0", "none"), c("LREM", "l", "x", "a"), c("LREM", "none", "0", "a"),
                c("LRANGE", "l", "0", "-1"), c("LINDEX", "l", "3"), c("LTRIM", "l", "1", "-1"), c("LRANGE", "l", "0", "-1"),
                c("LTRIM", "l", "-2", "100"), c("LRANGE", "l", "0", "-1"), c("LTRIM", "l", "100", "200"), c("EXISTS", "l"),
                c("LTRIM", "none", "0", "1"), c("LTRIM", "l", "a", "b"), c("RPUSH", "m", "x", "x", "x"), c("LREM", "m", "0", "x"),
                c("EXISTS", "m")));
        s.put("lpos", List.of(
                c("RPUSH", "l", "a", "b", "c", "1", "2", "3", "c", "c"), c("LPOS", "l", "c"), c("LPOS", "l", "c", "RANK", "2"),
                c("LPOS", "l", "c", "RANK", "-1"), c("LPOS", "l", "c", "COUNT", "0"), c("LPOS", "l", "c", "COUNT", "2", "RANK", "-1"),
                c("LPOS", "l", "c", "MAXLEN", "3"), c("LPOS", "l", "c", "MAXLEN", "2"), c("LPOS", "l", "c", "RANK", "-2", "MAXLEN", "2"),
                c("LPOS", "l", "c", "RANK", "0"), c("LPOS", "l", "c", "COUNT", "-1"), c("LPOS", "l", "c", "MAXLEN", "-1"),
                c("LPOS", "l", "c", "RANK", "x"), c("LPOS", "l", "c", "COUNT", "x"),
                c("LPOS", "l", "c", "foo"), c("LPOS", "l", "c", "RANK"), c("LPOS", "none", "c"), c("LPOS", "none", "c", "COUNT", "1"),
                c("LPOS", "l", "zz", "COUNT", "0"), c("LPOS", "l", "zz"), c("LPOS", "l", "c", "RANK", "9")));
        s.put("lmove and rpoplpush", List.of(
                c("RPUSH", "s", "a", "b", "c"), c("LMOVE", "s", "d", "LEFT", "RIGHT"), c("LMOVE", "s", "d", "right", "left"),
                c("LRANGE", "d", "0", "-1"), c("LMOVE", "none", "d", "LEFT", "LEFT"), c("LMOVE", "s", "d", "UP", "LEFT"),
                c("LMOVE", "s", "d", "LEFT", "UP"), c("RPOPLPUSH", "d", "d"), c("LRANGE", "d", "0", "-1"), c("RPOPLPUSH", "s", "s"),
                c("LRANGE", "s", "0", "-1"), c("RPOPLPUSH", "s", "t"), c("EXISTS", "s"), c("SET", "str", "v"),
                c("LMOVE", "d", "str", "LEFT", "LEFT"), c("LRANGE", "d", "0", "-1"), c("LMOVE", "str", "d", "LEFT", "LEFT"),
                c("RPOPLPUSH", "none", "str"), c("RPOPLPUSH", "d", "str")));
        s.put("lmpop", List.of(
                c("RPUSH", "a", "1", "2", "3"), c("LMPOP", "2", "none", "a", "LEFT"), c("LMPOP", "2", "none", "a", "RIGHT", "COUNT", "10"),
                c("LMPOP", "1", "none", "LEFT"), c("LMPOP", "0", "a", "LEFT"), c("LMPOP", "-1", "a", "LEFT"), c("LMPOP", "x", "a", "LEFT"),
                c("LMPOP", "3", "a", "b", "LEFT"), c("LMPOP", "1", "a", "MIDDLE"), c("LMPOP", "1", "a", "LEFT", "COUNT", "0"),
                c("LMPOP", "1", "a", "LEFT", "COUNT", "-1"), c("LMPOP", "1", "a", "LEFT", "COUNT", "1", "COUNT", "2"),
                c("LMPOP", "1", "a", "LEFT", "foo"), c("LMPOP", "1", "a", "LEFT", "COUNT"), c("SET", "s", "v"),
                c("LMPOP", "2", "none", "s", "LEFT"), c("RPUSH", "b", "x"), c("LMPOP", "2", "b", "s", "LEFT"), c("EXISTS", "b")));
        s.put("wrong types", wrongTypes());
        s.put("argument errors", List.of(
                c("LPUSH", "l"), c("LPOP"), c("LPOP", "l", "1", "2"), c("LPOP", "l", "-1"), c("LPOP", "l", "x"), c("RPOP", "l", "-1"),
                c("LRANGE", "l", "0"), c("LINSERT", "l", "BEFORE", "a"), c("BLPOP", "l"), c("BLPOP", "l", "-1"), c("BLPOP", "l", "x"),
                c("BLPOP", "l", "inf"), c("BLPOP", "l", "-inf"), c("BLPOP", "l", "nan"), c("BLPOP", "l", "1e30"),
                c("BLMOVE", "a", "b", "LEFT", "UP", "0"), c("BLMOVE", "a", "b", "LEFT", "LEFT", "x"), c("BLMPOP", "0", "0", "a", "LEFT"),
                c("BLMPOP", "x", "1", "a", "LEFT"), c("BLMPOP", "0", "1", "a"), c("BRPOPLPUSH", "a", "b", "-1"), c("BRPOP", "a", "b"),
                c("LMOVE", "a", "b", "LEFT"), c("LPOS", "l"), c("LSET", "l", "0")));
        s.put("blocking commands that need not block", List.of(
                c("RPUSH", "l", "a", "b"), c("BLPOP", "none", "l", "0"), c("BRPOP", "l", "0"), c("BLPOP", "l", "0.01"),
                c("BRPOP", "l", "0.01"), c("BLMOVE", "l", "d", "LEFT", "RIGHT", "0.01"), c("BRPOPLPUSH", "l", "d", "0.01"),
                c("BLMPOP", "0.01", "1", "l", "LEFT"), c("RPUSH", "l", "a", "b", "c"), c("BLMPOP", "0", "2", "x", "l", "RIGHT", "COUNT", "2"),
                c("BLMOVE", "l", "d", "LEFT", "LEFT", "0"), c("BRPOPLPUSH", "d", "l", "0"), c("LRANGE", "l", "0", "-1"),
                c("SET", "s", "v"), c("BLPOP", "s", "0"), c("BLMOVE", "s", "d", "LEFT", "LEFT", "0")));
        s.put("blocking commands inside MULTI do not block", List.of(
                c("MULTI"), c("BLPOP", "l", "0"), c("BRPOPLPUSH", "l", "d", "0"), c("BLMOVE", "l", "d", "LEFT", "LEFT", "0"),
                c("BLMPOP", "0", "1", "l", "LEFT"), c("RPUSH", "l", "a", "b", "c"), c("BLPOP", "l", "0"),
                c("BLMOVE", "l", "d", "LEFT", "LEFT", "0"), c("BLMPOP", "0", "1", "l", "LEFT"), c("EXEC"), c("LRANGE", "d", "0", "-1")));
        s.put("keys: ttl, rename, delete, overwrite", List.of(
                c("RPUSH", "l", "a", "b"), c("EXPIRE", "l", "100"), c("LPUSH", "l", "c"), c("PERSIST", "l"), c("RENAME", "l", "m"),
                c("LRANGE", "m", "0", "-1"), c("EXISTS", "l"), c("RPUSH", "l", "z"), c("RENAME", "l", "m"), c("LRANGE", "m", "0", "-1"),
                c("DEL", "m"), c("LRANGE", "m", "0", "-1"), c("RPUSH", "l", "x"), c("SET", "l", "str"), c("GET", "l"),
                c("LPUSH", "l", "q"), c("DEL", "l"), c("LPUSH", "l", "q"), c("LRANGE", "l", "0", "-1"), c("TYPE", "l"),
                c("RENAMENX", "l", "n"), c("LLEN", "n"), c("FLUSHDB"), c("LLEN", "n")));
        s.put("binary values", List.of(
                c("RPUSH", "l", BIN, "text", BIN), c("LRANGE", "l", "0", "-1"), c("LPOS", "l", BIN, "COUNT", "0"),
                c("LINSERT", "l", "AFTER", BIN, "x"), c("LREM", "l", "0", BIN), c("LRANGE", "l", "0", "-1"), c("LSET", "l", "0", BIN),
                c("LINDEX", "l", "0"), c("LPOP", "l", "3")));
        List<Arguments> cases = new ArrayList<>();
        for (int protocol : new int[] {2, 3}) {
            s.forEach((name, steps) -> cases.add(Arguments.of(name + " (RESP" + protocol + ")", protocol, steps)));
        }
        return cases.stream();
    }

    /** Every list command on a string, a hash and a set, and other types' commands on a list. */
    private static List<Object[]> wrongTypes() {
        List<Object[]> steps = new ArrayList<>(List.of(c("SET", "string", "v"), c("HSET", "hash", "f", "v"),
                c("SADD", "set", "m"), c("RPUSH", "list", "a")));
        for (String k : List.of("string", "hash", "set")) {
            steps.addAll(List.of(c("LPUSH", k, "a"), c("RPUSH", k, "a"), c("LPUSHX", k, "a"), c("RPUSHX", k, "a"), c("LPOP", k),
                    c("RPOP", k, "2"), c("LPOP", k, "0"), c("LLEN", k), c("LRANGE", k, "0", "-1"), c("LINDEX", k, "0"),
                    c("LSET", k, "0", "x"), c("LINSERT", k, "BEFORE", "a", "b"), c("LREM", k, "0", "a"), c("LTRIM", k, "0", "1"),
                    c("LPOS", k, "a"), c("LMOVE", k, "list", "LEFT", "LEFT"), c("LMOVE", "list", k, "LEFT", "LEFT"),
                    c("RPOPLPUSH", k, "list"), c("LMPOP", "1", k, "LEFT"), c("BLPOP", k, "0"), c("BRPOPLPUSH", k, "list", "0"),
                    c("BLMPOP", "0", "1", k, "LEFT"), c("TYPE", k)));
        }
        steps.addAll(List.of(c("GET", "list"), c("HGET", "list", "f"), c("SADD", "list", "m"), c("SMEMBERS", "list"),
                c("INCR", "list"), c("APPEND", "list", "x"), c("HSET", "list", "f", "v"), c("TYPE", "list"), c("LRANGE", "list", "0", "-1")));
        return steps;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void sameRepliesAsRedis(String name, int protocol, List<Object[]> steps) {
        try (RespClient r = connect(redis.port(), protocol); RespClient o = connect(ours.port(), protocol)) {
            r.call("FLUSHDB");
            o.call("FLUSHDB");
            for (Object[] step : steps) {
                Object expected = plain(r.call(step));
                char expectedType = r.lastType();
                Object actual = plain(o.call(step));
                assertThat(actual).as(show(step)).isEqualTo(expected);
                assertThat(o.lastType()).as(show(step) + " reply type").isEqualTo(expectedType);
            }
        }
    }

    /**
     * LPOS RANK with Long.MIN_VALUE: Redis 7.2 (whose version we report) refuses it; 7.0.15, the
     * reference here, negates it with an overflow and answers as if it were -1.
     */
    @Test
    void rankOfLongMinIsRefusedAsRedis72Does() {
        try (RespClient o = connect(ours.port(), 2)) {
            o.call("RPUSH", "rank", "c");
            assertThat(o.call("LPOS", "rank", "c", "RANK", MIN)).isEqualTo(new RespClient.Err(
                    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"));
        }
    }

    /** A BLPOP blocked on one connection is answered when another pushes, by both servers alike. */
    @Test
    void blockedClientsAreServedInOrderAsInRedis() {
        for (int protocol : new int[] {2, 3}) {
            List<Object> redisReplies = wakeUps(redis.port(), protocol);
            assertThat(wakeUps(ours.port(), protocol)).as("RESP" + protocol).isEqualTo(redisReplies);
        }
    }

    /** Redis's list unit "BLMPOP with multiple blocked clients": waiters are served in the order they blocked. */
    @Test
    @Disabled("flaky (failed once in CI, passes alone): INFO counts a client as blocked before its first look at the"
            + " keys has run, so pushes can race the first looks; to fix: count it once the first look found nothing")
    void waitersAreServedInTheOrderTheyBlocked() {
        assertThat(servedInOrder(ours.port())).isEqualTo(servedInOrder(redis.port()));
    }

    private static List<Object> servedInOrder(int port) {
        List<RespClient> waiters = new ArrayList<>();
        try (RespClient r = connect(port, 2)) {
            r.call("FLUSHDB");
            String[][] pops = {{"LEFT", "1"}, {"RIGHT", "10"}, {"LEFT", "10"}, {"RIGHT", "1"}};
            for (String[] pop : pops) {
                RespClient waiter = connect(port, 2);
                waiters.add(waiter);
                waiter.send("BLMPOP", "0", "2", "blist", "blist2", pop[0], "COUNT", pop[1]);
                awaitBlocked(r, waiters.size());
            }
            r.call("MULTI");
            r.call("LPUSH", "blist", "a", "b", "c", "d", "e");
            r.call("LPUSH", "blist2", "1", "2", "3", "4", "5");
            r.call("EXEC");
            List<Object> replies = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                replies.add(plain(waiters.get(i).read()));
            }
            r.call("LPUSH", "blist2", "1", "2", "3");
            replies.add(plain(waiters.get(3).read()));
            return replies;
        } finally {
            waiters.forEach(RespClient::close);
        }
    }

    private static List<Object> wakeUps(int port, int protocol) {
        try (RespClient first = connect(port, protocol); RespClient second = connect(port, protocol);
             RespClient pusher = connect(port, protocol)) {
            pusher.call("FLUSHDB");
            first.send("BLPOP", "q1", "q2", "0");
            awaitBlocked(pusher, 1);
            second.send("BLMOVE", "q2", "dst", "RIGHT", "LEFT", "0");
            awaitBlocked(pusher, 2);
            List<Object> replies = new ArrayList<>();
            replies.add(pusher.call("RPUSH", "q2", "a", "b"));
            replies.add(plain(first.read()));
            replies.add(plain(second.read()));
            replies.add(plain(pusher.call("LRANGE", "dst", "0", "-1")));
            replies.add(pusher.call("EXISTS", "q2"));
            first.send("BRPOP", "q3", "0");
            first.send("PING");
            awaitBlocked(pusher, 1);
            replies.add(pusher.call("LPUSH", "q3", "x"));
            replies.add(plain(first.read()));
            replies.add(plain(first.read()));
            return replies;
        }
    }

    /** Waits until INFO clients shows {@code n} blocked clients (Redis's blocked_clients). */
    private static void awaitBlocked(RespClient client, int n) {
        while (!String.valueOf(plain(client.call("INFO", "clients"))).contains("blocked_clients:" + n)) {
            Thread.onSpinWait();
        }
    }

    private static RespClient connect(int port, int protocol) {
        RespClient client = new RespClient(port).binary(true);
        if (protocol == 3) {
            client.call("HELLO", "3");
        }
        return client;
    }

    private static Object[] c(Object... args) {
        return args;
    }

    /** Bytes as text (or hex when not UTF-8 text), recursively, so that replies compare by value. */
    private static Object plain(Object reply) {
        if (reply instanceof byte[] b) {
            String text = new String(b, StandardCharsets.UTF_8);
            return Arrays.equals(text.getBytes(StandardCharsets.UTF_8), b) ? text : "hex:" + HexFormat.of().formatHex(b);
        }
        if (reply instanceof List<?> list) {
            return list.stream().map(ListDifferentialTest::plain).toList();
        }
        return reply;
    }

    private static String show(Object[] step) {
        return Stream.of(step).map(a -> String.valueOf(plain(a))).reduce((x, y) -> x + " " + y).orElse("");
    }
}
