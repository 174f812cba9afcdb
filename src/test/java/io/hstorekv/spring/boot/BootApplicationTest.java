package io.hstorekv.spring.boot;

import static io.hstorekv.testing.TestSql.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.spring.boot.app.BookApplication;
import io.hstorekv.spring.boot.app.BookService;
import io.hstorekv.spring.boot.app.BookService.Book;
import io.hstorekv.spring.cache.HstoreKvCache;
import io.hstorekv.spring.cache.HstoreKvCacheManager;
import io.hstorekv.testing.Await;
import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Spring Boot application (BookApplication: Flyway migrations of its own, Actuator over
 * HTTP on a random port) on the test PostgreSQL, with hstore-kv auto-configured from properties.
 * Started with SpringApplication itself, as {@code @SpringBootTest} would: Spring 7's JUnit
 * extension needs JUnit 6, and the suite runs on JUnit 5 (jqwik).
 */
class BootApplicationTest {
    private static final String STORE_SCHEMA = StoreFixture.uniqueName("boot_kv");
    private static final String APP_SCHEMA = StoreFixture.uniqueName("boot_app");

    private static ConfigurableApplicationContext context;
    private static BookService books;
    private static CacheManager cacheManager;
    private static int port;

    @BeforeAll
    static void startApplication() {
        context = start();
        books = context.getBean(BookService.class);
        cacheManager = context.getBean(CacheManager.class);
        port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stopApplication() {
        context.close();
    }

    /** An instance of the application on the test database, its web server on a free port. */
    private static ConfigurableApplicationContext start() {
        String[] args = Arrays.stream(properties(TestDatabase.connection())).map(p -> "--" + p[0] + "=" + p[1])
                .toArray(String[]::new);
        return new SpringApplicationBuilder(BookApplication.class).properties("server.port=0").run(args);
    }

    /** The same application's properties, for the test's and a second context. */
    private static String[][] properties(String[] connection) {
        String url = connection[0] + (connection[0].contains("?") ? "&" : "?") + "currentSchema=" + APP_SCHEMA + ",public";
        return new String[][] {
                {"spring.datasource.url", url},
                {"spring.datasource.username", connection[1]},
                {"spring.datasource.password", connection[2]},
                {"spring.flyway.schemas", APP_SCHEMA},
                {"hstorekv.schema", STORE_SCHEMA},
                {"hstorekv.cache.caches.books.ttl", "10m"},
                {"hstorekv.cache.caches.books.near-cache-size", "1000"},
                {"hstorekv.cache.caches.books.durability", "VOLATILE"},
                {"management.endpoints.web.exposure.include", "health,metrics"},
                {"management.endpoint.health.show-details", "always"},
                {"management.health.redis.enabled", "false"}}; // Spring Data Redis is on the test class path for the benchmark only
    }

    @BeforeEach
    void emptyCache() {
        cacheManager.getCache("books").clear();
        BookService.LOADS.set(0);
    }

    @Test
    void theApplicationsCacheManagerIsOursWithThePropertiesSettings() throws Exception {
        assertThat(cacheManager).isInstanceOf(HstoreKvCacheManager.class);
        HstoreKvCache cache = (HstoreKvCache) cacheManager.getCache("books");
        assertThat(cache.settings().ttl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(cache.getNativeCache().cacheStats()).as("near cache from near-cache-size").isNotNull();
        assertThat(query("SELECT durability FROM " + STORE_SCHEMA + ".namespaces WHERE name = 'books'")).isEqualTo("VOLATILE");
    }

    @Test
    void cacheableCachePutAndCacheEvict() {
        assertThat(books.find("0441013597")).isEqualTo(new Book("0441013597", "Dune"));
        assertThat(books.find("0441013597")).isEqualTo(new Book("0441013597", "Dune"));
        assertThat(BookService.LOADS).hasValue(1);
        books.rename(new Book("0441013597", "Dune (1965)"));
        assertThat(books.find("0441013597").title()).isEqualTo("Dune (1965)");
        assertThat(BookService.LOADS).hasValue(1);
        books.forget("0441013597");
        assertThat(books.find("0441013597").title()).isEqualTo("Dune (1965)");
        assertThat(BookService.LOADS).hasValue(2);
        assertThat(books.find("unknown")).isNull();
        assertThat(books.find("unknown")).isNull();
        assertThat(BookService.LOADS).as("a cached null").hasValue(3);
    }

    @Test
    void syncLoadsRunOnceAcrossTwoApplicationContextsOnOneDatabase() throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool();
        try (ConfigurableApplicationContext second = start()) {
            BookService otherBooks = second.getBean(BookService.class);
            BookService.gate = new CountDownLatch(1);
            BookService.loading = new CountDownLatch(1);
            Future<Book> here = threads.submit(() -> books.findOnce("42"));
            assertThat(BookService.loading.await(30, TimeUnit.SECONDS)).isTrue();
            AtomicReference<Thread> waiter = new AtomicReference<>();
            Future<Book> there = threads.submit(() -> {
                waiter.set(Thread.currentThread());
                return otherBooks.findOnce("42");
            });
            Await.until(() -> waiter.get() != null && waiter.get().getState() == Thread.State.TIMED_WAITING,
                    Duration.ofSeconds(30), "the second context waiting on the first one's load");
            BookService.gate.countDown();
            assertThat(here.get(30, TimeUnit.SECONDS)).isEqualTo(new Book("42", "loaded once"));
            assertThat(there.get(30, TimeUnit.SECONDS)).isEqualTo(new Book("42", "loaded once"));
            assertThat(BookService.LOADS).hasValue(1);
        } finally {
            BookService.gate = null;
            BookService.loading = null;
            threads.shutdownNow();
        }
    }

    @Test
    void actuatorShowsCacheMetricsAndHealth() throws Exception {
        books.find("0141439580");
        books.find("0141439580");
        books.find("0141439580");
        assertThat(get("/actuator/metrics/cache.gets?tag=cache:books&tag=result:hit")).contains("\"value\":2.0");
        assertThat(get("/actuator/metrics/cache.gets?tag=cache:books&tag=result:miss")).contains("\"value\":1.0");
        assertThat(get("/actuator/metrics/cache.puts?tag=cache:books")).contains("\"value\":1.0");
        assertThat(get("/actuator/metrics/cache.loads?tag=cache:books")).contains("\"statistic\":\"COUNT\"");
        assertThat(get("/actuator/health")).endsWith("\"status\":\"UP\"}")
                .containsPattern("\"hstoreKv\":\\{\"details\":\\{\"database\":\"available\",[^}]*},\"status\":\"UP\"");
    }

    @Test
    void theApplicationsFlywayRanItsOwnMigrationsOnlyAndOursKeptTheirHistory() throws Exception {
        assertThat(query("SELECT string_agg(script, ',') FROM " + APP_SCHEMA + ".flyway_schema_history WHERE version IS NOT NULL"))
                .isEqualTo("V1__app_books.sql");
        assertThat(query("SELECT count(*) FROM " + STORE_SCHEMA + ".hstorekv_schema_history WHERE script = 'V1__core_schema.sql'"))
                .isEqualTo("1");
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }
}
