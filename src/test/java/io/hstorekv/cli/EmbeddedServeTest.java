package io.hstorekv.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.ServeCommandLine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve without a database URL: an embedded PostgreSQL in --data-dir, durable settings, data kept across restarts,
 * a fixed --embedded-port, and {@code sql} on the data dir when no serve runs.
 */
class EmbeddedServeTest {
    @TempDir
    Path dataDir;

    private ServeCommand.Running start(StringWriter out) throws Exception {
        return start(out, Map.of());
    }

    private ServeCommand.Running start(StringWriter out, Map<String, String> env) throws Exception {
        ServeCommand serve = ServeCommandLine.parse(env, "--port", "0", "--data-dir", dataDir.toString(),
                "--databases", "2", "--pool-size", "2");
        return serve.start(new PrintWriter(out, true));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void dataSurvivesARestartAndDurabilitySettingsAreOn() throws Exception {
        StringWriter out = new StringWriter();
        try (ServeCommand.Running running = start(out); RespClient c = new RespClient(running.port())) {
            assertThat(c.call("SET", "persisted", "yes")).isEqualTo("OK");
            assertThatThrownBy(() -> start(new StringWriter()))
                    .hasMessage("the data dir " + dataDir.toAbsolutePath().normalize() + " is in use by another hstore-kv"
                            + " (serve, or sql started without a running serve)");
            assertThat(c.call("SELECT", "1")).isEqualTo("OK");
            assertThat(c.call("SET", "other", "db1")).isEqualTo("OK");
            try (Connection pg = DriverManager.getConnection(running.embeddedJdbcUrl())) {
                for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
                    try (ResultSet rs = pg.createStatement().executeQuery("SHOW " + setting)) {
                        rs.next();
                        assertThat(rs.getString(1)).as(setting).isEqualTo("on");
                    }
                }
            }
        }
        assertThat(out.toString())
                .contains("data in " + dataDir.toAbsolutePath())
                .containsPattern("hstore-kv ready: redis protocol on 127\\.0\\.0\\.1:\\d+, data in .* \\(embedded PostgreSQL \\d+");
        assertThat(dataDir.resolve("PG_VERSION")).exists();

        // Restarted on a fixed port (HSTOREKV_EMBEDDED_PORT, as --embedded-port), listening on loopback only.
        int embeddedPort = freePort();
        StringWriter restarted = new StringWriter();
        try (ServeCommand.Running running = start(restarted, Map.of("HSTOREKV_EMBEDDED_PORT", Integer.toString(embeddedPort)));
             RespClient c = new RespClient(running.port())) {
            assertThat(c.call("GET", "persisted")).isEqualTo("yes");
            assertThat(c.call("DBSIZE")).isEqualTo(1L);
            c.call("SELECT", "1");
            assertThat(c.call("GET", "other")).isEqualTo("db1");
            assertThat(restarted.toString()).contains("  SQL:  psql -h localhost -p " + embeddedPort + " -U postgres -d postgres",
                    "  JDBC: jdbc:postgresql://localhost:" + embeddedPort + "/postgres?user=postgres");
            try (Connection pg = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + embeddedPort + "/postgres?user=postgres");
                 ResultSet rs = pg.createStatement().executeQuery("SELECT current_setting('listen_addresses'), count(*) FROM hstorekv.strings")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("localhost");
                assertThat(rs.getLong(2)).isEqualTo(2);
            }
        }

        // No serve running: sql starts the embedded PostgreSQL on the data dir for its own duration.
        StringWriter sqlOut = new StringWriter();
        StringWriter sqlErr = new StringWriter();
        int exit = Main.execute(new String[] {"sql", "--data-dir", dataDir.toString(), "-c",
                "SELECT db, key, value FROM hstorekv.strings ORDER BY db"}, Map.of(), new PrintWriter(sqlOut, true), new PrintWriter(sqlErr, true));
        assertThat(sqlErr.toString()).isEmpty();
        assertThat(exit).isZero();
        assertThat(sqlOut.toString()).isEqualTo("""
                 db |    key    | value
                ----+-----------+-------
                  0 | persisted | yes
                  1 | other     | db1
                (2 rows)
                """);
        assertThat(dataDir.resolve("postmaster.pid")).as("stopped again").doesNotExist();
        try (ServeCommand.Running running = start(new StringWriter()); RespClient c = new RespClient(running.port())) {
            assertThat(c.call("GET", "persisted")).isEqualTo("yes");
        }
    }
}
