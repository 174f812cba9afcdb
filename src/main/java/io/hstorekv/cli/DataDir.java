package io.hstorekv.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A {@code --data-dir} of the embedded PostgreSQL, as {@code sql} finds it: whether it holds a
 * database, and the port of the PostgreSQL running on it (a {@code serve}), read from the
 * {@code postmaster.pid} that PostgreSQL keeps there while it runs.
 */
record DataDir(Path path) {
    DataDir {
        path = path.toAbsolutePath().normalize();
    }

    /** Whether initdb has made a database here (a serve has run on it). */
    boolean holdsDatabase() {
        return Files.isRegularFile(path.resolve("PG_VERSION"));
    }

    /**
     * The address of the PostgreSQL that says it runs here, if any; it may be gone without having
     * removed its file (a crash), so a connection can still fail.
     */
    Optional<PostgresAddress> runningPostgres() {
        return PostmasterPidFile.number(path, PostmasterPidFile.PORT_LINE, 5)
                .map(port -> PostgresAddress.embedded(port.intValue()));
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
