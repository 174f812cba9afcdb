package io.hstorekv.bench;

import io.hstorekv.HstoreKv;
import io.hstorekv.json.JsonCodec;
import io.hstorekv.spring.cache.CacheSettings;
import io.hstorekv.spring.cache.HstoreKvCacheManager;
import io.hstorekv.testing.RedisPeer;
import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.TestDatabase;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext;

/**
 * {@code @Cacheable} side by side, on one thread, in one run: our cache manager (near cache on),
 * Spring's CaffeineCacheManager, and Spring Data Redis's RedisCacheManager on a real redis-server.
 * Hit path: a warm set of keys read round and round; miss-and-load: every call a new key (the
 * loader builds a small object; the cache stores it). Prints RESULT lines with wall time and CPU
 * microseconds per call of this JVM, PostgreSQL and redis-server (from /proc).
 *
 * <p>Arguments: hit calls per manager (default 200000), miss calls (default 5000).
 */
public final class SpringCacheBenchmark {
    private static final int KEYS = 1000;

    private SpringCacheBenchmark() {}

    public record Book(String isbn, String title, int year) {}

    /** The application's bean: what @Cacheable wraps. */
    public static class Books {
        private final AtomicLong loads = new AtomicLong();

        public long loads() {
            return loads.get();
        }

        @Cacheable("books")
        public Book find(String isbn) {
            loads.incrementAndGet();
            return new Book(isbn, "Title of " + isbn, 1965);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class App {
        @Bean
        Books books() {
            return new Books();
        }
    }

    public static void main(String[] args) throws Exception {
        long hitCalls = args.length > 0 ? Long.parseLong(args[0]) : 200_000;
        long missCalls = args.length > 1 ? Long.parseLong(args[1]) : 5_000;
        String schema = StoreFixture.uniqueName("springbench");
        try (RedisPeer redis = RedisPeer.start();
             HstoreKv kv = HstoreKv.builder().dataSource(TestDatabase.dataSource()).schema(schema)
                     .nearCache("books", 100_000).open()) {
            ProcessCpu cpu = ProcessCpu.jvmAndPostgres(TestDatabase.dataSource()).and("redis", redis.pid());
            LettuceConnectionFactory lettuce = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
            lettuce.afterPropertiesSet();
            lettuce.start();
            try {
                CacheManager ours = HstoreKvCacheManager.builder(kv, JsonCodec.anyType())
                        .cache("books", CacheSettings.DEFAULTS.withTtl(Duration.ofHours(1))).build();
                CacheManager caffeine = new CaffeineCacheManager("books");
                CacheManager redisManager = RedisCacheManager.builder(lettuce).cacheDefaults(RedisCacheConfiguration.defaultCacheConfig()
                        .entryTtl(Duration.ofHours(1))
                        .serializeValuesWith(RedisSerializationContext.SerializationPair.fromSerializer(
                                GenericJacksonJsonRedisSerializer.builder().enableUnsafeDefaultTyping().build())))
                        .build();
                ((RedisCacheManager) redisManager).afterPropertiesSet();

                double oursHit = hits("hstorekv", ours, hitCalls, cpu);
                double caffeineHit = hits("caffeine", caffeine, hitCalls, cpu);
                double redisHit = hits("redis", redisManager, hitCalls / 10, cpu);
                System.out.printf(Locale.ROOT, "RESULT spring-cache hit hstorekv_vs_caffeine=%.2fx (target >= 0.8x) hstorekv_vs_redis=%.2fx (target >= 2x)%n",
                        caffeineHit / oursHit, redisHit / oursHit);
                double oursMiss = misses("hstorekv", ours, missCalls, cpu);
                double redisMiss = misses("redis", redisManager, missCalls, cpu);
                System.out.printf(Locale.ROOT, "RESULT spring-cache miss-and-load hstorekv_vs_redis=%.2fx%n", redisMiss / oursMiss);
            } finally {
                lettuce.destroy();
            }
        }
    }

    /** Nanoseconds per @Cacheable call that hits (the keys loaded first, then read round and round). */
    private static double hits(String name, CacheManager manager, long calls, ProcessCpu cpu) throws Exception {
        try (AnnotationConfigApplicationContext context = context(manager)) {
            Books books = context.getBean(Books.class);
            for (int i = 0; i < KEYS; i++) {
                books.find("isbn-" + i);
            }
            run(books, calls / 5, i -> "isbn-" + (i % KEYS)); // warm-up
            ProcessCpu.Tally tally = cpu.tally();
            long nanos = tally.during(() -> run(books, calls, i -> "isbn-" + (i % KEYS)));
            if (books.loads() != KEYS) {
                throw new IllegalStateException(name + ": a warm key was loaded again (" + books.loads() + " loads)");
            }
            return report("hit", name, calls, nanos, tally);
        }
    }

    /** Nanoseconds per @Cacheable call that misses, loads and stores (a new key every call). */
    private static double misses(String name, CacheManager manager, long calls, ProcessCpu cpu) throws Exception {
        try (AnnotationConfigApplicationContext context = context(manager)) {
            Books books = context.getBean(Books.class);
            run(books, calls / 5, i -> "warm-" + name + "-" + i);
            ProcessCpu.Tally tally = cpu.tally();
            long nanos = tally.during(() -> run(books, calls, i -> "miss-" + name + "-" + i));
            return report("miss-and-load", name, calls, nanos, tally);
        }
    }

    private static double report(String path, String name, long calls, long nanos, ProcessCpu.Tally tally) {
        double perCall = nanos / (double) calls;
        System.out.printf(Locale.ROOT, "RESULT spring-cache %s %s calls=%d us_per_call=%.2f calls_per_s=%.0f cpu_us_per_call: %s%n",
                path, name, calls, perCall / 1000, 1e9 / perCall, tally.perOp("", calls));
        return perCall;
    }

    private interface KeyOf {
        String key(long i);
    }

    private static long run(Books books, long calls, KeyOf keys) {
        long start = System.nanoTime();
        for (long i = 0; i < calls; i++) {
            if (books.find(keys.key(i)) == null) {
                throw new IllegalStateException("no book");
            }
        }
        return System.nanoTime() - start;
    }

    private static AnnotationConfigApplicationContext context(CacheManager manager) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.registerBean(CacheManager.class, (Supplier<CacheManager>) () -> manager);
        context.register(App.class);
        context.refresh();
        return context;
    }
}
