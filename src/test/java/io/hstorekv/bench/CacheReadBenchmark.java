package io.hstorekv.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hstorekv.cache.BoundedCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Throughput of the near cache against Caffeine (configured alike: same bound, stats on; "caffeine"
 * keeps its default asynchronous maintenance on the common pool, "caffeine-sync" runs it on the
 * calling thread like ours) and against a plain ConcurrentHashMap as the ceiling for reads.
 * Keys follow a scrambled Zipf distribution. Workloads: reads that always hit, a 75/25 read/write
 * mix, and get-or-put with a capacity of a quarter of the key space (eviction-heavy).
 *
 * <p>{@link #main} runs a short configuration suitable for a 2-core machine and prints RESULT lines.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CacheReadBenchmark {
    private static final int ITEMS = 1 << 16; // key space
    private static final int SAMPLES = 1 << 20; // pre-drawn key sequence, shared by all threads
    private static final int MASK = SAMPLES - 1;

    @Param({"ours", "caffeine", "caffeine-sync", "chm"})
    public String impl;

    private Integer[] keys;
    private Store store;

    /** The three contenders behind one call site. */
    interface Store {
        Integer get(Integer key);

        void put(Integer key, Integer value);

        default void cleanUp() {}
    }

    @State(Scope.Thread)
    public static class Cursor {
        int index = ThreadLocalRandom.current().nextInt(); // threads start at different offsets
    }

    @Setup
    public void setup(BenchmarkParams params) {
        boolean evicting = params.getBenchmark().contains("evict");
        long capacity = evicting ? ITEMS / 4 : 2L * ITEMS; // else everything fits: every read hits
        store = create(impl, capacity);
        Integer[] byRank = new Integer[ITEMS];
        for (int rank = 0; rank < ITEMS; rank++) {
            byRank[rank] = (int) Zipf.scramble(rank);
            store.put(byRank[rank], byRank[rank]);
        }
        store.cleanUp(); // start from a settled policy
        Zipf zipf = new Zipf(ITEMS, 0.99, 7);
        keys = new Integer[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            keys[i] = byRank[zipf.nextRank()]; // the same Integer instances that were stored
        }
    }

    private static Store create(String impl, long capacity) {
        switch (impl) {
            case "ours": {
                BoundedCache<Integer, Integer> cache =
                        BoundedCache.<Integer, Integer>builder().maximumSize(capacity).build();
                return new Store() {
                    public Integer get(Integer key) {
                        return cache.getIfPresent(key);
                    }

                    public void put(Integer key, Integer value) {
                        cache.put(key, value);
                    }

                    public void cleanUp() {
                        cache.cleanUp();
                    }
                };
            }
            case "caffeine":
            case "caffeine-sync": {
                Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(capacity).recordStats();
                if (impl.equals("caffeine-sync")) {
                    builder.executor(Runnable::run);
                }
                Cache<Integer, Integer> cache = builder.build();
                return new Store() {
                    public Integer get(Integer key) {
                        return cache.getIfPresent(key);
                    }

                    public void put(Integer key, Integer value) {
                        cache.put(key, value);
                    }

                    public void cleanUp() {
                        cache.cleanUp();
                    }
                };
            }
            case "chm": {
                ConcurrentHashMap<Integer, Integer> map = new ConcurrentHashMap<>();
                return new Store() {
                    public Integer get(Integer key) {
                        return map.get(key);
                    }

                    public void put(Integer key, Integer value) {
                        map.put(key, value);
                    }
                };
            }
            default:
                throw new IllegalArgumentException("unknown impl " + impl);
        }
    }

    private Integer read(Cursor cursor) {
        return store.get(keys[cursor.index++ & MASK]);
    }

    private Integer readWrite(Cursor cursor) {
        int i = cursor.index++;
        Integer key = keys[i & MASK];
        if ((i & 3) == 0) {
            store.put(key, key);
            return key;
        }
        return store.get(key);
    }

    private Integer getOrPut(Cursor cursor) {
        Integer key = keys[cursor.index++ & MASK];
        Integer value = store.get(key);
        if (value == null) {
            store.put(key, key);
        }
        return value;
    }

    @Benchmark
    @Threads(1)
    public Integer read_1t(Cursor cursor) {
        return read(cursor);
    }

    @Benchmark
    @Threads(2)
    public Integer read_2t(Cursor cursor) {
        return read(cursor);
    }

    @Benchmark
    @Threads(1)
    public Integer readWrite_1t(Cursor cursor) {
        return readWrite(cursor);
    }

    @Benchmark
    @Threads(2)
    public Integer readWrite_2t(Cursor cursor) {
        return readWrite(cursor);
    }

    @Benchmark
    @Threads(1)
    public Integer evict_1t(Cursor cursor) {
        return getOrPut(cursor);
    }

    @Benchmark
    @Threads(2)
    public Integer evict_2t(Cursor cursor) {
        return getOrPut(cursor);
    }

    // ---- runner ----

    private static final Map<String, String> FIGURES = Map.of(
            "read_1t", "read-zipf-hit:1t", "read_2t", "read-zipf-hit:2t",
            "readWrite_1t", "read-write-75-25:1t", "readWrite_2t", "read-write-75-25:2t",
            "evict_1t", "evict-cap-25pct:1t", "evict_2t", "evict-cap-25pct:2t");

    /** Runs the suite with short settings and prints one RESULT line per comparison. Arg: output folder. */
    public static void main(String[] args) throws RunnerException, IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "target/near-cache");
        Files.createDirectories(out);
        List<RunResult> results = new ArrayList<>();
        results.addAll(run(out, "read", "read_.*", "ours", "caffeine", "caffeine-sync", "chm"));
        results.addAll(run(out, "mixed", "(readWrite|evict)_.*", "ours", "caffeine", "caffeine-sync"));

        Map<String, Map<String, Double>> scores = new HashMap<>(); // method -> impl -> ops/s
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            scores.computeIfAbsent(method, m -> new HashMap<>())
                    .put(result.getParams().getParam("impl"), result.getPrimaryResult().getScore());
        }
        for (String method : List.of("read_1t", "read_2t", "readWrite_1t", "readWrite_2t", "evict_1t", "evict_2t")) {
            Map<String, Double> byImpl = scores.getOrDefault(method, Map.of());
            Double ours = byImpl.get("ours");
            if (ours == null) {
                continue;
            }
            String name = "near-cache:" + FIGURES.get(method);
            print(name, ours, byImpl.get("caffeine"));
            print(name + ":vs-caffeine-sync", ours, byImpl.get("caffeine-sync"));
            print(name + ":vs-chm", ours, byImpl.get("chm"));
        }
    }

    private static Collection<RunResult> run(Path out, String label, String methods, String... impls)
            throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(CacheReadBenchmark.class.getName() + "\\." + methods)
                .param("impl", impls)
                .forks(2) // JIT outcomes differ between JVMs by up to 2x here; one fork is not enough
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(2)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Xms1g", "-Xmx1g")
                .output(out.resolve("jmh-" + label + ".log").toString())
                .resultFormat(ResultFormatType.JSON)
                .result(out.resolve("jmh-" + label + ".json").toString());
        return new Runner(options.build()).run();
    }

    private static void print(String name, double ours, Double peer) {
        if (peer != null) {
            System.out.printf(Locale.ROOT, "RESULT %s ours=%.0f peer=%.0f ratio=%.4f unit=ops/s%n",
                    name, ours, peer, ours / peer);
        }
    }
}
