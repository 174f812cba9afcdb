package io.hstorekv.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** PostgreSQL's {@code postmaster.pid} in a data dir, which it keeps there while it runs. */
final class PostmasterPidFile {
    /** The first line is the postmaster's pid (PostgreSQL's LOCK_FILE_LINE_PID). */
    static final int PID_LINE = 0;
    /** The fourth line is its port (LOCK_FILE_LINE_PORT). */
    static final int PORT_LINE = 3;

    private PostmasterPidFile() {}

    /**
     * The number on that line, when the file is there and the line is at most {@code maxDigits}
     * digits; empty otherwise (PostgreSQL treats a file it cannot read as stale, too).
     */
    static Optional<Long> number(Path dir, int line, int maxDigits) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (lines.size() <= line || !lines.get(line).strip().matches("\\d{1," + maxDigits + "}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(lines.get(line).strip()));
    }
}
