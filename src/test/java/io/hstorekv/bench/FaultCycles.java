package io.hstorekv.bench;

import io.hstorekv.server.RespFuzzFrames;
import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.ServeProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/**
 * Crash cycles against {@code serve} as an operator sees them, beside redis-server killed the same
 * way. Writers SET unique keys into each durability (db0 DURABLE, db1 ASYNC, db2 VOLATILE) and note
 * every write acknowledged with OK; the embedded PostgreSQL is SIGKILLed {@code --cycles} times (serve
 * restarts it on its own), then the serve JVM is SIGKILLed as many times (and started again, as an
 * orchestrator would). Then every acknowledged write is read back. The peers are redis-server with
 * {@code appendonly yes} and {@code appendfsync always} (for DURABLE) or {@code everysec} (for
 * ASYNC), SIGKILLed and restarted as many times. Last, a seeded fuzz of hostile frames against both,
 * and the RSS growth of both under unauthenticated garbage.
 *
 * <p>Prints {@code RESULT <name> ours=<x> peer=<y> ratio=<x/y> unit=<unit>} lines ({@code ratio=n/a}
 * when the peer's figure is 0). Times "to first write" run from the kill to the first write
 * acknowledged after it, the restart included (serve's own restart of PostgreSQL; the bench's restart
 * of the JVM and of redis-server). The ASYNC loss window is, over the lost ASYNC writes, the longest
 * time from a write's acknowledgement to the crash that lost it; lost writes acknowledged just after
 * a kill (by a backend that had not noticed it yet) are counted apart.
 *
 * <pre>
 * FaultCycles [--cycles N] [--seconds S] [--fuzz-frames N]
 * </pre>
 */
public final class FaultCycles {
    private static final Duration RECOVERY_BOUND = Duration.ofMinutes(3);
    private static final int DURABLE = 0;
    private static final int ASYNC = 1;
    private static final int VOLATILE = 2;
    private static final String PASSWORD = "fault-bench";

    private FaultCycles() {}

    public static void main(String[] args) throws Exception {
        int cycles = BenchArgs.intOption(args, "--cycles", 5);
        Duration writing = Duration.ofSeconds(BenchArgs.intOption(args, "--seconds", 3));
        int fuzzFrames = BenchArgs.intOption(args, "--fuzz-frames", 20_000);
        Path work = Files.createTempDirectory("hstorekv-faults");
        try {
            Outcome ours = ours(work.resolve("serve"), cycles, writing);
            Outcome always = redis(work.resolve("redis-always"), "always", 2 * cycles, writing);
            Outcome everysec = redis(work.resolve("redis-everysec"), "everysec", 2 * cycles, writing);
            int db = DURABLE;
            print("faults:acked:durable-vs-redis-always", ours.acked[DURABLE], always.acked[db], "writes");
            print("faults:lost:durable-vs-redis-always", ours.lost[DURABLE], always.lost[db], "writes");
            print("faults:acked:async-vs-redis-everysec", ours.acked[ASYNC], everysec.acked[db], "writes");
            print("faults:lost:async-vs-redis-everysec", ours.lost[ASYNC], everysec.lost[db], "writes");
            print("faults:async-loss-window-vs-redis-everysec", ours.lossWindowMillis[ASYNC], everysec.lossWindowMillis[db], "ms");
            print("faults:lost:async-acked-after-the-kill-vs-redis-everysec", ours.lostAckedAfterCrash[ASYNC],
                    everysec.lostAckedAfterCrash[db], "writes");
            print("faults:acked:volatile-no-peer", ours.acked[VOLATILE], 0, "writes");
            print("faults:acked:volatile-before-the-last-pg-crash-no-peer", ours.volatileAckedBeforePgCrash, 0, "writes");
            print("faults:lost:volatile-emptied-by-pg-crash-no-peer", ours.lost[VOLATILE], 0, "writes");
            print("faults:first-write-after-pg-kill-max-vs-redis-always-kill", max(ours.pgKillMillis), max(always.jvmKillMillis), "ms");
            print("faults:first-write-after-pg-kill-median-vs-redis-always-kill", median(ours.pgKillMillis), median(always.jvmKillMillis), "ms");
            print("faults:first-write-after-jvm-kill-max-vs-redis-always-kill", max(ours.jvmKillMillis), max(always.jvmKillMillis), "ms");
            print("faults:first-write-after-jvm-kill-median-vs-redis-always-kill", median(ours.jvmKillMillis), median(always.jvmKillMillis), "ms");
            fuzzAndMemory(work, fuzzFrames);
        } finally {
            deleteTree(work);
        }
    }

    /** What one system did over its crash cycles, per database. */
    private record Outcome(long[] acked, long[] lost, long[] lossWindowMillis, long[] lostAckedAfterCrash, List<Long> pgKillMillis,
            List<Long> jvmKillMillis, long volatileAckedBeforePgCrash) {}

    // ---- ours ----

    private static Outcome ours(Path dataDir, int cycles, Duration writing) throws Exception {
        String[] options = {"--durability", "db0=durable,db1=async,db2=volatile"};
        ServeProcess serve = ServeProcess.start(dataDir, options);
        int[] port = {serve.awaitReady(RECOVERY_BOUND)};
        List<Writer> writers = List.of(new Writer(() -> port[0], DURABLE), new Writer(() -> port[0], ASYNC),
                new Writer(() -> port[0], VOLATILE));
        writers.forEach(Writer::start);
        List<Long> crashes = new ArrayList<>();
        List<Long> pgKill = new ArrayList<>();
        List<Long> jvmKill = new ArrayList<>();
        long volatileAckedBeforePgCrash = 0;
        try {
            for (int cycle = 0; cycle < cycles; cycle++) {
                LockSupport.parkNanos(writing.toNanos()); // writes under way before the crash
                long killed = System.nanoTime();
                ProcessHandle.of(ServeProcess.postmasterPid(dataDir)).ifPresent(ProcessHandle::destroyForcibly);
                crashes.add(killed);
                pgKill.add(awaitFirstWrite(writers.get(DURABLE), killed));
            }
            long lastPgKill = crashes.get(crashes.size() - 1);
            volatileAckedBeforePgCrash = writers.get(VOLATILE).acks.stream().filter(ack -> ack[1] < lastPgKill).count();
            for (int cycle = 0; cycle < cycles; cycle++) {
                LockSupport.parkNanos(writing.toNanos());
                long killed = System.nanoTime();
                serve.process().destroyForcibly();
                crashes.add(killed);
                serve.process().waitFor();
                serve.close();
                serve = ServeProcess.start(dataDir, options);
                port[0] = serve.awaitReady(RECOVERY_BOUND);
                jvmKill.add(awaitFirstWrite(writers.get(DURABLE), killed));
            }
            LockSupport.parkNanos(writing.toNanos());
        } finally {
            writers.forEach(Writer::stop);
        }
        try {
            return outcome(writers, port[0], crashes, pgKill, jvmKill, volatileAckedBeforePgCrash);
        } finally {
            serve.close();
            ServeProcess.killLeftPostmaster(dataDir);
        }
    }

    // ---- redis-server ----

    private static Outcome redis(Path dir, String fsync, int kills, Duration writing) throws Exception {
        Files.createDirectories(dir);
        int port = freePort();
        Process redis = startRedis(dir, port, fsync);
        Writer writer = new Writer(() -> port, DURABLE);
        writer.start();
        List<Long> crashes = new ArrayList<>();
        List<Long> restarts = new ArrayList<>();
        try {
            for (int cycle = 0; cycle < kills; cycle++) {
                LockSupport.parkNanos(writing.toNanos());
                long killed = System.nanoTime();
                redis.destroyForcibly();
                crashes.add(killed);
                redis.waitFor();
                redis = startRedis(dir, port, fsync);
                restarts.add(awaitFirstWrite(writer, killed));
            }
            LockSupport.parkNanos(writing.toNanos());
        } finally {
            writer.stop();
        }
        try {
            return outcome(List.of(writer), port, crashes, List.of(), restarts, 0);
        } finally {
            redis.destroyForcibly();
            redis.waitFor();
        }
    }

    private static Process startRedis(Path dir, int port, String fsync) throws IOException {
        return new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", fsync)
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    }

    // ---- writes and their verification ----

    /** Writes unique keys into one database, noting each write acknowledged with OK and when. */
    private static final class Writer implements Runnable {
        final int db;
        final IntSupplier port;
        final List<long[]> acks = new CopyOnWriteArrayList<>(); // {sequence, acknowledged at}
        private final Thread thread;
        private volatile boolean writing = true;

        Writer(IntSupplier port, int db) {
            this.port = port;
            this.db = db;
            this.thread = new Thread(this, "writer-db" + db);
        }

        void start() {
            thread.start();
        }

        void stop() {
            writing = false;
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            RespClient client = null;
            for (long seq = 0; writing; seq++) {
                try {
                    if (client == null) {
                        client = new RespClient(port.getAsInt()).timeoutMillis(5_000);
                        client.call("SELECT", db);
                    }
                    if ("OK".equals(client.call("SET", key(db, seq), value(seq)))) {
                        acks.add(new long[] {seq, System.nanoTime()});
                    }
                } catch (RuntimeException e) {
                    if (client != null) {
                        client.close();
                    }
                    client = null; // a broken or timed-out connection: its outcome is unknown, not counted
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // pacing reconnects to a server that is down
                }
            }
            if (client != null) {
                client.close();
            }
        }

        /** The time of the first acknowledgement after {@code since}, or -1. */
        long firstAckAfter(long since) {
            for (int i = acks.size() - 1; i >= 0; i--) {
                if (acks.get(i)[1] <= since) {
                    return i + 1 < acks.size() ? acks.get(i + 1)[1] : -1;
                }
            }
            return acks.isEmpty() ? -1 : acks.get(0)[1];
        }
    }

    private static String key(int db, long seq) {
        return "fault:" + db + ":" + seq;
    }

    private static String value(long seq) {
        return "v" + seq;
    }

    /** Milliseconds from {@code killed} to the writer's first acknowledged write after it. */
    private static long awaitFirstWrite(Writer writer, long killed) {
        long deadline = killed + RECOVERY_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            long first = writer.firstAckAfter(killed);
            if (first > 0) {
                return TimeUnit.NANOSECONDS.toMillis(first - killed);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // polling for progress, measured above
        }
        throw new IllegalStateException("no acknowledged write within " + RECOVERY_BOUND + " of a crash");
    }

    /** Reads back every acknowledged write of each writer (pipelined) and counts the lost ones. */
    private static Outcome outcome(List<Writer> writers, int port, List<Long> crashes, List<Long> pgKill,
            List<Long> jvmKill, long volatileAckedBeforePgCrash) {
        long[] acked = new long[3];
        long[] lost = new long[3];
        long[] window = new long[3];
        long[] ackedAfterCrash = new long[3];
        try (RespClient client = new RespClient(port).timeoutMillis(60_000)) {
            for (Writer writer : writers) {
                client.call("SELECT", writer.db);
                List<long[]> acks = writer.acks;
                acked[writer.db] = acks.size();
                for (int from = 0; from < acks.size(); from += 1000) {
                    List<long[]> chunk = acks.subList(from, Math.min(acks.size(), from + 1000));
                    chunk.forEach(ack -> client.send("GET", key(writer.db, ack[0])));
                    for (long[] ack : chunk) {
                        if (!value(ack[0]).equals(client.read())) {
                            lost[writer.db]++;
                            long beforeCrash = beforeNearestCrash(ack[1], crashes);
                            if (beforeCrash >= 0) {
                                window[writer.db] = Math.max(window[writer.db], beforeCrash);
                            } else {
                                ackedAfterCrash[writer.db]++;
                            }
                        }
                    }
                }
            }
        }
        return new Outcome(acked, lost, window, ackedAfterCrash, pgKill, jvmKill, volatileAckedBeforePgCrash);
    }

    /**
     * Milliseconds from the acknowledgement to the crash nearest to it; negative when that crash came
     * first: a backend that has not noticed its postmaster's death yet can still commit, and an ASYNC
     * commit then acknowledged is never flushed.
     */
    private static long beforeNearestCrash(long acknowledgedAt, List<Long> crashes) {
        long nearest = crashes.stream().min(Comparator.comparingLong(c -> Math.abs(c - acknowledgedAt))).orElse(acknowledgedAt);
        return TimeUnit.NANOSECONDS.toMillis(nearest - acknowledgedAt);
    }

    // ---- fuzz and memory before AUTH ----

    /**
     * The same seeded hostile frames against serve and redis-server (both with a password, half of the
     * connections authenticated): frames sent and crashes. Then 50 unauthenticated connections send
     * garbage and huge declared lengths: RSS growth of each server.
     */
    private static void fuzzAndMemory(Path work, int frames) throws Exception {
        Path dataDir = work.resolve("serve-fuzz");
        try (ServeProcess serve = ServeProcess.start(dataDir, "--requirepass", PASSWORD)) {
            int port = serve.awaitReady(RECOVERY_BOUND);
            Path redisDir = Files.createDirectories(work.resolve("redis-fuzz"));
            int redisPort = freePort();
            Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                    "--dir", redisDir.toString(), "--save", "", "--appendonly", "no", "--requirepass", PASSWORD)
                    .redirectErrorStream(true).redirectOutput(redisDir.resolve("redis.log").toFile()).start();
            try {
                awaitPing(redisPort);
                long ourCrashes = fuzz(port, frames, serve.process().toHandle());
                long redisCrashes = fuzz(redisPort, frames, redis.toHandle());
                print("faults:fuzz-crashes-after-" + frames + "-frames-vs-redis", ourCrashes, redisCrashes, "crashes");
                long ourGrowth = rssGrowthBeforeAuth(port, serve.process().toHandle());
                long redisGrowth = rssGrowthBeforeAuth(redisPort, redis.toHandle());
                print("faults:rss-growth-before-auth-vs-redis", ourGrowth, redisGrowth, "MB");
            } finally {
                redis.destroyForcibly();
                redis.waitFor();
            }
        } finally {
            ServeProcess.killLeftPostmaster(dataDir);
        }
    }

    /** Sends hostile frames on fresh connections; a crash is the process gone or a fresh PING unanswered. */
    private static long fuzz(int port, int frames, ProcessHandle server) {
        RespFuzzFrames generator = new RespFuzzFrames(new SplittableRandom(20_260_512L), 1024 * 1024);
        long crashes = 0;
        RespClient client = null;
        for (int i = 0; i < frames; i++) {
            try {
                if (client == null || i % 50 == 0) {
                    if (client != null) {
                        client.close();
                    }
                    client = new RespClient(port).timeoutMillis(5_000);
                    if (i % 100 == 0) {
                        client.call("AUTH", PASSWORD);
                    }
                }
                client.sendRaw(generator.hostile());
            } catch (RuntimeException closedByServer) {
                client = null;
            }
            if (i % 1000 == 999 && !answers(port, server)) {
                crashes++;
                break; // nothing to fuzz any more
            }
        }
        if (client != null) {
            client.close();
        }
        return crashes + (answers(port, server) ? 0 : 1);
    }

    private static boolean answers(int port, ProcessHandle server) {
        if (!server.isAlive()) {
            return false;
        }
        try (RespClient fresh = new RespClient(port).timeoutMillis(10_000)) {
            return "OK".equals(fresh.call("AUTH", PASSWORD)) && "PONG".equals(fresh.call("PING"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** RSS growth (MB) while 50 unauthenticated connections each declare a 400 MB bulk and send 1 MB of it. */
    private static long rssGrowthBeforeAuth(int port, ProcessHandle server) throws IOException {
        long before = rssKb(server);
        long peak = before;
        List<RespClient> clients = new ArrayList<>();
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        try {
            for (int c = 0; c < 50; c++) {
                RespClient client = new RespClient(port).timeoutMillis(5_000);
                clients.add(client);
                try {
                    client.sendRaw("*2\r\n$3\r\nSET\r\n$400000000\r\n");
                    for (int k = 0; k < 16; k++) {
                        client.sendRaw(chunk);
                    }
                } catch (RuntimeException refusedAndClosed) {
                    // Redis and ours refuse the header and close: the rest is not read
                }
                peak = Math.max(peak, rssKb(server));
            }
        } finally {
            clients.forEach(RespClient::close);
        }
        return Math.max(0, (peak - before) / 1024);
    }

    private static long rssKb(ProcessHandle process) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for process " + process.pid());
    }

    // ---- helpers ----

    private static void awaitPing(int port) {
        long deadline = System.nanoTime() + RECOVERY_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            try (RespClient client = new RespClient(port)) {
                client.call("PING");
                return;
            } catch (RuntimeException notYet) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
        throw new IllegalStateException("redis-server did not answer on port " + port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static long median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }

    private static void print(String name, long ours, long peer, String unit) {
        String ratio = peer == 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", (double) ours / peer);
        System.out.printf(Locale.ROOT, "RESULT %s ours=%d peer=%d ratio=%s unit=%s%n", name, ours, peer, ratio, unit);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not remove " + root + ": " + e);
        }
    }
}
