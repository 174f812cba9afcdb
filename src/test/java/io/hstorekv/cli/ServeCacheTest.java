package io.hstorekv.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.ServeCommandLine;
import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** serve --cache (or HSTOREKV_CACHE): near caches per database, their hit ratio in INFO. */
class ServeCacheTest {
    @Test
    void parsesTheCacheSpec() {
        assertThat(ServeCommand.parseCache(null, 16)).isEmpty();
        assertThat(ServeCommand.parseCache(" db0=100000, db1 = 50000", 16)).containsExactly(
                Map.entry(0, 100_000L), Map.entry(1, 50_000L));
        assertThatThrownBy(() -> ServeCommand.parseCache("db0=0", 16)).hasMessageContaining("positive");
        assertThatThrownBy(() -> ServeCommand.parseCache("db16=10", 16)).hasMessageContaining("only 16 databases");
        assertThatThrownBy(() -> ServeCommand.parseCache("x=10", 16)).hasMessageContaining("db<n>=<entries>");
        assertThat(ServeCommandLine.parse(Map.of("HSTOREKV_CACHE", "db2=7")).cache).isEqualTo("db2=7");
    }

    @Test
    void parsesTheCacheMemorySpec() {
        long heap = 8L << 30;
        assertThat(ServeCommand.parseCacheMemory(null, 2, heap)).containsExactly(
                Map.entry(0, 256L << 20), Map.entry(1, 256L << 20));
        assertThat(ServeCommand.parseCacheMemory(null, 1, 400L << 20)).as("a quarter of a small heap")
                .containsExactly(Map.entry(0, 100L << 20));
        assertThat(ServeCommand.parseCacheMemory("64mb, db1=1gb ,db2 = 0", 3, heap)).containsExactly(
                Map.entry(0, 64L << 20), Map.entry(1, 1L << 30));
        assertThat(ServeCommand.parseCacheMemory("db0=1k", 2, heap)).containsExactly(
                Map.entry(0, 1000L), Map.entry(1, 256L << 20));
        assertThat(ServeCommand.parseCacheMemory("0", 16, heap)).isEmpty();
        assertThatThrownBy(() -> ServeCommand.parseCacheMemory("lots", 16, heap)).hasMessageContaining("not a memory value");
        assertThatThrownBy(() -> ServeCommand.parseCacheMemory("-1mb", 16, heap)).hasMessageContaining("negative");
        assertThatThrownBy(() -> ServeCommand.parseCacheMemory("db16=1mb", 16, heap)).hasMessageContaining("only 16 databases");
        assertThat(ServeCommandLine.parse(Map.of("HSTOREKV_CACHE_MEMORY", "1gb")).cacheMemory).isEqualTo("1gb");
    }

    @Test
    void theNearCacheIsOnByDefault() throws Exception {
        assertThat(hitRatioAfterRepeatedGets()).isGreaterThan(0.5);
    }

    @Test
    void cacheMemoryZeroTurnsItOff() throws Exception {
        assertThat(hitRatioAfterRepeatedGets("--cache-memory", "0")).isZero();
    }

    /** INFO's cache hit ratio after twenty GETs of one key; a GET after a SET sees it (read-your-writes). */
    private static double hitRatioAfterRepeatedGets(String... options) throws Exception {
        String[] db = TestDatabase.connection();
        List<String> args = new ArrayList<>(List.of("--port", "0", "--database-url", db[0], "--database-user", db[1],
                "--database-password", db[2], "--databases", "1", "--pool-size", "2"));
        args.addAll(List.of(options));
        ServeCommand serve = ServeCommandLine.parse(Map.of(), args.toArray(String[]::new));
        String key = StoreFixture.uniqueName("default-cache");
        try (ServeCommand.Running running = serve.start(new PrintWriter(new StringWriter(), true));
             RespClient c = new RespClient(running.port())) {
            assertThat(c.call("SET", key, "v")).isEqualTo("OK");
            for (int i = 0; i < 20; i++) {
                assertThat(c.call("GET", key)).isEqualTo("v");
            }
            assertThat(c.call("SET", key, "w")).isEqualTo("OK");
            assertThat(c.call("GET", key)).isEqualTo("w");
            c.call("DEL", key);
            Matcher m = Pattern.compile("cache_hit_ratio:([0-9.]+)").matcher(String.valueOf(c.call("INFO", "stats")));
            assertThat(m.find()).isTrue();
            return Double.parseDouble(m.group(1));
        }
    }

    @Test
    void aBadSpecIsAConfigurationError() {
        ServeCommand serve = ServeCommandLine.parse(Map.of(), "--port", "0", "--cache", "db99=1", "--database-url", "jdbc:postgresql://nowhere/x");
        assertThatThrownBy(() -> serve.start(new PrintWriter(new StringWriter(), true)))
                .isInstanceOf(ServeCommand.ConfigurationException.class);
    }

    @Test
    void servesGetsFromTheCacheAndReportsTheHitRatio() throws Exception {
        assertThat(hitRatioAfterRepeatedGets("--cache-memory", "0", "--cache", "db0=1000")).isGreaterThan(0.5);
    }
}
