package io.hstorekv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.ChangeFeeds;
import io.hstorekv.Namespace;
import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Near-cache hits are answered on the event loop, without a command thread, and a connection's
 * replies stay in the order of its commands however hits and queued commands mix.
 */
class CacheHitPathTest {
    @Test
    void aHitIsAnsweredWhileEveryCommandThreadIsBusy() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (TestServer server = TestServer.startWithNearCaches(config -> config.databases(1).commandThreads(1)
                .extraCommands(t -> t.keyless("hold", 1, (c, a, r) -> {
                    holding.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    r.simple("RELEASED");
                })));
             RespClient reader = server.client().timeoutMillis(10_000);
             RespClient holder = server.client().timeoutMillis(10_000)) {
            assertThat(reader.call("SET", "k", "v")).isEqualTo("OK");
            ChangeFeeds.settle(server.store()); // the feed's report of the SET is applied: nothing drops k any more
            assertThat(reader.call("GET", "k")).isEqualTo("v"); // loads k into the cache
            Namespace db0 = server.store().namespace(server.server().config().namespaceName(0));
            long hits = db0.cacheStats().hits();
            try {
                holder.send("hold");
                assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(reader.call("GET", "k")).isEqualTo("v");
                assertThat(reader.call("GET", "k")).isEqualTo("v");
                assertThat(db0.cacheStats().hits()).isEqualTo(hits + 2);
            } finally {
                release.countDown();
            }
            assertThat(holder.read()).isEqualTo("RELEASED");
        }
    }

    /** Rounds of writes, hits, misses and errors on few keys, so that hits follow queued commands closely. */
    private static List<Object[]> rounds(int count) {
        List<Object[]> commands = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            String key = "k" + r % 3;
            commands.add(new Object[] {"GET", key});
            commands.add(new Object[] {"SET", key, "v" + r});
            commands.add(new Object[] {"GET", key});
            commands.add(new Object[] {"GET", key});
            commands.add(new Object[] {"INCR", "n"});
            commands.add(new Object[] {"GET", "n"});
            commands.add(new Object[] {"GET", "h"});
            commands.add(new Object[] {"NOSUCHCOMMAND"});
            commands.add(new Object[] {"GET", "k" + (r + 1) % 3});
            if (r % 5 == 0) {
                commands.add(new Object[] {"DEL", key});
                commands.add(new Object[] {"GET", key});
                commands.add(new Object[] {"HSET", "h", "f", "v" + r});
            }
        }
        return commands;
    }

    @Test
    void pipelinedRepliesKeepTheirOrderAndEqualThoseOfAServerWithoutCache() {
        List<Object[]> commands = rounds(300);
        List<Object> expected = new ArrayList<>();
        try (TestServer plain = TestServer.start(config -> config.databases(1));
             RespClient c = plain.client()) {
            for (Object[] command : commands) {
                expected.add(c.call(command));
            }
        }
        try (TestServer cached = TestServer.startWithNearCaches(config -> config.databases(1))) {
            List<Object> oneByOne = new ArrayList<>();
            try (RespClient c = cached.client()) {
                for (Object[] command : commands) {
                    oneByOne.add(c.call(command));
                }
                c.call("FLUSHDB");
            }
            List<Object> pipelined = new ArrayList<>();
            try (RespClient c = cached.client()) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                commands.forEach(command -> all.writeBytes(RespClient.encode(command)));
                c.sendRaw(all.toByteArray());
                for (int i = 0; i < commands.size(); i++) {
                    pipelined.add(c.read());
                }
            }
            Namespace db0 = cached.store().namespace(cached.server().config().namespaceName(0));
            assertThat(db0.cacheStats().hits()).as("hits were served").isPositive();
            assertThat(oneByOne).isEqualTo(expected);
            assertThat(pipelined).isEqualTo(expected);
        }
        assertThat(expected).contains("v299", 300L);
    }
}
