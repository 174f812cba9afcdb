package io.hstorekv.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A postmaster that a data dir's {@code postmaster.pid} names while no hstore-kv holds the directory:
 * one left running by a serve whose JVM was killed. It is stopped only when it really is the
 * embedded PostgreSQL of that directory (a {@code postgres} process of this user whose working
 * directory is it); anything else is left alone and refused with a clear error. A pid file whose
 * process is gone is left to PostgreSQL, which replaces it on start.
 */
final class LeftPostmaster {
    private static final Logger log = LoggerFactory.getLogger(LeftPostmaster.class);

    /** A fast shutdown (as {@code pg_ctl stop -m fast}) normally takes well under this. */
    private static final Duration FAST_STOP = Duration.ofSeconds(10);
    /** After SIGKILL, the kernel ends it at once; this bounds only a wedged process. */
    static final Duration KILL_WAIT = Duration.ofSeconds(10);
    /** How often a watched postmaster is checked: a /proc read, 10 times a second. */
    private static final Duration WATCH_PERIOD = Duration.ofMillis(100);

    private LeftPostmaster() {}

    /** Stops the postmaster left running on {@code dir}, if any; refuses a live process that is not ours. */
    static void stopIfAny(Path dir) throws IOException {
        Optional<ProcessHandle> named = namedProcess(dir);
        if (named.isEmpty()) {
            return;
        }
        ProcessHandle postmaster = named.get();
        if (isZombie(postmaster)) {
            awaitExit(postmaster, KILL_WAIT); // a killed postmaster not yet reaped: PostgreSQL would still see it
            return;
        }
        if (!isPostmasterOf(postmaster, dir)) {
            throw new IllegalStateException("the data dir " + dir + " has a postmaster.pid naming process " + postmaster.pid()
                    + ", which is not an embedded PostgreSQL on it; stop that PostgreSQL, or remove the file if none runs there");
        }
        log.warn("stopping the embedded PostgreSQL (pid {}) left running on {} by an earlier serve that did not stop it",
                postmaster.pid(), dir);
        stop(postmaster);
    }

    /** Fast shutdown (SIGINT), and SIGKILL if it has not ended within a bound; returns once it has exited. */
    static void stop(ProcessHandle postmaster) throws IOException {
        signal(postmaster, "INT");
        if (awaitExit(postmaster, FAST_STOP)) {
            return;
        }
        log.warn("the embedded PostgreSQL (pid {}) did not stop in {} s; killing it", postmaster.pid(), FAST_STOP.toSeconds());
        postmaster.destroyForcibly();
        if (!awaitExit(postmaster, KILL_WAIT)) {
            throw new IOException("the embedded PostgreSQL (pid " + postmaster.pid() + ") does not end, even killed");
        }
    }

    /**
     * Waits for the backends of a postmaster that died to end (they notice it and exit): PostgreSQL
     * refuses to start while they still hold its shared memory. Those not gone within a bound are killed.
     */
    static void awaitNoneIn(Path dir) throws IOException {
        List<ProcessHandle> left = ProcessHandle.allProcesses().filter(p -> isPostgresIn(p, dir)).toList();
        for (ProcessHandle process : left) {
            if (!awaitExit(process, FAST_STOP)) {
                process.destroyForcibly();
                awaitExit(process, KILL_WAIT);
            }
        }
    }

    /** The postmaster of the PostgreSQL just started on {@code dir}, from its postmaster.pid. */
    static ProcessHandle running(Path dir) throws IOException {
        return namedProcess(dir).orElseThrow(() -> new IOException("PostgreSQL started on " + dir
                + ", but its postmaster.pid names no running process"));
    }

    private static Optional<ProcessHandle> namedProcess(Path dir) {
        return PostmasterPidFile.number(dir, PostmasterPidFile.PID_LINE, 10)
                .flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
    }

    /**
     * Whether the process is a postgres of this user working in {@code dir}: the postmaster changes to its
     * data directory, and /proc shows another user's working directory to nobody but root.
     */
    static boolean isPostmasterOf(ProcessHandle process, Path dir) {
        return isPostgresIn(process, dir) && program(process).filter(p -> Path.of(p).getFileName().toString().equals("postgres")).isPresent();
    }

    /**
     * Completes once the process has ended, reaped or not, checked every {@link #WATCH_PERIOD} on the
     * scheduler. Not {@link ProcessHandle#onExit()}: for a process that is not our child it polls
     * only every 0.3 to 5 s, and it takes a zombie (ended, not reaped: an orphan in a container
     * whose PID 1 does not reap) for alive, forever.
     */
    static CompletableFuture<ProcessHandle> whenEnded(ProcessHandle process, ScheduledExecutorService scheduler) {
        CompletableFuture<ProcessHandle> ended = new CompletableFuture<>();
        long period = WATCH_PERIOD.toMillis();
        ScheduledFuture<?> checks = scheduler.scheduleWithFixedDelay(() -> {
            if (!process.isAlive() || isZombie(process)) {
                ended.complete(process);
            }
        }, period, period, TimeUnit.MILLISECONDS);
        ended.whenComplete((done, failure) -> checks.cancel(false));
        return ended;
    }

    /** Whether the process has ended but not been reaped by its parent yet (state Z in /proc/PID/stat). */
    private static boolean isZombie(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"), StandardCharsets.UTF_8);
            return stat.substring(stat.lastIndexOf(')') + 1).strip().startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A postgres process (postmaster, or a backend: "postgres: ...") of this user working in {@code dir}. */
    private static boolean isPostgresIn(ProcessHandle process, Path dir) {
        Path proc = Path.of("/proc", Long.toString(process.pid()));
        try {
            Object ownUid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return ownUid.equals(Files.getAttribute(proc, "unix:uid", LinkOption.NOFOLLOW_LINKS))
                    && program(process).filter(p -> Path.of(p.split(":", 2)[0]).getFileName().toString().equals("postgres")).isPresent()
                    && proc.resolve("cwd").toRealPath().equals(dir.toRealPath());
        } catch (IOException | RuntimeException e) {
            return false; // gone meanwhile, or not ours to inspect
        }
    }

    /** The first word of the process's command line (a backend rewrites it to "postgres: ..."). */
    private static Optional<String> program(ProcessHandle process) {
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"), StandardCharsets.UTF_8);
            return Optional.of(cmdline.split("[\u0000 ]", 2)[0]).filter(p -> !p.isEmpty());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void signal(ProcessHandle process, String name) throws IOException {
        try {
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the embedded PostgreSQL", e);
        }
    }

    static boolean awaitExit(ProcessHandle process, Duration bound) throws IOException {
        try {
            process.onExit().get(bound.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IOException("waiting for the embedded PostgreSQL to end failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the embedded PostgreSQL", e);
        }
    }
}
