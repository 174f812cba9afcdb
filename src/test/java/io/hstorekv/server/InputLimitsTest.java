package io.hstorekv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.Await;
import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.RespClient.Err;
import io.hstorekv.testing.TestDatabase;
import io.hstorekv.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a connection can make the server hold before its command has run, over real sockets.
 * Before AUTH, Redis 7's rules (networking.c): a multibulk count above 10 or a bulk length above
 * 16384 is refused from its header and the connection closed. After it, the bytes of incomplete
 * commands on all connections together stay within the server's input budget, which also counts the
 * complete commands waiting to run. Assertions are on what the server holds
 * ({@link RedisServer#pendingInputBytes()}), not on the process's memory.
 */
class InputLimitsTest {
    private static final String PASSWORD = "secret";
    private static final int BUDGET = 1024 * 1024;

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(config -> config.requirePass(PASSWORD).inputBudget(BUDGET));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aHugeBulkBeforeAuthIsRefusedFromItsHeader() {
        try (RespClient c = server.client()) {
            c.sendRaw("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$400000000\r\n");
            c.sendRaw(new byte[64 * 1024]); // the start of the value: nothing of it may be kept
            assertThat(c.read()).isEqualTo(new Err("ERR Protocol error: unauthenticated bulk length"));
            assertThat(c.closedByServer()).isTrue();
        }
        Await.until(() -> server.server().pendingInputBytes() == 0, Duration.ofSeconds(10), "no input held");
    }

    @Test
    void aLongMultibulkBeforeAuthIsRefusedFromItsHeader() {
        try (RespClient c = server.client()) {
            c.sendRaw("*11\r\n");
            assertThat(c.read()).isEqualTo(new Err("ERR Protocol error: unauthenticated multibulk length"));
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void theLimitsBeforeAuthAreRedisOwn() {
        try (RespClient c = server.client()) {
            // 10 arguments and 16384 bytes are still read (and answered NOAUTH), as in Redis
            Object[] ten = new Object[10];
            ten[0] = "SET";
            for (int i = 1; i < ten.length; i++) {
                ten[i] = "x".repeat(16384);
            }
            assertThat(c.call(ten)).isEqualTo(new Err("NOAUTH Authentication required."));
            assertThat(c.call("AUTH", PASSWORD)).isEqualTo("OK");
            Object[] eleven = new Object[11];
            eleven[0] = "MSET";
            for (int i = 1; i < eleven.length; i++) {
                eleven[i] = i % 2 == 1 ? "k" + i : "v".repeat(100_000);
            }
            assertThat(c.call(eleven)).isEqualTo("OK");
            assertThat(c.call("SET", "big", "v".repeat(100_000))).isEqualTo("OK");
        }
    }

    @Test
    void incompleteCommandsStayWithinTheBudget() {
        try (RespClient first = server.client(); RespClient second = server.client()) {
            assertThat(first.call("AUTH", PASSWORD)).isEqualTo("OK");
            assertThat(second.call("AUTH", PASSWORD)).isEqualTo("OK");
            int part = BUDGET / 2 + 1024;
            first.sendRaw(("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$" + 10 * BUDGET + "\r\n").getBytes(StandardCharsets.US_ASCII));
            first.sendRaw(new byte[part]);
            Await.until(() -> server.server().pendingInputBytes() >= part, Duration.ofSeconds(10), "the first part held");
            second.sendRaw(("*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$" + 10 * BUDGET + "\r\n").getBytes(StandardCharsets.US_ASCII));
            second.sendRaw(new byte[part]);
            assertThat(second.read()).isEqualTo(new Err("ERR Protocol error: too much input pending on all connections"));
            assertThat(second.closedByServer()).isTrue();
            assertThat(server.server().pendingInputBytes()).isLessThanOrEqualTo(BUDGET);
        }
        Await.until(() -> server.server().pendingInputBytes() == 0, Duration.ofSeconds(10), "no input held");
    }

    @Test
    void commandsWaitingToRunCountAgainstTheBudget() throws SQLException {
        int value = BUDGET / 4;
        try (Connection lock = TestDatabase.dataSource().getConnection();
                RespClient first = server.client();
                RespClient second = server.client()) {
            assertThat(first.call("AUTH", PASSWORD)).isEqualTo("OK");
            assertThat(second.call("AUTH", PASSWORD)).isEqualTo("OK");
            assertThat(first.call("SET", "blocked", "1")).isEqualTo("OK");
            lock.setAutoCommit(false);
            try (PreparedStatement statement = lock.prepareStatement(
                    "SELECT 1 FROM hstorekv.entries WHERE ns = ? AND key = 'blocked' FOR UPDATE")) {
                statement.setString(1, server.server().config().namespacePrefix() + "db0");
                assertThat(statement.executeQuery().next()).isTrue(); // writes to the key wait for it
            }
            first.send("INCR", "blocked"); // not a plain SET: the SETs behind it stay queued, not batched with it
            for (int i = 0; i < 3; i++) {
                first.send("SET", "queued" + i, "v".repeat(value));
            }
            Await.until(() -> server.server().pendingInputBytes() >= value, Duration.ofSeconds(10), "queued input counted");
            second.sendRaw(("*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$" + 10 * BUDGET + "\r\n").getBytes(StandardCharsets.US_ASCII));
            second.sendRaw(new byte[BUDGET - value / 2]);
            assertThat(second.read()).isEqualTo(new Err("ERR Protocol error: too much input pending on all connections"));
            lock.rollback();
            assertThat(first.read()).isEqualTo(2L);
            for (int i = 0; i < 3; i++) {
                assertThat(first.read()).isEqualTo("OK");
            }
        }
        Await.until(() -> server.server().pendingInputBytes() == 0, Duration.ofSeconds(10), "no input held");
    }
}
