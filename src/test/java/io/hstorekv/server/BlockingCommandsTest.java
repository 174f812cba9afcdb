package io.hstorekv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.Await;
import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.TestServer;
import io.hstorekv.testing.TestSql;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Blocking list commands across connections and server instances: two servers on one database
 * share their namespaces (same prefix), so a push on one must wake a client blocked on the other,
 * which only PostgreSQL's NOTIFY can carry.
 */
class BlockingCommandsTest {
    @AutoClose
    private static TestServer one;
    @AutoClose
    private static TestServer two;

    @BeforeAll
    static void start() {
        String prefix = String.format("b%08x_", ThreadLocalRandom.current().nextInt() & 0x7fffffff);
        one = TestServer.start(config -> config.namespacePrefix(prefix));
        two = TestServer.start(config -> config.namespacePrefix(prefix));
    }


    @Test
    void aPushOnAnotherInstanceWakesTheBlockedClient() {
        try (RespClient blocked = one.client(); RespClient pusher = two.client(); RespClient watcher = one.client()) {
            blocked.send("BRPOP", "cross", "0");
            awaitBlocked(watcher, 1);
            assertThat(pusher.call("LPUSH", "cross", "x", "y")).isEqualTo(2L);
            assertThat(blocked.read()).isEqualTo(List.of("cross", "x"));
            assertThat(pusher.call("LRANGE", "cross", "0", "-1")).isEqualTo(List.of("y"));
            blocked.send("BLMOVE", "cross2", "dst", "LEFT", "RIGHT", "0");
            awaitBlocked(watcher, 1);
            pusher.call("RPUSH", "cross2", "moved");
            assertThat(blocked.read()).isEqualTo("moved");
            assertThat(watcher.call("LRANGE", "dst", "0", "-1")).isEqualTo(List.of("moved"));
        }
    }

    /** Redis's list unit: a key that is briefly a list, then a string, does not serve (or fail) the waiter. */
    @Test
    void aWaiterWokenForAKeyOfAnotherTypeWaitsOn() {
        try (RespClient blocked = one.client(); RespClient other = one.client()) {
            blocked.send("BLPOP", "retyped", "0");
            awaitBlocked(other, 1);
            other.call("MULTI");
            other.call("LPUSH", "retyped", "a");
            other.call("DEL", "retyped");
            other.call("SET", "retyped", "foo");
            other.call("EXEC");
            other.call("DEL", "retyped");
            other.call("LPUSH", "retyped", "b");
            assertThat(blocked.read()).isEqualTo(List.of("retyped", "b"));
        }
    }

    @Test
    void aBlockedConnectionRunsNothingElseUntilItsTimeout() {
        try (RespClient blocked = one.client()) {
            long start = System.nanoTime();
            blocked.send("BLPOP", "nothing", "0.3");
            blocked.send("PING");
            assertThat(blocked.read()).isNull();
            assertThat(blocked.lastType()).isEqualTo('*');
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsedMillis).as("a timeout never ends early").isGreaterThanOrEqualTo(300);
            assertThat(blocked.read()).isEqualTo("PONG");
        }
    }

    @Test
    void aClientThatDisconnectsWhileBlockedTakesNothing() {
        try (RespClient watcher = one.client()) {
            RespClient blocked = one.client();
            blocked.send("BLPOP", "left-behind", "0");
            awaitBlocked(watcher, 1);
            blocked.close();
            awaitBlocked(watcher, 0);
            assertThat(watcher.call("RPUSH", "left-behind", "kept")).isEqualTo(1L);
            assertThat(watcher.call("LRANGE", "left-behind", "0", "-1")).isEqualTo(List.of("kept"));
            // the registration goes right after the wait ends (not necessarily before INFO shows it)
            Await.until(() -> waitRows("left-behind") == 0, Duration.ofSeconds(10), "the key_waits row to go");
        }
    }

    @Test
    void blockedClientsOnBothInstancesAreEachServedOnce() {
        try (RespClient a = one.client(); RespClient b = two.client(); RespClient watcherOne = one.client();
             RespClient watcherTwo = two.client()) {
            a.send("BLPOP", "shared", "0");
            b.send("BLPOP", "shared", "0");
            awaitBlocked(watcherOne, 1);
            awaitBlocked(watcherTwo, 1);
            watcherOne.call("RPUSH", "shared", "first", "second");
            List<?> gotA = (List<?>) a.read();
            List<?> gotB = (List<?>) b.read();
            assertThat(List.of(gotA.get(1), gotB.get(1))).containsExactlyInAnyOrder("first", "second");
            assertThat(watcherOne.call("EXISTS", "shared")).isEqualTo(0L);
        }
    }

    private static long waitRows(String key) {
        try {
            return TestSql.queryLong("SELECT count(*) FROM hstorekv.key_waits WHERE key = '" + key + "'");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until INFO clients shows {@code n} blocked clients on that connection's server. */
    private static void awaitBlocked(RespClient client, int n) {
        while (!String.valueOf(client.call("INFO", "clients")).contains("blocked_clients:" + n)) {
            Thread.onSpinWait();
        }
    }
}
