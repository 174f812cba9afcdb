package io.hstorekv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.Await;
import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.ServeCommandLine;
import io.hstorekv.testing.ServeProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve restarts its embedded PostgreSQL when it dies: no acknowledged write lost, commands work again without a human. */
class EmbeddedSupervisionTest {
    private static final Duration GENEROUS = Duration.ofSeconds(60);

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
