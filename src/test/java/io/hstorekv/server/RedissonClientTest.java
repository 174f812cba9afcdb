package io.hstorekv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.hstorekv.testing.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * hstore-kv's server through Redisson (the newest 3.x), with its defaults: the script cache on, so
 * scripts go out as EVALSHA. Scripting is not implemented; Redisson must raise that at once rather
 * than retry forever (it retries EVALSHA on "ERR unknown command", loading the script on NOSCRIPT).
 */
class RedissonClientTest {
    /** A bound so that a retry loop fails the test instead of hanging the build; not a speed claim. */
    private static final Duration BOUND = Duration.ofSeconds(60);

    private static TestServer server;
    private static RedissonClient redisson;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        Config config = new Config();
        config.useSingleServer().setAddress("redis://127.0.0.1:" + server.port());
        redisson = Redisson.create(config);
    }

    @AfterAll
    static void stop() {
        if (redisson != null) {
            redisson.shutdown();
        }
        server.close();
    }

    @Test
    void plainCommandsWork() {
        redisson.getBucket("r:k", StringCodec.INSTANCE).set("v");
        assertThat(redisson.getBucket("r:k", StringCodec.INSTANCE).get()).isEqualTo("v");
    }

    @ParameterizedTest
    @EnumSource(RScript.Mode.class)
    void aScriptFailsAtOnceWithTheReason(RScript.Mode mode) {
        RScript script = redisson.getScript(StringCodec.INSTANCE);
        assertTimeoutPreemptively(BOUND, () ->
                assertThatThrownBy(() -> script.eval(mode, "return 1", RScript.ReturnType.INTEGER, List.of()))
                        .isInstanceOf(RedisException.class)
                        .hasMessageContaining("scripting is not supported"));
    }

    @Test
    void aMapPutThatRedissonScriptsFailsAtOnce() {
        assertTimeoutPreemptively(BOUND, () ->
                assertThatThrownBy(() -> redisson.getMap("r:m", StringCodec.INSTANCE).put("f", "v"))
                        .isInstanceOf(RedisException.class)
                        .hasMessageContaining("scripting is not supported"));
    }
}
