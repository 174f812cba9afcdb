package io.hstorekv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.SizeBounds;
import io.hstorekv.testing.RespClient.Err;
import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.TestDatabase;
import io.hstorekv.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** INFO, DBSIZE, FLUSHDB, FLUSHALL, TIME, COMMAND, CONFIG. */
class ServerCommandsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(config -> config.databases(3));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void dbsizeFlushdbFlushall() {
        try (RespClient c = server.client()) {
            c.call("FLUSHALL");
            assertThat(c.call("DBSIZE")).isEqualTo(0L);
            c.call("SET", "a", "1");
            c.call("SET", "b", "2");
            assertThat(c.call("DBSIZE")).isEqualTo(2L);
            c.call("SELECT", "1");
            c.call("SET", "c", "3");
            assertThat(c.call("DBSIZE")).isEqualTo(1L);
            assertThat(c.call("FLUSHDB")).isEqualTo("OK");
            assertThat(c.call("DBSIZE")).isEqualTo(0L);
            c.call("SET", "c", "3");
            c.call("SELECT", "0");
            assertThat(c.call("DBSIZE")).isEqualTo(2L);
            assertThat(c.call("FLUSHDB", "bogus")).isEqualTo(new Err("ERR syntax error"));
            assertThat(c.call("FLUSHALL", "SYNC")).isEqualTo("OK");
            assertThat(c.call("DBSIZE")).isEqualTo(0L);
            c.call("SELECT", "1");
            assertThat(c.call("DBSIZE")).isEqualTo(0L);
        }
    }

    /** MEMORY USAGE's estimate grows with the value; a missing key has none. */
    @Test
    void memoryUsageEstimatesTheValue() {
        try (RespClient c = server.client()) {
            c.call("SET", "small", "v");
            c.call("SET", "large", "v".repeat(1000));
            c.call("HSET", "h", "f", "v", "g", "w");
            assertThat((Long) c.call("MEMORY", "USAGE", "large")).isGreaterThan((Long) c.call("MEMORY", "USAGE", "small"));
            assertThat((Long) c.call("MEMORY", "USAGE", "h")).isPositive();
            assertThat(c.call("MEMORY", "USAGE", "missing")).isNull();
        }
    }

    /** Redis's CPU fields, as Redis's info-command unit looks for them: seconds, user and sys apart. */
    @Test
    void infoCpuHasUserAndSystemTime() {
        try (RespClient c = server.client()) {
            String cpu = (String) c.call("INFO", "cpu");
            assertThat(cpu).containsPattern("\\r\\nused_cpu_sys:\\d+\\.\\d{6}\\r\\n")
                    .containsPattern("\\r\\nused_cpu_user:\\d+\\.\\d{6}\\r\\n");
            assertThat((String) c.call("INFO", "everything")).contains("used_cpu_user:");
        }
    }

    @Test
    void infoSections() {
        try (RespClient c = server.client()) {
            c.call("FLUSHALL");
            c.call("SELECT", "2");
            c.call("SET", "k", "v");
            String all = (String) c.call("INFO");
            assertThat(all).contains("# Server\r\n", "redis_version:" + RedisServer.REDIS_VERSION + "\r\n",
                    "# Clients\r\n", "connected_clients:", "# Memory\r\n", "used_memory:", "# Stats\r\n",
                    "keyspace_hits:", "keyspace_misses:", "cache_hit_ratio:", "total_commands_processed:",
                    "# Keyspace\r\n", "db2:keys=1,expires=0,avg_ttl=0\r\n");
            assertThat(all).doesNotContain("db0:", "db1:");
            String keyspace = (String) c.call("INFO", "keyspace");
            assertThat(keyspace).isEqualTo("# Keyspace\r\ndb2:keys=1,expires=0,avg_ttl=0\r\n");
            String two = (String) c.call("INFO", "server", "CLIENTS");
            assertThat(two).contains("# Server", "# Clients").doesNotContain("# Memory");
            assertThat(c.call("INFO", "nosuchsection")).isEqualTo("");
            c.call("HELLO", "3");
            assertThat((String) c.call("INFO", "replication")).contains("role:master");
            assertThat(c.lastType()).isEqualTo('=');
        }
    }

    @Test
    void infoShowsBoundedDatabasesAndTheirEvictions() {
        String db1 = server.server().config().namespaceName(1);
        try (RespClient c = server.client()) {
            c.call("FLUSHALL");
            assertThat((String) c.call("INFO")).as("nothing bounded: no section").doesNotContain("# Bounds");
            c.call("SELECT", "1");
            for (int i = 0; i < 5; i++) {
                c.call("SET", "k" + i, "v");
            }
            server.store().setSizeBounds(db1, SizeBounds.entries(3));
            assertThat((String) c.call("INFO", "bounds")).matches(
                    "# Bounds\r\ndb1:max_entries=3,max_bytes=0,entries=5,bytes=[1-9][0-9]*,evictions=0\r\n");

            server.store().evictOverBounds();

            assertThat((String) c.call("INFO")).contains("# Bounds\r\n").containsPattern("db1:max_entries=3,max_bytes=0,"
                    + "entries=3,bytes=[1-9][0-9]*,evictions=2\r\n");
            assertThat(c.call("DBSIZE")).isEqualTo(3L);
        } finally {
            server.store().setSizeBounds(db1, SizeBounds.NONE);
        }
    }

    @Test
    void keyspaceHitsAndMissesAreCounted() {
        try (TestServer counting = TestServer.start(config -> config.databases(1).extraCommands(t ->
                t.read("testlookup", 2, 1, 1, 1, (c, a, r) -> {
                    c.keyspaceLookup(a.string(1).equals("hit"));
                    r.ok();
                })));
             RespClient c = counting.client()) {
            c.call("testlookup", "hit");
            c.call("testlookup", "hit");
            c.call("testlookup", "miss");
            String stats = (String) c.call("INFO", "stats");
            assertThat(stats).contains("keyspace_hits:2\r\n", "keyspace_misses:1\r\n");
            assertThat(c.call("CONFIG", "RESETSTAT")).isEqualTo("OK");
            assertThat((String) c.call("INFO", "stats")).contains("keyspace_hits:0\r\n");
        }
    }

    @Test
    void readCommandsCountKeyspaceHitsAndMissesAndInputBytesAreCounted() {
        try (TestServer counting = TestServer.start(config -> config.databases(1)); RespClient c = counting.client()) {
            c.call("SET", "present", "v");
            String before = (String) c.call("INFO", "stats");
            c.call("GET", "present");
            c.call("GET", "absent");
            c.call("EXISTS", "present", "absent", "absent2");
            String after = (String) c.call("INFO", "stats");
            assertThat(after).contains("keyspace_hits:2\r\n", "keyspace_misses:3\r\n");
            assertThat(stat(after, "total_net_input_bytes")).isGreaterThan(stat(before, "total_net_input_bytes"));
        }
    }

    private static long stat(String info, String name) {
        return info.lines().filter(line -> line.startsWith(name + ":")).findFirst()
                .map(line -> Long.parseLong(line.substring(name.length() + 1))).orElseThrow();
    }

    @Test
    void infoCreatesNoNamespaces() throws Exception {
        try (TestServer fresh = TestServer.start(); RespClient c = fresh.client()) {
            assertThat((String) c.call("INFO")).contains("# Keyspace\r\n");
            assertThat(c.call("INFO", "keyspace")).isEqualTo("# Keyspace\r\n");
            assertThat(namespacesNamed(fresh.server().config().namespacePrefix() + "db%")).isZero();
        }
    }

    private static long namespacesNamed(String pattern) throws Exception {
        try (Connection connection = TestDatabase.dataSource().getConnection();
             PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM hstorekv.namespaces WHERE name LIKE ?")) {
            count.setString(1, pattern);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void time() {
        try (RespClient c = server.client()) {
            List<Object> t = (List<Object>) c.call("TIME");
            long seconds = Long.parseLong((String) t.get(0));
            long micros = Long.parseLong((String) t.get(1));
            assertThat(Math.abs(seconds - System.currentTimeMillis() / 1000)).isLessThan(5);
            assertThat(micros).isBetween(0L, 999_999L);
        }
    }

    @Test
    void command() {
        try (RespClient c = server.client()) {
            long count = (Long) c.call("COMMAND", "COUNT");
            assertThat(count).isEqualTo(server.server().commands().all().size());
            List<Object> all = (List<Object>) c.call("COMMAND");
            assertThat(all).hasSize((int) count);
            List<Object> info = (List<Object>) c.call("COMMAND", "INFO", "get", "nosuch", "PING");
            assertThat(info).hasSize(3);
            List<Object> get = (List<Object>) info.get(0);
            assertThat(get).hasSize(10);
            assertThat(get.subList(0, 2)).containsExactly("get", 2L);
            assertThat((List<Object>) get.get(2)).contains("readonly");
            assertThat(get.subList(3, 6)).containsExactly(1L, 1L, 1L);
            assertThat(info.get(1)).isNull();
            assertThat(((List<Object>) info.get(2)).get(0)).isEqualTo("ping");
            List<Object> docs = (List<Object>) c.call("COMMAND", "DOCS", "get");
            assertThat(docs).hasSize(2);
            assertThat(docs.get(0)).isEqualTo("get");
            c.call("HELLO", "3");
            Map<Object, Object> docMap = (Map<Object, Object>) c.call("COMMAND", "DOCS");
            assertThat(docMap).hasSize((int) count);
            assertThat((Map<Object, Object>) docMap.get("set")).containsKeys("summary", "since", "group");
            assertThat(c.call("COMMAND", "GETKEYS", "MSET", "a", "1", "b", "2")).isEqualTo(List.of("a", "b"));
            assertThat(c.call("COMMAND", "GETKEYS", "PING")).isEqualTo(new Err("ERR The command has no key arguments"));
            assertThat(c.call("COMMAND", "GETKEYS", "nosuch")).isEqualTo(new Err("ERR Invalid command specified"));
            assertThat((List<Object>) c.call("COMMAND", "LIST")).contains("get", "ping", "config");
            assertThat(c.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "conf*")).isEqualTo(List.of("config"));
            assertThat(c.call("COMMAND", "nope")).isEqualTo(new Err("ERR unknown subcommand 'nope'. Try COMMAND HELP."));
        }
    }

    @Test
    void configGetAndSet() {
        try (TestServer own = TestServer.start(config -> config.databases(2));
             RespClient c = own.client()) {
            assertThat(c.call("CONFIG", "GET", "maxclients")).isEqualTo(List.of("maxclients", "10000"));
            assertThat(c.call("CONFIG", "GET", "nosuch")).isEqualTo(List.of());
            assertThat(c.call("CONFIG", "GET", "databases", "port")).isEqualTo(
                    List.of("databases", "2", "port", Integer.toString(own.port())));
            assertThat((List<Object>) c.call("CONFIG", "GET", "*")).contains("requirepass", "proto-max-bulk-len", "bind");
            assertThat(c.call("CONFIG", "SET", "foo", "bar")).isEqualTo(
                    new Err("ERR Unknown option or number of arguments for CONFIG SET - 'foo'"));
            assertThat(c.call("CONFIG", "SET", "databases", "4")).isEqualTo(new Err(
                    "ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config"));
            assertThat(c.call("CONFIG", "SET", "maxclients", "many")).isEqualTo(new Err(
                    "ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument couldn't be parsed into an integer"));
            assertThat(c.call("CONFIG", "SET", "maxclients")).isEqualTo(
                    new Err("ERR wrong number of arguments for 'config|set' command"));
            // all or nothing
            assertThat(c.call("CONFIG", "SET", "maxclients", "50", "databases", "3")).isInstanceOf(Err.class);
            assertThat(c.call("CONFIG", "GET", "maxclients")).isEqualTo(List.of("maxclients", "10000"));
            assertThat(c.call("CONFIG", "SET", "maxclients", "50", "proto-max-bulk-len", "2mb")).isEqualTo("OK");
            assertThat(c.call("CONFIG", "GET", "maxclients")).isEqualTo(List.of("maxclients", "50"));
            assertThat(c.call("CONFIG", "GET", "proto-max-bulk-len")).isEqualTo(List.of("proto-max-bulk-len", "2097152"));
            assertThat(c.call("CONFIG", "SET", "proto-max-bulk-len", "1000")).isEqualTo(new Err(
                    "ERR CONFIG SET failed (possibly related to argument 'proto-max-bulk-len') - argument must be between 1048576 and 9223372036854775807 inclusive"));
            // the new bulk limit applies to new frames
            try (RespClient big = own.client()) {
                big.sendRaw("*2\r\n$4\r\nECHO\r\n$3000000\r\n");
                assertThat(big.read()).isEqualTo(new Err("ERR Protocol error: invalid bulk length"));
            }
            // requirepass: new connections must AUTH; this one stays signed in
            assertThat(c.call("CONFIG", "SET", "requirepass", "pw")).isEqualTo("OK");
            assertThat(c.call("CONFIG", "GET", "requirepass")).isEqualTo(List.of("requirepass", "pw"));
            try (RespClient other = own.client()) {
                assertThat(other.call("PING")).isEqualTo(new Err("NOAUTH Authentication required."));
                assertThat(other.call("AUTH", "pw")).isEqualTo("OK");
            }
            assertThat(c.call("CONFIG", "SET", "requirepass", "")).isEqualTo("OK");
            try (RespClient other = own.client()) {
                assertThat(other.call("PING")).isEqualTo("PONG");
            }
            assertThat(c.call("CONFIG", "REWRITE")).isEqualTo(new Err("ERR The server is running without a config file"));
            assertThat(c.call("CONFIG", "bogus")).isEqualTo(new Err("ERR unknown subcommand 'bogus'. Try CONFIG HELP."));
        }
    }
}
