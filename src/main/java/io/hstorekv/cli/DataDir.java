package io.hstorekv.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A {@code --data-dir} of the embedded PostgreSQL, as {@code sql} finds it: whether it holds a
 * database, and the port of the PostgreSQL running on it (a {@code serve}), read from the
 * {@code postmaster.pid} that PostgreSQL keeps there while it runs.
 */
record DataDir(Path path) {
    /** postmaster.pid's fourth line is the port (PostgreSQL's LOCK_FILE_LINE_PORT). */
    private static final int PORT_LINE = 3;

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
        List<String> lines;
        try {
            lines = Files.readAllLines(path.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (lines.size() <= PORT_LINE || !lines.get(PORT_LINE).strip().matches("\\d{1,5}")) {
            return Optional.empty();
        }
        return Optional.of(PostgresAddress.embedded(Integer.parseInt(lines.get(PORT_LINE).strip())));
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
