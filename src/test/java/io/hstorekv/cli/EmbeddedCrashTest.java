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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL's life when serve crashes: the postmaster it leaves behind is stopped by the next serve. */
class EmbeddedCrashTest {
    private static final Duration GENEROUS = Duration.ofSeconds(50);

    @TempDir
    Path dataDir;

    /** A failed test must not leave a postmaster running. */
    @AfterEach
    void stopLeftPostmaster() throws IOException {
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            ProcessHandle.of(ServeProcess.postmasterPid(dataDir)).ifPresent(ProcessHandle::destroyForcibly);
        }
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
}
