package io.hstorekv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.Await;
import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** BZPOPMIN / BZMPOP through the server: a blocked client is answered by another client's ZADD. */
class BlockingSortedSetTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aBlockedPopGetsTheMemberAnotherClientAdds() {
        try (RespClient blocked = new RespClient(server.port()); RespClient writer = new RespClient(server.port())) {
            writer.call("DEL", "q");
            CompletableFuture<Object> reply = CompletableFuture.supplyAsync(() -> blocked.call("BZPOPMIN", "q", "0"));
            assertThat(writer.call("ZADD", "q", "2.5", "job")).isEqualTo(1L);
            assertThat(reply.join()).isEqualTo(List.of("q", "job", "2.5"));
            assertThat(writer.call("EXISTS", "q")).isEqualTo(0L);

            CompletableFuture<Object> multi = CompletableFuture.supplyAsync(
                    () -> blocked.call("BZMPOP", "0", "2", "p", "q", "MAX", "COUNT", "2"));
            writer.call("ZADD", "p", "1", "a", "2", "b", "3", "c");
            assertThat(multi.join()).isEqualTo(List.of("p", List.of(List.of("c", "3"), List.of("b", "2"))));
        }
    }

    @Test
    void aClientThatLeavesWhileBlockedTakesNothing() {
        try (RespClient writer = new RespClient(server.port())) {
            writer.call("DEL", "gone");
            RespClient blocked = new RespClient(server.port());
            blocked.send("BZPOPMAX", "gone", "0");
            Await.until(() -> blockedClients(writer) == 1, Duration.ofSeconds(30), "the client to block");
            blocked.close();
            Await.until(() -> blockedClients(writer) == 0, Duration.ofSeconds(30), "the wait to end with the connection");
            writer.call("ZADD", "gone", "1", "kept");
            assertThat(writer.call("ZRANGE", "gone", "0", "-1")).isEqualTo(List.of("kept"));
        }
    }

    private static long blockedClients(RespClient client) {
        String info = (String) client.call("INFO", "clients");
        return info.lines().filter(l -> l.startsWith("blocked_clients:"))
                .mapToLong(l -> Long.parseLong(l.substring("blocked_clients:".length()).trim())).findFirst().orElseThrow();
    }
}
