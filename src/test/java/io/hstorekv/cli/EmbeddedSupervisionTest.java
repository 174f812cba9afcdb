package io.hstorekv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.Await;
import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.ServeCommandLine;
import io.hstorekv.testing.ServeProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve restarts its embedded PostgreSQL when it dies: no acknowledged write lost, commands work again without a human. */
class EmbeddedSupervisionTest {
    private static final Duration GENEROUS = Duration.ofSeconds(60);
    /** Zonky gives a start that never gets ready 60 s before failing it. */
    private static final Duration SLOW_FAILURE = Duration.ofSeconds(90);

    @TempDir
    Path dataDir;

    @Test
    void aKilledPostgresIsRestartedUnderWritesAndKeepsEveryAcknowledgedOne() throws Exception {
        ServeCommand serve = ServeCommandLine.parse(Map.of(), "--port", "0", "--data-dir", dataDir.toString(), "--pool-size", "2");
        try (ServeCommand.Running running = serve.start(new PrintWriter(new StringWriter(), true))) {
            List<String> acknowledged = new CopyOnWriteArrayList<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = new Thread(() -> write(running.port(), acknowledged, writing), "writer");
            writer.start();
            try {
                Await.until(() -> acknowledged.size() >= 50, GENEROUS, "writes before the crash");
                long postmaster = ServeProcess.postmasterPid(dataDir);
                ProcessHandle.of(postmaster).orElseThrow().destroyForcibly();
                int beforeRecovery = acknowledged.size();
                Await.until(() -> !ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false),
                        GENEROUS, "the postmaster to die");
                Await.until(() -> acknowledged.size() >= beforeRecovery + 50, GENEROUS, "writes acknowledged after the restart");
            } finally {
                writing.set(false);
                writer.join();
            }
            try (RespClient c = new RespClient(running.port())) {
                for (String key : acknowledged) {
                    assertThat(c.call("GET", key)).as(key).isEqualTo(key);
                }
            }
        }
    }

    @Test
    void aFailedRestartAttemptDoesNotKeepLaterOnesFromStartingIt() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, 0)) {
            Path config = dataDir.resolve("postgresql.conf");
            String working = Files.readString(config);
            Files.writeString(config, working + "\nnot_a_setting = 1\n"); // PostgreSQL refuses to start with it
            killPostmaster();
            Await.until(() -> database.failedRestarts() >= 1, SLOW_FAILURE, "a restart attempt to fail");
            Files.writeString(config, working);
            int failedBeforeRepair = database.failedRestarts();
            Await.until(() -> answers(database.postgresDatabase()), GENEROUS, "PostgreSQL to run again");
            // At most the attempt that may have read the broken file just before the repair fails;
            // the next one starts it (a failed start used to leave the directory locked, refusing them).
            assertThat(database.failedRestarts()).isLessThanOrEqualTo(failedBeforeRepair + 1);
        } finally {
            ServeProcess.killLeftPostmaster(dataDir);
        }
    }

    @Test
    void aRestartLogsOurOwnLinesAndNoZonkyError() throws Exception {
        try (ServeProcess serve = ServeProcess.start(dataDir)) {
            int port = serve.awaitReady(GENEROUS);
            killPostmaster();
            Await.until(() -> setSucceeds(port), GENEROUS, "a write after the restart");
            assertThat(serve.output())
                    .contains("restarting the embedded PostgreSQL")
                    .contains("the embedded PostgreSQL runs again")
                    .doesNotContain("io.zonky")
                    .doesNotContain("ERROR");
        } finally {
            ServeProcess.killLeftPostmaster(dataDir);
        }
    }

    private void killPostmaster() throws IOException {
        long postmaster = ServeProcess.postmasterPid(dataDir);
        ProcessHandle.of(postmaster).orElseThrow().destroyForcibly();
        Await.until(() -> !ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false),
                GENEROUS, "the postmaster to die");
    }

    private static boolean answers(DataSource database) {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            return statement.execute("SELECT 1");
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean setSucceeds(int port) {
        try (RespClient client = new RespClient(port)) {
            return "OK".equals(client.call("SET", "after", "restart"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** SETs key=value numbered keys, noting each one acknowledged with OK; a failed or broken call is not. */
    private static void write(int port, List<String> acknowledged, AtomicBoolean writing) {
        RespClient client = null;
        for (int i = 0; writing.get(); i++) {
            String key = "k" + i;
            try {
                if (client == null) {
                    client = new RespClient(port);
                }
                if ("OK".equals(client.call("SET", key, key))) {
                    acknowledged.add(key);
                }
            } catch (RuntimeException e) {
                if (client != null) {
                    client.close();
                }
                client = null; // a timed-out connection's next reply would be this one's
            }
        }
        if (client != null) {
            client.close();
        }
    }
}
