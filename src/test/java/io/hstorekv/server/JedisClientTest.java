package io.hstorekv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import io.hstorekv.testing.RedisPeer;
import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * hstore-kv's server through real clients: Jedis 7 (a single connection in RESP2 and RESP3, and the
 * pooled {@link RedisClient}), and redis-cli when it is installed.
 */
class JedisClientTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void flush() {
        try (RespClient c = server.client()) {
            assertThat(c.call("FLUSHDB")).isEqualTo("OK");
        }
    }

    private static Jedis jedis(RedisProtocol protocol) {
        return new Jedis(new HostAndPort("127.0.0.1", server.port()),
                DefaultJedisClientConfig.builder().protocol(protocol).socketTimeoutMillis(15_000).build());
    }

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void strings(RedisProtocol protocol) {
        try (Jedis j = jedis(protocol)) {
            assertThat(j.ping()).isEqualTo("PONG");
            assertThat(j.set("k", "v")).isEqualTo("OK");
            assertThat(j.get("k")).isEqualTo("v");
            assertThat(j.get("missing")).isNull();
            assertThat(j.set("k", "w", SetParams.setParams().nx())).isNull();
            assertThat(j.set("k", "w", SetParams.setParams().xx().ex(100))).isEqualTo("OK");
            assertThat(j.ttl("k")).isBetween(99L, 100L);
            assertThat(j.setGet("k", "x")).isEqualTo("w");
            assertThat(j.ttl("k")).isEqualTo(-1L);
            assertThat(j.getSet("k", "y")).isEqualTo("x");
            assertThat(j.setGet("fresh", "1")).isNull();
            assertThat(j.getDel("fresh")).isEqualTo("1");
            assertThat(j.exists("fresh")).isFalse();
            assertThat(j.getEx("k", GetExParams.getExParams().px(50_000))).isEqualTo("y");
            assertThat(j.pttl("k")).isBetween(40_000L, 50_000L);
            assertThat(j.append("k", "z")).isEqualTo(2L);
            assertThat(j.strlen("k")).isEqualTo(2L);
            assertThat(j.mset("a", "1", "b", "2", "ключ", "значение")).isEqualTo("OK");
            assertThat(j.mget("a", "b", "missing", "ключ")).containsExactly("1", "2", null, "значение");
            assertThat(j.msetnx("b", "3", "c", "4")).isEqualTo(0L);
            assertThat(j.exists("c")).isFalse();
            assertThat(j.incr("a")).isEqualTo(2L);
            assertThat(j.incrBy("a", 40)).isEqualTo(42L);
            assertThat(j.decrBy("a", 2)).isEqualTo(40L);
            assertThat(j.decr("a")).isEqualTo(39L);
            assertThat(j.incrByFloat("f", 10.5)).isEqualTo(10.5);
            assertThat(j.incrByFloat("f", 0.1)).isEqualTo(10.6);
            assertThatThrownBy(() -> j.incr("k")).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR value is not an integer or out of range");
            assertThat(j.set("max", Long.toString(Long.MAX_VALUE))).isEqualTo("OK");
            assertThatThrownBy(() -> j.incr("max")).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR increment or decrement would overflow");
            assertThat(j.type("k")).isEqualTo("string");
            assertThat(j.rename("k", "k2")).isEqualTo("OK");
            assertThat(j.renamenx("k2", "a")).isEqualTo(0L);
            assertThat(j.del("k2", "a", "missing")).isEqualTo(2L);
            assertThat(j.hset("h", "f", "v")).isEqualTo(1L);
            assertThatThrownBy(() -> j.get("h")).isInstanceOf(JedisDataException.class)
                    .hasMessageStartingWith("WRONGTYPE");
        }
    }

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void hashes(RedisProtocol protocol) {
        try (Jedis j = jedis(protocol)) {
            Map<String, String> user = new LinkedHashMap<>();
            user.put("name", "Alice");
            user.put("plan", "pro");
            user.put("city", "Zürich");
            assertThat(j.hset("user:1", user)).isEqualTo(3L);
            assertThat(j.hget("user:1", "name")).isEqualTo("Alice");
            assertThat(j.hgetAll("user:1")).isEqualTo(user);
            assertThat(j.hmget("user:1", "plan", "nope", "city")).containsExactly("pro", null, "Zürich");
            assertThat(j.hkeys("user:1")).containsExactlyInAnyOrder("name", "plan", "city");
            assertThat(j.hvals("user:1")).containsExactlyInAnyOrder("Alice", "pro", "Zürich");
            assertThat(j.hlen("user:1")).isEqualTo(3L);
            assertThat(j.hexists("user:1", "plan")).isTrue();
            assertThat(j.hsetnx("user:1", "plan", "free")).isEqualTo(0L);
            assertThat(j.hstrlen("user:1", "city")).isEqualTo(7L);
            assertThat(j.hincrBy("user:1", "logins", 5)).isEqualTo(5L);
            assertThat(j.hincrByFloat("user:1", "score", 2.5)).isEqualTo(2.5);
            assertThat(j.hdel("user:1", "logins", "score", "nope")).isEqualTo(2L);
            assertThat(j.hmset("user:2", Map.of("name", "Bob"))).isEqualTo("OK");
            assertThat(j.type("user:2")).isEqualTo("hash");
            assertThat(j.hdel("user:2", "name")).isEqualTo(1L);
            assertThat(j.exists("user:2")).isFalse();
            assertThat(j.hgetAll("user:2")).isEmpty();
            assertThatThrownBy(() -> j.hincrBy("user:1", "name", 1)).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR hash value is not an integer");
        }
    }

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void sets(RedisProtocol protocol) {
        try (Jedis j = jedis(protocol)) {
            assertThat(j.sadd("s1", "a", "b", "c", "a")).isEqualTo(3L);
            assertThat(j.sadd("s2", "b", "c", "d")).isEqualTo(3L);
            assertThat(j.smembers("s1")).containsExactlyInAnyOrder("a", "b", "c");
            assertThat(j.sismember("s1", "a")).isTrue();
            assertThat(j.smismember("s1", "a", "z")).containsExactly(true, false);
            assertThat(j.scard("s1")).isEqualTo(3L);
            assertThat(j.sinter("s1", "s2")).containsExactlyInAnyOrder("b", "c");
            assertThat(j.sunion("s1", "s2")).containsExactlyInAnyOrder("a", "b", "c", "d");
            assertThat(j.sdiff("s1", "s2")).containsExactlyInAnyOrder("a");
            assertThat(j.smove("s1", "s2", "a")).isEqualTo(1L);
            assertThat(j.smove("s1", "s2", "a")).isEqualTo(0L);
            assertThat(j.srem("s1", "b", "c")).isEqualTo(2L);
            assertThat(j.exists("s1")).isFalse();
            j.set("str", "x");
            assertThat(j.smove("s1", "str", "a")).as("absent source: 0 whatever the target").isEqualTo(0L);
            assertThatThrownBy(() -> j.smove("s2", "str", "a")).isInstanceOf(JedisDataException.class)
                    .hasMessageStartingWith("WRONGTYPE");
            assertThat(j.smembers("s2")).containsExactlyInAnyOrder("a", "b", "c", "d");
        }
    }

    @Test
    void pipelineWithManyCommands() {
        try (RedisClient client = RedisClient.create("127.0.0.1", server.port());
             Pipeline p = (Pipeline) client.pipelined()) {
            List<Response<String>> sets = new ArrayList<>();
            List<Response<Long>> counters = new ArrayList<>();
            int n = 200; // every command is a PostgreSQL round trip: keep the pipeline long but quick
            for (int i = 0; i < n; i++) {
                sets.add(p.set("p:" + i, "v" + i));
                counters.add(p.incr("p:counter"));
            }
            Response<Long> added = p.sadd("p:set", IntStream.range(0, 100).mapToObj(i -> "m" + i).toArray(String[]::new));
            Response<Long> hashed = p.hset("p:hash", Map.of("a", "1", "b", "2"));
            List<Response<String>> gets = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                gets.add(p.get("p:" + i));
            }
            Response<Map<String, String>> all = p.hgetAll("p:hash");
            Response<String> wrong = p.get("p:set");
            Response<Long> after = p.incr("p:counter");
            p.sync();
            assertThat(sets).allSatisfy(r -> assertThat(r.get()).isEqualTo("OK"));
            assertThat(counters.stream().map(Response::get).toList())
                    .isEqualTo(IntStream.rangeClosed(1, n).mapToObj(i -> (long) i).toList());
            assertThat(added.get()).isEqualTo(100L);
            assertThat(hashed.get()).isEqualTo(2L);
            for (int i = 0; i < n; i++) {
                assertThat(gets.get(i).get()).isEqualTo("v" + i);
            }
            assertThat(all.get()).isEqualTo(Map.of("a", "1", "b", "2"));
            assertThatThrownBy(wrong::get).isInstanceOf(JedisDataException.class).hasMessageStartingWith("WRONGTYPE");
            assertThat(after.get()).isEqualTo(n + 1L);
        }
    }

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void transactionsAndWatch(RedisProtocol protocol) {
        try (Jedis j = jedis(protocol); Jedis other = jedis(protocol)) {
            Transaction t = j.multi();
            Response<String> set = t.set("t:a", "1");
            Response<Long> incr = t.incr("t:a");
            Response<Long> hset = t.hset("t:h", "f", "v");
            Response<Set<String>> members = t.smembers("t:missing");
            Response<Long> bad = t.incr("t:h");
            List<Object> results = t.exec();
            assertThat(results).hasSize(5);
            assertThat(set.get()).isEqualTo("OK");
            assertThat(incr.get()).isEqualTo(2L);
            assertThat(hset.get()).isEqualTo(1L);
            assertThat(members.get()).isEmpty();
            assertThatThrownBy(bad::get).isInstanceOf(JedisDataException.class).hasMessageStartingWith("WRONGTYPE");

            Transaction discarded = j.multi();
            discarded.set("t:a", "discarded");
            assertThat(discarded.discard()).isEqualTo("OK");
            assertThat(j.get("t:a")).isEqualTo("2");

            // WATCH: unchanged commits; changed by another connection aborts (exec returns null)
            assertThat(j.watch("t:a")).isEqualTo("OK");
            Transaction ok = j.multi();
            ok.incr("t:a");
            assertThat(ok.exec()).containsExactly(3L);
            assertThat(j.watch("t:a")).isEqualTo("OK");
            other.set("t:a", "theirs");
            Transaction aborted = j.multi();
            aborted.set("t:a", "mine");
            assertThat(aborted.exec()).isNull();
            assertThat(j.get("t:a")).isEqualTo("theirs");
            assertThat(j.watch("t:a")).isEqualTo("OK");
            assertThat(j.unwatch()).isEqualTo("OK");
            other.set("t:a", "again");
            Transaction unwatched = j.multi();
            unwatched.set("t:a", "mine");
            assertThat(unwatched.exec()).containsExactly("OK");
            assertThat(j.get("t:a")).isEqualTo("mine");
        }
    }

    @Test
    void serializedJavaObjectRoundTripsByteIdentical() throws IOException, ClassNotFoundException {
        HashMap<String, Object> session = new HashMap<>();
        session.put("user", "alice");
        session.put("roles", new ArrayList<>(List.of("admin", "dev")));
        session.put("expires", 1_700_000_000_000L);
        session.put("blob", new byte[] {0, (byte) 0xFF, 1, '\r', '\n', (byte) 0x80});
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(session);
        }
        byte[] serialized = buffer.toByteArray();
        assertThat(serialized).contains((byte) 0).contains((byte) 0xAC, (byte) 0xED); // NUL and the stream magic

        byte[] key = "session:42".getBytes(StandardCharsets.UTF_8);
        try (Jedis j = jedis(RedisProtocol.RESP2)) {
            assertThat(j.set(key, serialized)).isEqualTo("OK");
            assertThat(j.get(key)).isEqualTo(serialized);
            assertThat(j.strlen(key)).isEqualTo(serialized.length);
            assertThat(j.getSet(key, serialized)).isEqualTo(serialized);
            assertThat(j.hset("h".getBytes(StandardCharsets.UTF_8), "f".getBytes(StandardCharsets.UTF_8), serialized))
                    .isEqualTo(1L);
            assertThat(j.hget("h".getBytes(StandardCharsets.UTF_8), "f".getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(serialized);
            byte[] read = j.get(key);
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(read))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> back = (Map<String, Object>) in.readObject();
                assertThat(back).containsEntry("user", "alice").containsEntry("roles", List.of("admin", "dev"))
                        .containsEntry("expires", 1_700_000_000_000L);
                assertThat((byte[]) back.get("blob")).isEqualTo((byte[]) session.get("blob"));
            }
        }
    }

    @Test
    void expiry() {
        try (Jedis j = jedis(RedisProtocol.RESP3)) {
            assertThat(j.set("e:short", "v", SetParams.setParams().px(50))).isEqualTo("OK");
            assertThat(j.setex("e:long", 1000, "v")).isEqualTo("OK");
            assertThat(j.psetex("e:p", 100_000, "v")).isEqualTo("OK");
            assertThat(j.ttl("e:long")).isBetween(999L, 1000L);
            assertThat(j.pttl("e:p")).isBetween(90_000L, 100_000L);
            assertThat(j.expire("e:long", 10)).isEqualTo(1L);
            assertThat(j.ttl("e:long")).isBetween(9L, 10L);
            assertThat(j.persist("e:long")).isEqualTo(1L);
            assertThat(j.ttl("e:long")).isEqualTo(-1L);
            assertThat(j.ttl("e:missing")).isEqualTo(-2L);
            assertThat(j.expireAt("e:p", 4_102_444_800L)).isEqualTo(1L);
            assertThat(j.expireTime("e:p")).isEqualTo(4_102_444_800L);
            assertThat(j.pexpireTime("e:p")).isEqualTo(4_102_444_800_000L);
            awaitGone(j, "e:short");
            assertThat(j.get("e:short")).isNull();
            assertThat(j.exists("e:short")).isFalse();
            assertThat(j.keys("e:*")).containsExactlyInAnyOrder("e:long", "e:p");
            assertThat(j.expire("e:long", -1)).isEqualTo(1L);
            assertThat(j.exists("e:long")).isFalse();
        }
    }

    private static void awaitGone(Jedis j, String key) {
        long deadline = System.currentTimeMillis() + 5_000;
        while (j.exists(key)) {
            if (System.currentTimeMillis() > deadline) {
                fail(key + " did not expire within 5 s");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void scanIterationWithScanParams() {
        try (Jedis j = jedis(RedisProtocol.RESP2)) {
            Set<String> expected = new HashSet<>();
            Map<String, String> batch = new HashMap<>();
            for (int i = 0; i < 250; i++) {
                batch.put("scan:" + i, "v");
                expected.add("scan:" + i);
            }
            j.mset(batch.entrySet().stream().flatMap(e -> Stream.of(e.getKey(), e.getValue()))
                    .toArray(String[]::new));
            j.set("", "the empty key");
            j.hset("scan:hash", "f", "v");
            j.sadd("other", "m");

            assertThat(scanAll(j, new ScanParams().match("scan:*").count(17), null))
                    .isEqualTo(union(expected, Set.of("scan:hash")));
            assertThat(scanAll(j, new ScanParams().match("scan:1?").count(5), null))
                    .isEqualTo(IntStream.range(10, 20).mapToObj(i -> "scan:" + i).collect(Collectors.toSet()));
            assertThat(scanAll(j, new ScanParams().count(1), "hash")).containsExactly("scan:hash");
            // the empty key is a key like any other, also when a page ends on it
            Set<String> everything = union(expected, Set.of("", "scan:hash", "other"));
            assertThat(scanAll(j, new ScanParams().count(1), null)).isEqualTo(everything);
            assertThat(scanAll(j, new ScanParams(), null)).isEqualTo(everything);
            assertThat(j.keys("*")).hasSize(everything.size());
            assertThat(j.keys("scan:2[z-a]")).as("a reversed range, as Redis").isEmpty();
            assertThat(j.keys("scan:2[0-9]")).hasSize(10);
            assertThat(j.keys("scan:2[9-0]")).hasSize(10);

            j.hset("big", IntStream.range(0, 50).boxed().collect(Collectors.toMap(i -> "f" + i, i -> "v" + i)));
            Map<String, String> fields = new HashMap<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<Map.Entry<String, String>> page = j.hscan("big", cursor, new ScanParams().match("f1*").count(3));
                page.getResult().forEach(e -> fields.put(e.getKey(), e.getValue()));
                cursor = page.getCursor();
            } while (!isDone(cursor));
            assertThat(fields).hasSize(11).containsEntry("f1", "v1").containsEntry("f19", "v19");

            j.sadd("members", IntStream.range(0, 40).mapToObj(i -> "m" + i).toArray(String[]::new));
            Set<String> members = new HashSet<>();
            cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = j.sscan("members", cursor, new ScanParams().count(7));
                members.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!isDone(cursor));
            assertThat(members).hasSize(40);
        }
    }

    private static boolean isDone(String cursor) {
        return cursor.equals(ScanParams.SCAN_POINTER_START);
    }

    private static Set<String> scanAll(Jedis j, ScanParams params, String type) {
        Set<String> seen = new HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        int pages = 0;
        do {
            ScanResult<String> page = type == null ? j.scan(cursor, params) : j.scan(cursor, params, type);
            seen.addAll(page.getResult());
            cursor = page.getCursor();
            assertThat(++pages).as("scan pages").isLessThan(10_000);
        } while (!isDone(cursor));
        return seen;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void redisCliSmokeTest() throws Exception {
        Path cli = RedisPeer.require("redis-cli");
        String port = Integer.toString(server.port());
        assertThat(run(cli, "-p", port, "SET", "cli:k", "hello world")).isEqualTo("OK");
        assertThat(run(cli, "-p", port, "GET", "cli:k")).isEqualTo("hello world");
        assertThat(run(cli, "-p", port, "HSET", "cli:h", "f", "v")).isEqualTo("1");
        assertThat(run(cli, "-3", "-p", port, "HGETALL", "cli:h")).isEqualTo("f v");
        assertThat(run(cli, "-p", port, "INCRBY", "cli:n", "41")).isEqualTo("41");
        assertThat(run(cli, "-p", port, "GET", "cli:missing")).isEmpty();
        try (Jedis j = jedis(RedisProtocol.RESP2)) {
            assertThat(j.get("cli:k")).isEqualTo("hello world");
            assertThat(j.incr("cli:n")).isEqualTo(42L);
        }
    }

    /** Runs redis-cli (raw output, as its stdout is not a terminal) and returns what it printed, trimmed. */
    private static String run(Path cli, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(cli.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("redis-cli did not finish: " + command);
        }
        assertThat(process.exitValue()).as("exit status of " + command).isZero();
        return new String(output, StandardCharsets.UTF_8).strip();
    }
}
