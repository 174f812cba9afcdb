package io.hstorekv.testing;

import io.hstorekv.cli.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code serve} in a child JVM on the test class path, as an operator runs it: signals and crashes
 * reach it as they would in production. Its output is collected; {@link #awaitReady} waits for the ready line.
 */
public final class ServeProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("hstore-kv ready: redis protocol on 127\\.0\\.0\\.1:(\\d+)");
    private static final String END = "\u0000end";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder output = new StringBuilder();

    private ServeProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readOutput, "serve-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code serve --port 0 --data-dir dir} with these further options. */
    public static ServeProcess start(Path dataDir, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--port", "0", "--data-dir", dataDir.toString(), "--pool-size", "2", "--threads", "4"));
        command.addAll(List.of(options));
        return new ServeProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
                lines.add(line);
            }
        } catch (IOException e) {
            // the process is gone; END below tells the waiter
        }
        lines.add(END);
    }

    /** Waits for the ready line and returns the Redis port; fails with the output if the process ends first. */
    public int awaitReady(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || END.equals(line)) {
                throw new AssertionError("serve did not get ready" + (line == null ? " in " + bound : "") + "; its output:\n" + output());
            }
            Matcher ready = READY.matcher(line);
            if (ready.find()) {
                return Integer.parseInt(ready.group(1));
            }
        }
    }

    /** Everything it printed so far. */
    public String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    public Process process() {
        return process;
    }

    /** The pid in the data dir's postmaster.pid: the embedded PostgreSQL's postmaster. */
    public static long postmasterPid(Path dataDir) throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
    }

    /** Waits for the process to exit; returns its status, or fails at the bound (killing it). */
    public int awaitExit(Duration bound) throws InterruptedException {
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("serve did not exit in " + bound + "; its output:\n" + output());
        }
        return process.exitValue();
    }

    /** Kills the JVM if it still runs (its embedded PostgreSQL is the test's to stop). */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
