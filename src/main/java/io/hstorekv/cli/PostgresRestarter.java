package io.hstorekv.cli;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the embedded PostgreSQL of a data dir again after its postmaster died, with
 * {@code pg_ctl restart}: it starts the server with the options of its last start, which PostgreSQL
 * keeps in {@code postmaster.opts} (port, fsync and the rest as zonky chose them), and waits until it
 * accepts connections or has failed. Like zonky, it runs {@code pg_ctl} under {@code unshare -U} where
 * available (PostgreSQL refuses to run as root). PostgreSQL's own output goes to the DEBUG log; its
 * last FATAL or PANIC line, if any, is part of a failure's message.
 */
final class PostgresRestarter {
    private static final Logger postgresLog = LoggerFactory.getLogger(PostgresRestarter.class);
    /** Written by PostgreSQL on each start: the postgres executable, then its arguments in quotes. */
    private static final String OPTIONS_FILE = "postmaster.opts";
    /** pg_ctl itself ends within its own -t bound; this only covers a pg_ctl that hangs. */
    private static final Duration PG_CTL_MARGIN = Duration.ofSeconds(10);

    private final Path dir;
    private final Duration startupWait;
    private final Path pgCtl;
    private volatile String lastFatal;

    /** For the PostgreSQL running on {@code dir} now (its {@code postmaster.opts} names the binaries). */
    PostgresRestarter(Path dir, Duration startupWait) throws IOException {
        this.dir = dir;
        this.startupWait = startupWait;
        this.pgCtl = postgresExecutable(dir).resolveSibling("pg_ctl");
    }

    private static Path postgresExecutable(Path dir) throws IOException {
        String options = Files.readString(dir.resolve(OPTIONS_FILE), StandardCharsets.UTF_8).strip();
        int firstArgument = options.indexOf(" \"");
        return Path.of(firstArgument < 0 ? options : options.substring(0, firstArgument));
    }

    /** Starts PostgreSQL; returns once it accepts connections, or fails saying why. */
    void restart() throws IOException {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(pgCtl.toString(), "-D", dir.toString(), "-w",
                "-t", Long.toString(startupWait.toSeconds()), "restart"));
        lastFatal = null;
        Process pgCtlProcess = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> relay(pgCtlProcess), "hstore-kv-postgres-output");
        reader.setDaemon(true); // reads until the postmaster, which shares the pipe, ends
        reader.start();
        try {
            if (!pgCtlProcess.waitFor(startupWait.plus(PG_CTL_MARGIN).toMillis(), TimeUnit.MILLISECONDS)) {
                pgCtlProcess.destroyForcibly();
                throw new IOException("pg_ctl did not return in " + startupWait.plus(PG_CTL_MARGIN).toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while PostgreSQL was starting", e);
        }
        if (pgCtlProcess.exitValue() != 0) {
            String fatal = lastFatal;
            throw new IOException("pg_ctl restart exited with status " + pgCtlProcess.exitValue()
                    + (fatal == null ? "" : ": " + fatal));
        }
    }

    /** Passes pg_ctl's and PostgreSQL's output to the DEBUG log, noting the last FATAL or PANIC line. */
    private void relay(Process process) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                postgresLog.debug("{}", line);
                if (line.contains("FATAL:") || line.contains("PANIC:")) {
                    lastFatal = line.strip();
                }
            }
        } catch (IOException e) {
            postgresLog.debug("PostgreSQL's output ended: {}", e.toString());
        }
    }
}
