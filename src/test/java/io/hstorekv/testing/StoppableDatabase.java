package io.hstorekv.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PostgreSQL of its own (embedded, zonky) that a test stops and starts again on the same data
 * directory and port: a real outage of the database under a store, and its return.
 */
public final class StoppableDatabase implements AutoCloseable {
    private final Path dataDir;
    private int port;
    private EmbeddedPostgres running;

    public StoppableDatabase() {
        try {
            this.dataDir = Files.createTempDirectory("stoppable-pg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
        this.port = running.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    /** Starts it again on its data directory and port (crash recovery not needed: it was stopped cleanly). */
    public void start() {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false);
            if (port > 0) {
                builder.setPort(port);
            }
            running = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL on " + dataDir, e);
        }
    }

    /** Stops it (a fast shutdown: open connections are terminated); nothing listens on its port until {@link #start()}. */
    public void stop() {
        try {
            running.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        running = null;
    }

    @Override
    public void close() {
        if (running != null) {
            stop();
        }
    }
}
