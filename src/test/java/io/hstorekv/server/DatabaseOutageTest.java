package io.hstorekv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.HstoreKv;
import io.hstorekv.testing.Await;
import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.RespClient.Err;
import io.hstorekv.testing.StoppableDatabase;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The server's database stops (a real PostgreSQL of the test's own, stopped and started again):
 * while it is down every command answers at once with one stable error, PING still answers and
 * INFO says the database is down; when it is back, commands work again by themselves.
 */
class DatabaseOutageTest {
    /** Far below the pool's 30 s of waiting that a command took before fail-fast, far above what an answer takes. */
    private static final int REPLY_TIMEOUT_MILLIS = 10_000;
    private static final Err UNAVAILABLE = new Err("ERR database unavailable");

    @Test
    void commandsFailFastWhileTheDatabaseIsDownAndWorkAgainWhenItReturns() {
        try (StoppableDatabase db = new StoppableDatabase();
             HstoreKv kv = HstoreKv.builder().jdbcUrl(db.jdbcUrl()).credentials("postgres", "postgres").open();
             RedisServer server = RedisServer.start(new ServerConfig().port(0).shutdownTimeout(Duration.ofSeconds(5)), kv);
             RespClient c = new RespClient(server.port()).timeoutMillis(REPLY_TIMEOUT_MILLIS)) {
            assertThat(c.call("SET", "k", "v")).isEqualTo("OK");
            assertThat(databaseStatus(c)).isEqualTo("up");

            db.stop();
            assertThat(c.call("GET", "k")).isEqualTo(UNAVAILABLE);
            for (int i = 0; i < 50; i++) {
                assertThat(c.call("SET", "k" + i, "v")).isEqualTo(UNAVAILABLE);
                assertThat(c.call("HGET", "h", "f")).isEqualTo(UNAVAILABLE);
            }
            c.send("GET", "k").send("INCR", "n").send("SADD", "s", "m");
            assertThat(c.read()).isEqualTo(UNAVAILABLE);
            assertThat(c.read()).isEqualTo(UNAVAILABLE);
            assertThat(c.read()).isEqualTo(UNAVAILABLE);
            assertThat(c.call("MULTI")).isEqualTo("OK");
            assertThat(c.call("SET", "k", "x")).isEqualTo("QUEUED");
            assertThat(c.call("EXEC")).as("a transaction runs nothing").isEqualTo(UNAVAILABLE);
            assertThat(c.call("PING")).isEqualTo("PONG");
            assertThat(databaseStatus(c)).isEqualTo("down");

            db.start();
            Await.until(() -> Objects.equals(c.call("GET", "k"), "v"), Duration.ofSeconds(60), "GET to work again");
            assertThat(databaseStatus(c)).isEqualTo("up");
            assertThat(c.call("SET", "k", "w")).isEqualTo("OK");
            assertThat(c.call("GET", "k")).isEqualTo("w");
        }
    }

    /** INFO persistence's database_status, the readiness signal the README documents. */
    private static String databaseStatus(RespClient c) {
        String info = (String) c.call("INFO", "persistence");
        return info.lines().filter(l -> l.startsWith("database_status:")).map(l -> l.substring("database_status:".length()))
                .findFirst().orElse("(missing)");
    }
}
