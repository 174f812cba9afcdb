package io.hstorekv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/**
 * The supervisor sees its postmaster end even when nobody reaps it (a container whose PID 1 does not
 * reap orphans, e.g. the JVM itself): the JDK's own {@code onExit} takes a zombie for alive, and
 * polls a process that is not its child only every 0.3 to 5 s.
 */
class PostmasterWatchTest {

    @Test
    void anEndedProcessIsSeenAlthoughItsParentNeverReapsIt() throws Exception {
        // sh starts a background sleep, prints its pid, and becomes a sleep that never reaps it
        Process parent = new ProcessBuilder("sh", "-c", "sleep 600 & echo $!; exec sleep 600").start();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            ProcessHandle orphanLike = ProcessHandle.of(Long.parseLong(output.readLine().strip())).orElseThrow();
            CompletableFuture<ProcessHandle> ended = LeftPostmaster.whenEnded(orphanLike, scheduler);
            orphanLike.destroyForcibly();
            Await.until(ended::isDone, Duration.ofSeconds(30), "the unreaped process to be seen ended");
            assertThat(orphanLike.onExit()).as("the JDK's watch of the zombie").isNotDone();
        } finally {
            parent.destroyForcibly();
            scheduler.shutdownNow();
        }
    }
}
