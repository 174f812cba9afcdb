package io.hstorekv.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * CPU time (user + system, from {@code /proc/<pid>/stat}) of the processes a benchmark involves, so
 * that each throughput figure comes with what it cost: the benchmarks print
 * {@code CPU <name> <process>=<x> ... unit=us/op} beside their {@code RESULT} lines. A PostgreSQL
 * server counts as its postmaster plus every child of it (the backends, the WAL writer, ...).
 *
 * <p>Run as a program it prints the current totals, in microseconds, of the processes named on its
 * command line ({@code NAME=PID}, or {@code NAME=postgres:DATA_DIR} for a local PostgreSQL):
 * {@code NAME=MICROS ...}; {@code bench/lib.sh} uses that for the benchmarks written in shell.
 */
final class ProcessCpu {
    private static final Path PROC = Path.of("/proc");
    private static final String POSTGRES_PREFIX = "postgres:";
    /** Clock ticks per second, the unit of the times in /proc/<pid>/stat. */
    private static final long TICKS_PER_SECOND = clockTicksPerSecond();

    /** Fields of /proc/<pid>/stat, counted from the state field (the first one after the command name). */
    private static final int PPID = 1;
    private static final int UTIME = 11;
    private static final int STIME = 12;
    private static final int CUTIME = 13;
    private static final int CSTIME = 14;

    private final Map<String, Source> sources;
    /** Processes the benchmark involves that are not on this machine (a remote database): reported as n/a. */
    private final List<String> elsewhere;

    /** Where a process's CPU time comes from: microseconds so far. */
    interface Source {
        long micros();
    }

    private ProcessCpu(Map<String, Source> sources, List<String> elsewhere) {
        this.sources = sources;
        this.elsewhere = elsewhere;
    }

    /** This JVM and the PostgreSQL server behind {@code dataSource} (n/a when it runs on another machine). */
    static ProcessCpu jvmAndPostgres(DataSource dataSource) {
        Map<String, Source> sources = new LinkedHashMap<>();
        sources.put("jvm", process(ProcessHandle.current().pid()));
        Optional<Path> dataDir = localDataDirectory(dataSource);
        dataDir.ifPresent(dir -> sources.put("postgres", postgres(dir)));
        return new ProcessCpu(sources, dataDir.isPresent() ? List.of() : List.of("postgres"));
    }

    /** These processes and one more, by name. */
    ProcessCpu and(String name, long pid) {
        Map<String, Source> more = new LinkedHashMap<>(sources);
        more.put(name, process(pid));
        return new ProcessCpu(more, elsewhere);
    }

    /** A tally of CPU time over several measured stretches, to divide by the operations they ran. */
    Tally tally() {
        return new Tally();
    }

    final class Tally {
        private final long[] micros = new long[sources.size()];

        /** Runs {@code work}, adds the CPU time it took, and returns its result. */
        <T> T during(Callable<T> work) throws Exception {
            long[] before = sample();
            T result = work.call();
            long[] after = sample();
            for (int i = 0; i < micros.length; i++) {
                micros[i] += after[i] - before[i];
            }
            return result;
        }

        /** {@code <prefix><process>=<us/op> ...}; {@code n/a} for a process not on this machine. */
        String perOp(String prefix, long ops) {
            StringJoiner line = new StringJoiner(" ");
            int i = 0;
            for (String name : sources.keySet()) {
                line.add(String.format(Locale.ROOT, "%s%s=%.1f", prefix, name, micros[i++] / (double) ops));
            }
            for (String name : elsewhere) {
                line.add(prefix + name + "=n/a");
            }
            return line.toString();
        }
    }

    private long[] sample() {
        return sources.values().stream().mapToLong(Source::micros).toArray();
    }

    /** One process (its own time, not its children's). */
    static Source process(long pid) {
        return () -> {
            String[] stat = stat(pid).orElseThrow(() -> new IllegalStateException("no process " + pid));
            return toMicros(field(stat, UTIME) + field(stat, STIME));
        };
    }

    /**
     * A PostgreSQL server: the postmaster named in {@code dataDir/postmaster.pid}, its children alive
     * now, and (through its cutime/cstime) those it has already reaped, so that a backend that exits
     * between two samples does not take its time with it.
     */
    static Source postgres(Path dataDir) {
        long postmaster = postmasterPid(dataDir);
        return () -> {
            String[] stat = stat(postmaster).orElseThrow(() -> new IllegalStateException("no postmaster " + postmaster));
            long ticks = field(stat, UTIME) + field(stat, STIME) + field(stat, CUTIME) + field(stat, CSTIME);
            for (String[] child : children(postmaster)) {
                ticks += field(child, UTIME) + field(child, STIME);
            }
            return toMicros(ticks);
        };
    }

    /**
     * The server's data directory when the server runs on this machine: its postmaster.pid is
     * readable here and our own backend is a child of that postmaster (a server in a container or
     * on another host may report a path that exists here too, for another server).
     */
    static Optional<Path> localDataDirectory(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('data_directory'), pg_backend_pid()")) {
            rs.next();
            Path dir = Path.of(rs.getString(1));
            long backend = rs.getLong(2);
            boolean local = Files.isReadable(dir.resolve("postmaster.pid"))
                    && stat(backend).filter(s -> field(s, PPID) == postmasterPid(dir)).isPresent();
            return local ? Optional.of(dir) : Optional.empty();
        } catch (SQLException e) {
            return Optional.empty(); // not allowed to see it: treat the server as remote
        }
    }

    private static long postmasterPid(Path dataDir) {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.US_ASCII).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("no running PostgreSQL in " + dataDir, e);
        }
    }

    private static List<String[]> children(long parent) {
        List<String[]> children = new ArrayList<>();
        try (Stream<Path> entries = Files.list(PROC)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    stat(Long.parseLong(name)).filter(s -> field(s, PPID) == parent).ifPresent(children::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return children;
    }

    /** The fields of /proc/<pid>/stat after the command name (which may hold spaces), or empty once the process is gone. */
    private static Optional<String[]> stat(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.US_ASCII);
            return Optional.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    private static long field(String[] stat, int index) {
        return Long.parseLong(stat[index]);
    }

    private static long toMicros(long ticks) {
        return ticks * 1_000_000 / TICKS_PER_SECOND;
    }

    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (getconf.waitFor() != 0) {
                throw new IllegalStateException("getconf CLK_TCK failed: " + out);
            }
            return Long.parseLong(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run getconf CLK_TCK", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Prints {@code NAME=MICROS ...} for each {@code NAME=PID} or {@code NAME=postgres:DATA_DIR} argument. */
    public static void main(String[] args) {
        StringJoiner line = new StringJoiner(" ");
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = arg.substring(0, eq);
            String target = arg.substring(eq + 1);
            Source source = target.startsWith(POSTGRES_PREFIX)
                    ? postgres(Path.of(target.substring(POSTGRES_PREFIX.length())))
                    : process(Long.parseLong(target));
            line.add(name + "=" + source.micros());
        }
        System.out.println(line);
    }
}
