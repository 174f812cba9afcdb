package io.hstorekv.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL of a data dir, for its whole life: started (after stopping a postmaster
 * that a killed serve left running there), watched and restarted on the same port when it dies
 * (with backoff, one log line per attempt), and stopped. Its files stay in the directory (initdb on
 * first start, reused after). Zonky turns fsync, synchronous commit and full-page writes off for
 * speed in tests; here they are on, so that DURABLE namespaces are durable. The directory is locked
 * from start to close (zonky's lock file): a second start on it, from this process or another, is
 * refused. Restarts go through {@code pg_ctl} rather than a new zonky instance: one whose start
 * fails keeps the lock with no way to release it, and closing the dead one logs an ERROR trace.
 */
final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** Zonky's lock file in the data directory, held while its PostgreSQL runs. */
    private static final String LOCK_FILE = "epg-lock";
    /** How zonky says that another process holds the data directory's lock. */
    private static final String ZONKY_LOCK_REFUSED = "could not lock";
    /** Crash recovery of a large WAL may take a while; a start that does not come up in this fails. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    /** The longest wait between attempts to restart a PostgreSQL that died. */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Path dir;
    private final int port;
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hstore-kv-postgres-supervisor");
        thread.setDaemon(true);
        return thread;
    });
    /** Zonky's instance of the first start, kept for good: it holds the directory's lock and stops whichever postmaster runs there. */
    private final EmbeddedPostgres postgres;
    private final PostgresRestarter restarter;
    /** The server process (zonky's own process is pg_ctl, which ends once the server runs); read without the lock by kill. */
    private volatile ProcessHandle postmaster;
    private volatile boolean closed;
    private final AtomicInteger failedRestarts = new AtomicInteger();

    private EmbeddedDatabase(Path dir, EmbeddedPostgres postgres) throws IOException {
        this.dir = dir;
        this.port = postgres.getPort();
        this.postgres = postgres;
        this.restarter = new PostgresRestarter(dir, STARTUP_WAIT);
        this.postmaster = LeftPostmaster.running(dir);
        watch(postmaster);
    }

    /** Starts PostgreSQL on {@code dir} ({@code port} 0: any free port), restarted on the same port whenever it dies. */
    static EmbeddedDatabase start(Path dir, int port) throws IOException {
        Path normalized = dir.toAbsolutePath().normalize();
        if (!lockIsFree(normalized)) {
            throw new DataDirInUseException(normalized);
        }
        LeftPostmaster.stopIfAny(normalized);
        return new EmbeddedDatabase(normalized, launch(normalized, port));
    }

    private void watch(ProcessHandle watched) {
        LeftPostmaster.whenEnded(watched, supervisor).thenAccept(process -> {
            synchronized (this) {
                if (closed || watched != postmaster) {
                    return;
                }
            }
            log.warn("the embedded PostgreSQL (pid {}) ended unexpectedly; restarting it on {}", process.pid(), dir);
            supervisor.execute(() -> restart(1));
        });
    }

    /**
     * Starts PostgreSQL again on the same directory and port (so the pool reconnects to it); crash
     * recovery replays its WAL. A failed attempt is retried with backoff.
     */
    private synchronized void restart(int attempt) {
        if (closed) {
            return;
        }
        log.warn("restarting the embedded PostgreSQL on port {} (attempt {})", port, attempt);
        try {
            LeftPostmaster.awaitNoneIn(dir);
            restarter.restart();
            postmaster = LeftPostmaster.running(dir);
        } catch (IOException | RuntimeException e) {
            failedRestarts.incrementAndGet();
            Duration delay = backoff(attempt);
            log.warn("restarting the embedded PostgreSQL failed (attempt {}): {}; next attempt in {} s",
                    attempt, e.getMessage(), delay.toSeconds());
            supervisor.schedule(() -> restart(attempt + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        log.warn("the embedded PostgreSQL runs again (pid {}, port {})", postmaster.pid(), port);
        watch(postmaster);
    }

    /** 1, 2, 4, ... seconds between attempts, at most {@link #MAX_BACKOFF}. */
    static Duration backoff(int attempt) {
        long seconds = 1L << Math.min(attempt - 1, 10);
        return Duration.ofSeconds(Math.min(seconds, MAX_BACKOFF.toSeconds()));
    }

    private static EmbeddedPostgres launch(Path dir, int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(STARTUP_WAIT)
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on");
        if (port > 0) {
            builder.setPort(port);
        }
        try {
            return builder.start();
        } catch (OverlappingFileLockException e) {
            throw new DataDirInUseException(dir); // locked by this process
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).startsWith(ZONKY_LOCK_REFUSED)) {
                throw new DataDirInUseException(dir); // by another one
            }
            throw e;
        }
    }

    /**
     * Whether no hstore-kv holds the directory: a postmaster found there while the lock is free was left
     * by a process that is gone. Released at once; zonky takes it again when it starts. Not created
     * here: initdb wants an empty directory.
     */
    private static boolean lockIsFree(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock != null;
        } catch (NoSuchFileException e) {
            return true;
        } catch (OverlappingFileLockException e) {
            return false;
        }
    }

    /** Restart attempts that failed so far. */
    int failedRestarts() {
        return failedRestarts.get();
    }

    int port() {
        return port;
    }

    DataSource postgresDatabase() {
        return postgres.getPostgresDatabase();
    }

    /** The JDBC URL of database postgres as user postgres. */
    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /**
     * Kills PostgreSQL at once (SIGKILL to the postmaster and its backends), for when it hangs: the
     * next start replays its WAL, as after any crash. Returns once the postmaster has ended (bounded),
     * so that a start right after does not find it still there.
     */
    void kill() {
        closed = true; // not waiting for the lock: a restart may hold it for as long as PostgreSQL takes to start
        ProcessHandle postmaster = this.postmaster;
        supervisor.shutdownNow();
        postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
        postmaster.destroyForcibly();
        try {
            LeftPostmaster.awaitExit(postmaster, LeftPostmaster.KILL_WAIT);
        } catch (IOException e) {
            log.warn("the killed embedded PostgreSQL (pid {}) did not end: {}", postmaster.pid(), e.getMessage());
        }
    }

    /** Stops PostgreSQL (fast shutdown) and releases the directory. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            closed = true;
        }
        supervisor.shutdownNow();
        postgres.close();
    }

    /** The embedded PostgreSQL's data directory is locked by a running serve or sql. */
    static final class DataDirInUseException extends IllegalStateException {
        DataDirInUseException(Path dir) {
            super("the data dir " + dir + " is in use by another hstore-kv (serve, or sql started without a running serve)");
        }
    }
}
