package io.hstorekv.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} as a child process on a free loopback port, without persistence, for
 * tests that compare hstore-kv with Redis. {@link #start()} skips the calling test (JUnit
 * assumption) when {@code redis-server} is not on the PATH, or fails it when the environment has
 * {@code CI=true}, where it must be installed (see {@code .ci/test}).
 */
public final class RedisPeer implements AutoCloseable {
    private static final long START_TIMEOUT_MILLIS = 10_000;

    private final Process process;
    private final int port;
    private final Path dir;
    private final Thread shutdownHook;

    private RedisPeer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.shutdownHook = new Thread(process::destroyForcibly, "redis-peer-kill");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Where {@code name} is on the PATH, or null. */
    public static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Skips (or, with CI=true, fails) the test when {@code program} is not on the PATH; else its path. */
    public static Path require(String program) {
        Path found = onPath(program);
        if (found == null) {
            String message = program + " is not on the PATH";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + ": CI (CI=true) must install it (Debian: apt-get install redis-server redis-tools, as .ci/test does)");
            }
            Assumptions.abort(message + "; skipping the comparison with real Redis");
        }
        return found;
    }

    /** Starts redis-server and waits until it answers PING. */
    public static RedisPeer start() {
        Path server = require("redis-server");
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // a free port may be taken before redis binds it
            try {
                return startOn(server, freePort());
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    private static RedisPeer startOn(Path server, int port) {
        Path dir;
        try {
            dir = Files.createTempDirectory("redis-peer");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path log = dir.resolve("redis.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(server.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + server, e);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited (" + process.exitValue() + ") on port " + port
                        + ":\n" + read(log));
            }
            try (RespClient probe = new RespClient(port)) {
                if ("PONG".equals(probe.call("PING"))) {
                    return new RedisPeer(process, port, dir);
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet: retry below, until the deadline
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-server did not answer PING on port " + port + " within "
                        + START_TIMEOUT_MILLIS + " ms:\n" + read(log));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IllegalStateException("interrupted while starting redis-server", e);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The redis-server's process id (a benchmark reads its CPU time). */
    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    /** A new connection to this redis-server. */
    public RespClient client() {
        return new RespClient(port);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temp directory left behind
        }
    }
}
