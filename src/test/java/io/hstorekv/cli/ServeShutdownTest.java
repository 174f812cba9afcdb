package io.hstorekv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.ServeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve stopped by a signal, as an orchestrator stops it: exit status 0, and bounded by --shutdown-timeout. */
class ServeShutdownTest {
    private static final Duration GENEROUS = Duration.ofSeconds(50);

    @TempDir
    Path dataDir;

    @AfterEach
    void stopLeftPostmaster() throws Exception {
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            long pid = ServeProcess.postmasterPid(dataDir);
            signal("CONT", pid);
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Sends the signal; returns whether the process was there to get it. */
    private static boolean signal(String name, long pid) throws IOException, InterruptedException {
        return new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor() == 0;
    }

    /** The postmaster and its backends: all of PostgreSQL hangs, as on a stalled disk or a frozen container. */
    private static List<Long> postgresProcesses(long postmaster) {
        List<Long> pids = new ArrayList<>(List.of(postmaster));
        ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        return pids;
    }

    @Test
    void aCleanSigtermExitsWithStatusZeroAndStopsPostgres() throws Exception {
        try (ServeProcess serve = ServeProcess.start(dataDir)) {
            try (RespClient c = new RespClient(serve.awaitReady(GENEROUS))) {
                assertThat(c.call("SET", "k", "v")).isEqualTo("OK");
            }
            long postmaster = ServeProcess.postmasterPid(dataDir);
            serve.process().destroy(); // SIGTERM
            assertThat(serve.awaitExit(GENEROUS)).as("exit status").isZero();
            // pg_ctl stop returns when the pid file is gone, an instant before the postmaster's exit.
            ProcessHandle.of(postmaster).ifPresent(p -> p.onExit().orTimeout(GENEROUS.toSeconds(), TimeUnit.SECONDS).join());
            assertThat(serve.output()).doesNotContain("killing");
        }
    }

    @Test
    void shutdownHonoursTheTimeoutWhenPostgresHangs() throws Exception {
        try (ServeProcess serve = ServeProcess.start(dataDir, "--shutdown-timeout", "1")) {
            int port = serve.awaitReady(GENEROUS);
            try (RespClient c = new RespClient(port)) {
                assertThat(c.call("SET", "k", "v")).isEqualTo("OK");
            }
            List<Long> postgres = postgresProcesses(ServeProcess.postmasterPid(dataDir));
            for (long pid : postgres) {
                assertThat(signal("STOP", pid)).as("kill -STOP " + pid).isTrue();
            }
            try (RespClient stuck = new RespClient(port)) {
                stuck.send("SET", "stuck", "x"); // in flight while PostgreSQL hangs; never answered
                serve.process().destroy();
                // Stopping a hung PostgreSQL used to take about a minute; 1 s plus the server's own close is far below this.
                serve.awaitExit(Duration.ofSeconds(25));
            } finally {
                for (long pid : postgres) {
                    signal("CONT", pid); // those serve killed are gone
                }
            }
            assertThat(serve.output()).contains("the embedded PostgreSQL did not stop within the shutdown timeout (1 s); killing it");
        }
        try (ServeProcess again = ServeProcess.start(dataDir); RespClient c = new RespClient(again.awaitReady(GENEROUS))) {
            assertThat(c.call("GET", "k")).isEqualTo("v");
        }
    }
}
