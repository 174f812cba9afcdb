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
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL of a data dir, for its whole life: started (after stopping a postmaster
 * that a killed serve left running there), and stopped. Its files stay in the directory (initdb on
 * first start, reused after). Zonky turns fsync, synchronous commit and full-page writes off for
 * speed in tests; here they are on, so that DURABLE namespaces are durable. The directory is locked
 * while it runs (zonky's lock file): a second start on it, from this process or another, is refused.
 */
final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** Zonky's lock file in the data directory, held while its PostgreSQL runs. */
    private static final String LOCK_FILE = "epg-lock";
    /** How zonky says that another process holds the data directory's lock. */
    private static final String ZONKY_LOCK_REFUSED = "could not lock";
    /** Crash recovery of a large WAL may take a while; a start that does not come up in this fails. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final Path dir;
    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(Path dir, EmbeddedPostgres postgres) {
        this.dir = dir;
        this.postgres = postgres;
    }

    /** Starts PostgreSQL on {@code dir} ({@code port} 0: any free port). */
    static EmbeddedDatabase start(Path dir, int port) throws IOException {
        Path normalized = dir.toAbsolutePath().normalize();
        if (!lockIsFree(normalized)) {
            throw new DataDirInUseException(normalized);
        }
        LeftPostmaster.stopIfAny(normalized);
        return new EmbeddedDatabase(normalized, launch(normalized, port));
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

    int port() {
        return postgres.getPort();
    }

    DataSource postgresDatabase() {
        return postgres.getPostgresDatabase();
    }

    /** The JDBC URL of database postgres as user postgres. */
    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    Path dataDir() {
        return dir;
    }

    /**
     * Kills PostgreSQL at once (SIGKILL to the postmaster and its backends), for when it hangs: the
     * next start replays its WAL, as after any crash.
     */
    void kill() {
        ProcessHandle postmaster = postgres.getProcess().toHandle();
        postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
        postmaster.destroyForcibly();
    }

    /** Stops PostgreSQL (fast shutdown) and releases the directory. */
    @Override
    public void close() throws IOException {
        postgres.close();
    }

    /** The embedded PostgreSQL's data directory is locked by a running serve or sql. */
    static final class DataDirInUseException extends IllegalStateException {
        DataDirInUseException(Path dir) {
            super("the data dir " + dir + " is in use by another hstore-kv (serve, or sql started without a running serve)");
        }
    }
}
