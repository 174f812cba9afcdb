package io.hstorekv.testing;

import io.hstorekv.cli.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code serve} in a child JVM on the test class path, as an operator runs it: signals and crashes
 * reach it as they would in production. Its output (standard output and error) goes to a file in the data dir's parent.
 */
public final class ServeProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("hstore-kv ready: redis protocol on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path outputFile;

    private ServeProcess(Process process, Path outputFile) {
        this.process = process;
        this.outputFile = outputFile;
    }

    /** Starts {@code serve --port 0 --data-dir dir} with these further options. */
    public static ServeProcess start(Path dataDir, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--port", "0", "--data-dir", dataDir.toString(), "--pool-size", "2", "--threads", "4"));
        command.addAll(List.of(options));
        Path outputFile = Files.createTempFile("serve-process", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(outputFile.toFile()).start();
        return new ServeProcess(process, outputFile);
    }

    /** Waits for the ready line and returns the Redis port; fails with the output if the process ends first. */
    public int awaitReady(Duration bound) {
        int[] port = new int[1];
        Await.until(() -> {
            Matcher ready = READY.matcher(output());
            if (ready.find()) {
                port[0] = Integer.parseInt(ready.group(1));
                return true;
            }
            if (!process.isAlive()) {
                throw new AssertionError("serve ended before it was ready; its output:\n" + output());
            }
            return false;
        }, bound, "serve to get ready");
        return port[0];
    }

    /** Everything it printed so far. */
    public String output() {
        try {
            return Files.readString(outputFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Process process() {
        return process;
    }

    /** The pid in the data dir's postmaster.pid: the embedded PostgreSQL's postmaster. */
    public static long postmasterPid(Path dataDir) throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
    }

    /** Kills a postmaster still running on the data dir (resumed first, in case a test stopped it): none may outlive its test. */
    public static void killLeftPostmaster(Path dataDir) throws IOException, InterruptedException {
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            long pid = postmasterPid(dataDir);
            new ProcessBuilder("kill", "-CONT", Long.toString(pid)).start().waitFor();
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Waits for the process to exit; returns its status, or fails at the bound (killing it). */
    public int awaitExit(Duration bound) throws InterruptedException {
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("serve did not exit in " + bound + "; its output:\n" + output());
        }
        return process.exitValue();
    }

    /** Kills the JVM if it still runs (its embedded PostgreSQL is the test's to stop), and removes its output. */
    @Override
    public void close() throws InterruptedException, IOException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        Files.deleteIfExists(outputFile);
    }
}
