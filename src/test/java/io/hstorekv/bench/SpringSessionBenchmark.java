package io.hstorekv.bench;

import io.hstorekv.HstoreKv;
import io.hstorekv.spring.session.HstoreKvSessionRepository;
import io.hstorekv.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Our session repository against Spring Session JDBC on the same PostgreSQL, in the same run:
 * <ul>
 *   <li>{@code concurrent-attributes}: rounds of 100 concurrent requests on one session, each
 *       reading it, setting an attribute of its own and saving; then the attributes lost (not
 *       holding their round's value) and the requests that failed;</li>
 *   <li>{@code expiry}: N sessions (default 100k) expire while requests go on on other sessions:
 *       request throughput, failed requests, and seconds from the last one's expiry until they are
 *       all gone (our store's sweeper against the JDBC repository's cleanup, both every second).</li>
 * </ul>
 * Prints {@code RESULT <name> ours=<x> peer=<y> ratio=<x/y> unit=<unit>}.
 */
public final class SpringSessionBenchmark {
    private static final int REQUESTS_PER_ROUND = 100;
    private static final Duration CLEANUP_INTERVAL = Duration.ofSeconds(1);
    /** The inactive interval of the sessions that expire. */
    private static final Duration SHORT_LIFE = Duration.ofSeconds(2);

    /** One side: a repository and how expired sessions are removed from it. */
    private record Side<S extends Session>(FindByIndexNameSessionRepository<S> repository, Runnable cleanup, String sessionRowsSql) {}

    public static void main(String[] args) throws Exception {
        int rounds = BenchArgs.intOption(args, "--rounds", 20);
        int sessions = BenchArgs.intOption(args, "--sessions", 100_000);
        int seconds = BenchArgs.intOption(args, "--seconds", 10);
        DataSource ds = TestDatabase.dataSource();
        System.out.println("# database: " + TestDatabase.description() + ", " + rounds + " rounds, " + sessions
                + " expiring sessions, " + seconds + " s of traffic");
        try (HstoreKv kv = HstoreKv.builder().dataSource(ds).schema("hstorekv_bench_session").open()) {
            kv.namespace("bench_sessions").flush();
            Side<?> ours = new Side<>(new HstoreKvSessionRepository(kv, "bench_sessions"), () -> { },
                    "SELECT count(*) FROM hstorekv_bench_session.entries WHERE ns = 'bench_sessions'");
            JdbcIndexedSessionRepository jdbc = jdbcRepository(ds);
            Side<?> peer = new Side<>(jdbc, jdbc::cleanUpExpiredSessions, "SELECT count(*) FROM spring_session");

            Concurrent oursConcurrent = concurrentAttributes(ours, rounds);
            Concurrent peerConcurrent = concurrentAttributes(peer, rounds);
            result("spring-session:concurrent-attributes", oursConcurrent.requestsPerSecond, peerConcurrent.requestsPerSecond, "req/s");
            result("spring-session:concurrent-attributes:lost", oursConcurrent.lost, peerConcurrent.lost, "attributes");
            result("spring-session:concurrent-attributes:errors", oursConcurrent.errors, peerConcurrent.errors, "requests");

            Expiry oursExpiry = expiry(ours, ds, sessions, seconds);
            Expiry peerExpiry = expiry(peer, ds, sessions, seconds);
            result("spring-session:expiry:traffic", oursExpiry.requestsPerSecond, peerExpiry.requestsPerSecond, "req/s");
            result("spring-session:expiry:errors", oursExpiry.errors, peerExpiry.errors, "requests");
            result("spring-session:expiry:seconds-to-clean", oursExpiry.secondsToClean, peerExpiry.secondsToClean, "s");
            jdbc.destroy();
        }
        System.exit(0);
    }

    private static JdbcIndexedSessionRepository jdbcRepository(DataSource ds) {
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        jdbc.execute("DROP TABLE IF EXISTS spring_session_attributes, spring_session");
        new ResourceDatabasePopulator(new ClassPathResource("org/springframework/session/jdbc/schema-postgresql.sql")).execute(ds);
        JdbcIndexedSessionRepository repository = new JdbcIndexedSessionRepository(jdbc,
                new TransactionTemplate(new DataSourceTransactionManager(ds)));
        repository.setCleanupCron("-"); // cleaned by this benchmark on the same interval as our sweeper
        repository.afterPropertiesSet();
        return repository;
    }

    private record Concurrent(double requestsPerSecond, long lost, long errors) {}

    /** Rounds of 100 concurrent requests on one session, each setting its own attribute to the round. */
    private static <S extends Session> Concurrent concurrentAttributes(Side<S> side, int rounds) throws Exception {
        FindByIndexNameSessionRepository<S> repository = side.repository();
        S session = repository.createSession();
        repository.save(session);
        String id = session.getId();
        ExecutorService pool = Executors.newFixedThreadPool(REQUESTS_PER_ROUND);
        LongAdder errors = new LongAdder();
        long lost = 0;
        long start = System.nanoTime();
        for (int round = 1; round <= rounds; round++) {
            int value = round;
            List<Future<?>> requests = new ArrayList<>();
            for (int i = 0; i < REQUESTS_PER_ROUND; i++) {
                String name = "attribute-" + i;
                requests.add(pool.submit(() -> {
                    try {
                        S mine = repository.findById(id);
                        mine.setLastAccessedTime(Instant.now());
                        mine.setAttribute(name, value);
                        repository.save(mine);
                    } catch (RuntimeException e) {
                        errors.increment();
                    }
                }));
            }
            for (Future<?> request : requests) {
                request.get();
            }
            S after = repository.findById(id);
            for (int i = 0; i < REQUESTS_PER_ROUND; i++) {
                Object stored = after.getAttribute("attribute-" + i);
                if (!Integer.valueOf(value).equals(stored)) {
                    lost++;
                }
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Concurrent(rounds * REQUESTS_PER_ROUND / elapsed, lost, errors.sum());
    }

    private record Expiry(double requestsPerSecond, long errors, double secondsToClean) {}

    /**
     * Creates {@code count} sessions that expire two seconds after their creation, next to 1,000 that
     * live, while expired ones are cleaned every second (throughout, as our sweeper runs); then runs
     * requests on the live ones for {@code seconds} and notes how long after the last short session
     * expired the session rows were down to those from before.
     */
    private static <S extends Session> Expiry expiry(Side<S> side, DataSource ds, int count, int seconds) throws Exception {
        FindByIndexNameSessionRepository<S> repository = side.repository();
        List<String> live = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            S session = repository.createSession();
            session.setAttribute("user", "user-" + i);
            repository.save(session);
            live.add(session.getId());
        }
        JdbcTemplate sql = new JdbcTemplate(ds);
        long before = sql.queryForObject(side.sessionRowsSql(), Long.class);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread cleaner = new Thread(() -> {
            while (running.get()) {
                try {
                    side.cleanup().run();
                } catch (RuntimeException e) {
                    System.out.println("# cleanup failed: " + e);
                }
                sleepQuietly(CLEANUP_INTERVAL);
            }
        }, "session-cleanup");
        cleaner.start();

        ExecutorService creators = Executors.newFixedThreadPool(8);
        List<Future<?>> created = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int share = count / 8 + (t < count % 8 ? 1 : 0);
            created.add(creators.submit(() -> {
                for (int i = 0; i < share; i++) {
                    S session = repository.createSession();
                    session.setMaxInactiveInterval(SHORT_LIFE);
                    session.setAttribute("cart", "item-" + i);
                    repository.save(session);
                }
                return null;
            }));
        }
        for (Future<?> f : created) {
            f.get();
        }
        creators.shutdown();
        long allExpired = System.nanoTime() + SHORT_LIFE.toNanos();

        LongAdder requests = new LongAdder();
        LongAdder errors = new LongAdder();
        ExecutorService traffic = Executors.newFixedThreadPool(8);
        long trafficEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            workers.add(traffic.submit(() -> {
                while (System.nanoTime() < trafficEnd) {
                    try {
                        S session = repository.findById(live.get(ThreadLocalRandom.current().nextInt(live.size())));
                        session.setLastAccessedTime(Instant.now());
                        session.setAttribute("seen", System.nanoTime());
                        repository.save(session);
                        requests.increment();
                    } catch (RuntimeException e) {
                        errors.increment();
                    }
                }
                return null;
            }));
        }
        while (sql.queryForObject(side.sessionRowsSql(), Long.class) > before) {
            sleepQuietly(Duration.ofMillis(100));
        }
        double cleanedAfter = Math.max(0, (System.nanoTime() - allExpired) / 1e9);
        for (Future<?> w : workers) {
            w.get();
        }
        traffic.shutdown();
        running.set(false);
        cleaner.join();
        return new Expiry(requests.sum() / (double) seconds, errors.sum(), cleanedAfter);
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void result(String name, double ours, double peer, String unit) {
        String ratio = peer == 0 ? "n/a" : String.format("%.2f", ours / peer);
        System.out.printf("RESULT %s ours=%s peer=%s ratio=%s unit=%s%n", name, format(ours), format(peer), ratio, unit);
    }

    private static String format(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : String.format("%.1f", x);
    }
}
