package io.hstorekv.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hstorekv.cache.BoundedCache;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * Replays a key trace single-threaded (look up; on a miss, insert) through our cache, Caffeine and
 * an LRU of the same capacity and prints their hit ratios as RESULT lines. Both W-TinyLFU caches
 * are cleaned up after every operation, so the comparison is of policies, not of buffering.
 *
 * <p>Both W-TinyLFU caches flip a coin when admitting warm entries (a hash-flooding defence), which
 * on a few traces moves the hit ratio by up to a point or two from run to run. Their figures are
 * therefore the mean of {@code --runs} replays (default 5; ours seeded 1..runs, so the output is
 * reproducible for ours and varies slightly for Caffeine). LRU is deterministic and replayed once.
 *
 * <pre>
 * TraceReplay --format lirs|int64|int32 --capacity N [--runs R] FILE
 * TraceReplay --synthetic zipf|scan-mix --capacity N [--runs R]
 * </pre>
 */
public final class TraceReplay {
    private TraceReplay() {}

    public static void main(String[] args) throws IOException {
        String format = null;
        String synthetic = null;
        String file = null;
        int capacity = -1;
        int runs = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--format" -> format = args[++i];
                case "--synthetic" -> synthetic = args[++i];
                case "--capacity" -> capacity = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> {
                    if (args[i].startsWith("--") || file != null) {
                        usage("unexpected argument " + args[i]);
                    }
                    file = args[i];
                }
            }
        }
        if (format != null && !format.matches("lirs|int64|int32")) {
            usage("unknown format " + format);
        }
        if (synthetic != null && !synthetic.matches("zipf|scan-mix")) {
            usage("unknown synthetic workload " + synthetic);
        }
        if (capacity < 0 || runs < 1 || (synthetic == null) == (file == null) || (file != null && format == null)) {
            usage("need --capacity and either --format with FILE or --synthetic");
        }
        long[] keys;
        String name;
        if (synthetic != null) {
            keys = synthetic(synthetic);
            name = "synthetic-" + synthetic;
        } else {
            keys = read(Path.of(file), format);
            name = Path.of(file).getFileName().toString();
        }
        double ours = 0;
        double caffeine = 0;
        for (int run = 1; run <= runs; run++) {
            ours += replayOurs(keys, capacity, run) / runs;
            caffeine += replayCaffeine(keys, capacity) / runs;
        }
        double lru = replayLru(keys, capacity);
        print("hit-ratio:" + name + ":" + capacity, ours, caffeine);
        print("hit-ratio-vs-lru:" + name + ":" + capacity, ours, lru);
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: TraceReplay --format lirs|int64|int32 --capacity N [--runs R] FILE");
        System.err.println("       TraceReplay --synthetic zipf|scan-mix --capacity N [--runs R]");
        System.exit(2);
    }

    private static void print(String name, double ours, double peer) {
        System.out.printf(Locale.ROOT, "RESULT %s ours=%.2f peer=%.2f ratio=%.4f unit=%%%n",
                name, ours, peer, peer == 0 ? Double.NaN : ours / peer);
    }

    // ---- replays ----

    static double replayOurs(long[] keys, int capacity, long seed) {
        BoundedCache<Long, Long> cache =
                BoundedCache.<Long, Long>builder().maximumSize(capacity).admissionSeed(seed).build();
        return replay(keys, cache::getIfPresent, cache::put, cache::cleanUp);
    }

    /** Caffeine as its own simulator configures it: initial capacity = maximum, so its sketch counts from the start. */
    static double replayCaffeine(long[] keys, int capacity) {
        Cache<Long, Long> cache = Caffeine.newBuilder().initialCapacity(capacity).maximumSize(capacity)
                .executor(Runnable::run).build();
        return replay(keys, cache::getIfPresent, cache::put, cache::cleanUp);
    }

    static double replayLru(long[] keys, int capacity) {
        Map<Long, Long> lru = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
                return size() > capacity;
            }
        };
        return replay(keys, lru::get, lru::put, () -> {});
    }

    /** Hit ratio in percent: look each key up, insert it on a miss; maintenance after each step. */
    private static double replay(long[] keys, Function<Long, Long> get,
            BiConsumer<Long, Long> put, Runnable afterEach) {
        long hits = 0;
        for (long k : keys) {
            Long key = k;
            if (get.apply(key) != null) {
                hits++;
            } else {
                put.accept(key, key);
            }
            afterEach.run();
        }
        return 100.0 * hits / keys.length;
    }

    // ---- traces ----

    static long[] read(Path file, String format) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = new BufferedInputStream(
                        file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw, 1 << 16)) {
            return switch (format) {
                case "lirs" -> readLirs(in);
                case "int64" -> readBinary(in, true);
                case "int32" -> readBinary(in, false);
                default -> throw new IllegalArgumentException("unknown format " + format + " (lirs, int64, int32)");
            };
        }
    }

    private static long[] readLirs(InputStream in) throws IOException {
        LongList keys = new LongList();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
        for (String line; (line = reader.readLine()) != null; ) {
            line = line.strip();
            if (!line.isEmpty() && line.indexOf('*') < 0) {
                keys.add(Long.parseLong(line));
            }
        }
        return keys.toArray();
    }

    private static long[] readBinary(InputStream in, boolean int64) throws IOException {
        LongList keys = new LongList();
        DataInputStream data = new DataInputStream(in);
        try {
            for (;;) {
                keys.add(int64 ? data.readLong() : data.readInt());
            }
        } catch (EOFException end) {
            return keys.toArray();
        }
    }

    // ---- synthetic workloads ----

    static long[] synthetic(String kind) {
        int requests = 1_000_000;
        long[] keys = new long[requests];
        switch (kind) {
            case "zipf" -> { // skewed popularity over 100k keys (YCSB-like exponent)
                Zipf zipf = new Zipf(100_000, 0.99, 42);
                for (int i = 0; i < requests; i++) {
                    keys[i] = Zipf.scramble(zipf.nextRank());
                }
            }
            case "scan-mix" -> { // a Zipf hot set over 10k keys, 30% of requests are one-pass scans of fresh keys
                Zipf zipf = new Zipf(10_000, 0.99, 43);
                long scanKey = 1L << 40;
                for (int i = 0; i < requests; i++) {
                    keys[i] = zipf.nextDouble() < 0.3 ? scanKey++ : Zipf.scramble(zipf.nextRank());
                }
            }
            default -> throw new IllegalArgumentException("unknown synthetic workload " + kind + " (zipf, scan-mix)");
        }
        return keys;
    }

    private static final class LongList {
        private long[] items = new long[1 << 16];
        private int size;

        void add(long value) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(items, size);
        }
    }
}
