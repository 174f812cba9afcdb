package io.hstorekv.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hstorekv.Durability;
import io.hstorekv.server.ServerConfig;
import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.ServeCommandLine;
import io.hstorekv.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Options, environment defaults, protected mode, and a start against the test database. */
class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        return Main.execute(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void defaults() {
        ServeCommand serve = ServeCommandLine.parse(Map.of());
        ServerConfig config = serve.serverConfig();
        assertThat(config.port()).isEqualTo(6380);
        assertThat(config.bind()).isEqualTo("127.0.0.1");
        assertThat(config.databases()).isEqualTo(16);
        assertThat(config.maxClients()).isEqualTo(10_000);
        assertThat(config.requirePass()).isNull();
        assertThat(config.durability()).isEmpty();
        assertThat(serve.databaseUrl).isNull();
        assertThat(serve.dataDir).isEqualTo(Path.of("hstore-kv-data"));
        assertThat(serve.protectedModeViolation()).isNull();
    }

    @Test
    void optionsOnTheCommandLine() {
        ServeCommand serve = ServeCommandLine.parse(Map.of(), "--port", "7000", "--bind", "::1", "--database-url",
                "jdbc:postgresql://db/app", "--database-user", "u", "--database-password", "p", "--data-dir", "/tmp/x",
                "--requirepass", "pw", "--databases", "4", "--maxclients", "20", "--durability", "db0=async,db1=volatile",
                "--threads", "3");
        ServerConfig config = serve.serverConfig();
        assertThat(config.port()).isEqualTo(7000);
        assertThat(config.bind()).isEqualTo("::1");
        assertThat(config.databases()).isEqualTo(4);
        assertThat(config.maxClients()).isEqualTo(20);
        assertThat(config.requirePass()).isEqualTo("pw");
        assertThat(config.commandThreads()).isEqualTo(3);
        assertThat(config.durability()).isEqualTo(Map.of(0, Durability.ASYNC, 1, Durability.VOLATILE));
        assertThat(config.durability(5)).isEqualTo(Durability.DURABLE);
        assertThat(serve.databaseUrl).isEqualTo("jdbc:postgresql://db/app");
        assertThat(serve.databaseUser).isEqualTo("u");
        assertThat(serve.databasePassword).isEqualTo("p");
        assertThat(serve.dataDir).isEqualTo(Path.of("/tmp/x"));
    }

    @Test
    void environmentDefaultsAndCommandLinePrecedence() {
        Map<String, String> env = new HashMap<>();
        env.put("HSTOREKV_PORT", "6999");
        env.put("HSTOREKV_BIND", "0.0.0.0");
        env.put("HSTOREKV_DATABASE_URL", "jdbc:postgresql://envdb/kv");
        env.put("HSTOREKV_DATABASE_USER", "envuser");
        env.put("HSTOREKV_DATABASE_PASSWORD", "envpw");
        env.put("HSTOREKV_DATA_DIR", "/var/lib/kv");
        env.put("HSTOREKV_REQUIREPASS", "envpass");
        env.put("HSTOREKV_DATABASES", "8");
        env.put("HSTOREKV_MAXCLIENTS", "77");
        env.put("HSTOREKV_DURABILITY", "db2=volatile");
        env.put("HSTOREKV_PROTECTED_MODE_OFF", "true");
        ServeCommand serve = ServeCommandLine.parse(env, "--port", "7001");
        ServerConfig config = serve.serverConfig();
        assertThat(config.port()).isEqualTo(7001); // command line wins
        assertThat(config.bind()).isEqualTo("0.0.0.0");
        assertThat(config.databases()).isEqualTo(8);
        assertThat(config.maxClients()).isEqualTo(77);
        assertThat(config.requirePass()).isEqualTo("envpass");
        assertThat(config.durability()).isEqualTo(Map.of(2, Durability.VOLATILE));
        assertThat(serve.databaseUrl).isEqualTo("jdbc:postgresql://envdb/kv");
        assertThat(serve.databaseUser).isEqualTo("envuser");
        assertThat(serve.databasePassword).isEqualTo("envpw");
        assertThat(serve.dataDir).isEqualTo(Path.of("/var/lib/kv"));
        assertThat(serve.protectedModeOff).isTrue();
    }

    @Test
    void durabilitySpecs() {
        assertThat(ServerConfig.parseDurability("db0=async, db1=VOLATILE 3=durable"))
                .isEqualTo(Map.of(0, Durability.ASYNC, 1, Durability.VOLATILE, 3, Durability.DURABLE));
        assertThat(ServerConfig.parseDurability("")).isEmpty();
        assertThatThrownBy(() -> ServerConfig.parseDurability("db1=fast")).hasMessageContaining("db1=fast");
        assertThatThrownBy(() -> ServerConfig.parseDurability("x=async")).hasMessageContaining("not a database");
        assertThatThrownBy(() -> ServerConfig.parseDurability("db1")).hasMessageContaining("db1");
    }

    @Test
    void protectedModeRefusesAPublicAddressWithoutPassword() {
        assertThat(run(Map.of(), "serve", "--bind", "0.0.0.0", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("refusing to listen on 0.0.0.0 without a password", "--requirepass",
                "--protected-mode-off");
        assertThat(out.toString()).doesNotContain("ready");

        assertThat(run(Map.of("HSTOREKV_BIND", "0.0.0.0"), "serve")).isEqualTo(2);

        assertThat(ServeCommandLine.parse(Map.of(), "--bind", "0.0.0.0", "--requirepass", "x").protectedModeViolation()).isNull();
        assertThat(ServeCommandLine.parse(Map.of(), "--bind", "0.0.0.0", "--protected-mode-off").protectedModeViolation()).isNull();
        assertThat(ServeCommandLine.parse(Map.of(), "--bind", "localhost").protectedModeViolation()).isNull();
        assertThat(ServeCommandLine.parse(Map.of(), "--bind", "::1").protectedModeViolation()).isNull();
    }

    @Test
    void badValuesExitWithTwo() {
        assertThat(run(Map.of(), "serve", "--durability", "db1=fast")).isEqualTo(2);
        assertThat(err.toString()).contains("db1=fast");
        assertThat(run(Map.of(), "serve", "--port", "notanumber")).isEqualTo(2);
        assertThat(run(Map.of(), "serve", "--databases", "0")).isEqualTo(2);
        assertThat(run(Map.of(), "serve", "--embedded-port", "70000")).isEqualTo(2);
        assertThat(err.toString()).contains("--embedded-port must be between 0 and 65535, not 70000");
        assertThat(run(Map.of(), "serve", "--no-such-option")).isEqualTo(2);
    }

    @Test
    void helpAndVersion() {
        assertThat(run(Map.of(), "serve", "--help")).isZero();
        assertThat(out.toString()).contains("--database-url", "--data-dir", "--requirepass", "HSTOREKV_");
        assertThat(run(Map.of(), "--version")).isZero();
        assertThat(out.toString()).contains("hstore-kv");
    }

    @Test
    void startsOnAnExternalDatabase() throws Exception {
        String[] db = TestDatabase.connection();
        ServeCommand serve = ServeCommandLine.parse(Map.of(), "--port", "0", "--database-url", db[0], "--database-user", db[1],
                "--database-password", db[2], "--databases", "2", "--pool-size", "2");
        try (ServeCommand.Running running = serve.start(new PrintWriter(out, true));
             RespClient client = new RespClient(running.port())) {
            assertThat(client.call("PING")).isEqualTo("PONG");
            assertThat(out.toString()).contains("hstore-kv ready: redis protocol on 127.0.0.1:" + running.port());
            assertThat(running.embeddedJdbcUrl()).isNull();
        }
    }

    @Test
    void unreachableDatabaseExitsWithOne() {
        int code = run(Map.of(), "serve", "--port", "0", "--database-url", "jdbc:postgresql://127.0.0.1:1/none",
                "--database-user", "x");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("could not start");
    }
}
