package io.hstorekv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.ServeCommandLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve without a database URL: an embedded PostgreSQL in --data-dir, durable settings, data kept across restarts. */
class EmbeddedServeTest {
    @TempDir
    Path dataDir;

    private ServeCommand.Running start(StringWriter out) throws Exception {
        ServeCommand serve = ServeCommandLine.parse(Map.of(), "--port", "0", "--data-dir", dataDir.toString(),
                "--databases", "2", "--pool-size", "2");
        return serve.start(new PrintWriter(out, true));
    }

    @Test
    void dataSurvivesARestartAndDurabilitySettingsAreOn() throws Exception {
        StringWriter out = new StringWriter();
        try (ServeCommand.Running running = start(out); RespClient c = new RespClient(running.port())) {
            assertThat(c.call("SET", "persisted", "yes")).isEqualTo("OK");
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

        try (ServeCommand.Running running = start(new StringWriter()); RespClient c = new RespClient(running.port())) {
            assertThat(c.call("GET", "persisted")).isEqualTo("yes");
            assertThat(c.call("DBSIZE")).isEqualTo(1L);
            c.call("SELECT", "1");
            assertThat(c.call("GET", "other")).isEqualTo("db1");
        }
    }
}
