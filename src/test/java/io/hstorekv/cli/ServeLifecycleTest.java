package io.hstorekv.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.ServeCommandLine;
import io.hstorekv.testing.ServeProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve in a child JVM and its embedded PostgreSQL's life: the postmaster a killed serve leaves behind is stopped by
 * the next serve; a signal stops serve with exit status 0, within --shutdown-timeout even when PostgreSQL hangs.
 */
class ServeLifecycleTest {
    private static final Duration GENEROUS = Duration.ofSeconds(50);

    @TempDir
    Path dataDir;

    /** A failed test must not leave a postmaster running. */
    @AfterEach
    void stopLeftPostmaster() throws Exception {
        ServeProcess.killLeftPostmaster(dataDir);
    }

    @Test
    void serveStartsAgainAfterTheJvmWasKilledAndKeepsEveryAcknowledgedWrite() throws Exception {
        int keys = 200;
        try (ServeProcess first = ServeProcess.start(dataDir)) {
            try (RespClient c = new RespClient(first.awaitReady(GENEROUS))) {
                for (int i = 0; i < keys; i++) {
                    assertThat(c.call("SET", "k" + i, "v" + i)).isEqualTo("OK");
                }
            }
            first.process().destroyForcibly(); // the JVM only: its postmaster survives it
            first.awaitExit(GENEROUS);
        }
        long orphan = ServeProcess.postmasterPid(dataDir);
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).as("the orphaned postmaster").contains(true);

        try (ServeProcess second = ServeProcess.start(dataDir)) {
            try (RespClient c = new RespClient(second.awaitReady(GENEROUS))) {
                for (int i = 0; i < keys; i++) {
                    assertThat(c.call("GET", "k" + i)).isEqualTo("v" + i);
                }
            }
            assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).as("the orphan is gone").isFalse();
            assertThat(second.output()).contains("stopping the embedded PostgreSQL (pid " + orphan + ") left running");
        }
    }

    @Test
    void aPidFileNamingAnotherLiveProcessIsLeftAloneWithAClearError() throws Exception {
        Process stranger = new ProcessBuilder("cat").start(); // waits on its open stdin
        try {
            Path dir = dataDir.toAbsolutePath().normalize();
            Files.writeString(dir.resolve("postmaster.pid"), stranger.pid() + "\n" + dir + "\n1700000000\n5432\n/tmp\nlocalhost\n  1  2\nready   \n");
            ServeCommand serve = ServeCommandLine.parse(Map.of(), "--port", "0", "--data-dir", dir.toString());
            assertThatThrownBy(() -> serve.start(new PrintWriter(new StringWriter(), true)))
                    .hasMessage("the data dir " + dir + " has a postmaster.pid naming process " + stranger.pid()
                            + ", which is not an embedded PostgreSQL on it; stop that PostgreSQL, or remove the file if none runs there");
            assertThat(stranger.isAlive()).as("left alone").isTrue();
            assertThat(dir.resolve("postmaster.pid")).exists();
        } finally {
            stranger.destroyForcibly();
            Files.deleteIfExists(dataDir.resolve("postmaster.pid"));
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

    /** SHUTDOWN (what {@code redis-cli shutdown} sends) stops serve as SIGTERM does: exit 0, PostgreSQL stopped. */
    @Test
    void theShutdownCommandExitsWithStatusZeroAndStopsPostgres() throws Exception {
        try (ServeProcess serve = ServeProcess.start(dataDir)) {
            try (RespClient c = new RespClient(serve.awaitReady(GENEROUS))) {
                assertThat(c.call("SET", "k", "v")).isEqualTo("OK");
                assertThat(c.call("SHUTDOWN", "NOSAVE", "ABORT")).isEqualTo(new RespClient.Err("ERR syntax error"));
                assertThat(c.call("SHUTDOWN", "ABORT")).isEqualTo(new RespClient.Err("ERR No shutdown in progress."));
                long postmaster = ServeProcess.postmasterPid(dataDir);
                c.send("SHUTDOWN", "NOSAVE");
                assertThat(serve.awaitExit(GENEROUS)).as("exit status").isZero();
                ProcessHandle.of(postmaster).ifPresent(p -> p.onExit().orTimeout(GENEROUS.toSeconds(), TimeUnit.SECONDS).join());
            }
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
