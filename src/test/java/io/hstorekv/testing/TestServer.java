package io.hstorekv.testing;

import io.hstorekv.HstoreKv;
import io.hstorekv.server.RedisServer;
import io.hstorekv.server.ServerConfig;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A {@link RedisServer} on a free loopback port over the test PostgreSQL ({@link TestDatabase}),
 * its databases in namespaces of their own ({@code s<random>_db<n>}), so test classes share no keys.
 *
 * <pre>{@code
 * try (TestServer server = TestServer.start(); RespClient client = server.client()) {
 *     assertThat(client.call("PING")).isEqualTo("PONG");
 * }
 * }</pre>
 */
public final class TestServer implements AutoCloseable {
    private final HstoreKv kv;
    private final RedisServer server;

    private TestServer(HstoreKv kv, RedisServer server) {
        this.kv = kv;
        this.server = server;
    }

    public static TestServer start() {
        return start(config -> {});
    }

    /** With settings changed by {@code customize} (port, prefix and shutdown timeout are preset). */
    public static TestServer start(Consumer<ServerConfig> customize) {
        return start(customize, (builder, config) -> builder);
    }

    /** As {@link #start(Consumer)}, every database with a near cache of {@link #NEAR_CACHE_BYTES} (as serve's default). */
    public static TestServer startWithNearCaches(Consumer<ServerConfig> customize) {
        return start(customize, (builder, config) -> {
            for (int db = 0; db < config.databases(); db++) {
                builder.nearCacheMemory(config.namespaceName(db), NEAR_CACHE_BYTES);
            }
            return builder;
        });
    }

    public static final long NEAR_CACHE_BYTES = 64L * 1024 * 1024;

    /** With settings changed by {@code customize} and the store's builder by {@code store} (near caches, say). */
    public static TestServer start(Consumer<ServerConfig> customize,
                                   BiFunction<HstoreKv.Builder, ServerConfig, HstoreKv.Builder> store) {
        ServerConfig config = new ServerConfig()
                .port(0)
                .namespacePrefix(String.format("s%08x_", ThreadLocalRandom.current().nextInt() & 0x7fffffff))
                .shutdownTimeout(Duration.ofSeconds(5));
        customize.accept(config);
        HstoreKv kv = store.apply(HstoreKv.builder().dataSource(TestDatabase.dataSource()).groupCommit(true), config)
                .open();
        try {
            return new TestServer(kv, RedisServer.start(config, kv));
        } catch (RuntimeException e) {
            kv.close();
            throw e;
        }
    }

    public RedisServer server() {
        return server;
    }

    public HstoreKv store() {
        return kv;
    }

    public int port() {
        return server.port();
    }

    /** A new connection; close it (or let {@link #close()} end it). */
    public RespClient client() {
        return new RespClient(server.port());
    }

    @Override
    public void close() {
        server.close();
        kv.close();
    }
}
