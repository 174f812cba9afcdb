package io.hstorekv.spring.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.session.FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME;

import io.hstorekv.HstoreKv;
import io.hstorekv.testing.MutableClock;
import io.hstorekv.testing.StoreFixture;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.session.SessionRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot web application (embedded Tomcat on a free port, auto-configuration) whose HTTP
 * sessions the auto-configured repository keeps in hstore-kv, driven by a real HTTP client.
 */
class SessionBootTest {
    private static final String NAMESPACE = "web_sessions";
    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() {
        app = start(new MutableClock(Instant.now()));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** The application on a store of its own, whose clock decides expiry. */
    private static ConfigurableApplicationContext start(MutableClock clock) {
        return new SpringApplicationBuilder(WebApp.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("storeClock", clock))
                .properties("server.port=0", "hstorekv.session.namespace=" + NAMESPACE, "hstorekv.session.timeout=30m",
                        "spring.main.banner-mode=off")
                .run();
    }

    @Test
    void attributesLiveInTheStoreAcrossRequests() throws Exception {
        Browser browser = new Browser(app);
        assertThat(browser.get("/put?name=theme&value=dark")).isEqualTo("ok");

        assertThat(browser.get("/get?name=theme")).isEqualTo("dark");
        assertThat(new Browser(app).get("/get?name=theme")).as("another browser, another session").isEqualTo("(none)");
        String id = browser.get("/id");
        assertThat(app.getBean(HstoreKv.class).namespace(NAMESPACE).hashes().exists("session:" + id, "attr:theme")).isTrue();
    }

    @Test
    void theAutoConfiguredRepositoryIsOursWithTheProperties() {
        SessionRepository<?> repository = app.getBean(SessionRepository.class);

        assertThat(repository).isInstanceOf(HstoreKvSessionRepository.class);
        assertThat(((HstoreKvSessionRepository) repository).namespace().name()).isEqualTo(NAMESPACE);
        assertThat(repository.createSession().getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void sessionsAreFoundByTheirPrincipalName() throws Exception {
        Browser laptop = new Browser(app);
        Browser phone = new Browser(app);
        String laptopSession = laptop.get("/login?user=carol");
        String phoneSession = phone.get("/login?user=carol");

        HstoreKvSessionRepository repository = app.getBean(HstoreKvSessionRepository.class);
        assertThat(repository.findByPrincipalName("carol")).containsOnlyKeys(laptopSession, phoneSession);
    }

    @Test
    void aHundredConcurrentRequestsOnOneSessionLoseNoAttribute() throws Exception {
        Browser browser = new Browser(app);
        String id = browser.get("/id");
        List<CompletableFuture<String>> requests = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            requests.add(browser.getAsync("/put?name=attribute-" + i + "&value=" + i));
        }
        for (CompletableFuture<String> request : requests) {
            assertThat(request.get()).isEqualTo("ok");
        }

        HstoreKvSession session = app.getBean(HstoreKvSessionRepository.class).findById(id);
        assertThat(session.getAttributeNames()).hasSize(100);
        assertThat(browser.get("/get?name=attribute-57")).isEqualTo("57");
    }

    @Test
    void anIdleSessionExpiresByTheStoreClock() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (ConfigurableApplicationContext own = start(clock)) {
            Browser browser = new Browser(own);
            browser.get("/put?name=cart&value=full");
            clock.advance(Duration.ofMinutes(20));
            assertThat(browser.get("/get?name=cart")).isEqualTo("full");

            clock.advance(Duration.ofMinutes(31));

            assertThat(browser.get("/get?name=cart")).isEqualTo("(none)");
        }
    }

    /**
     * The application: sessions through the servlet API only, as any web application uses them. Its store
     * has a data source of its own, so Boot is not asked for one.
     */
    @SpringBootConfiguration
    @EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
    static class WebApp {
        @Bean(destroyMethod = "close")
        HstoreKv hstoreKv(MutableClock storeClock) {
            return StoreFixture.open(StoreFixture.uniqueName("boot"), storeClock);
        }

        @Bean
        SessionController sessionController() {
            return new SessionController();
        }
    }

    @RestController
    static class SessionController {
        @GetMapping("/put")
        String put(HttpSession session, @RequestParam String name, @RequestParam String value) {
            session.setAttribute(name, value);
            return "ok";
        }

        @GetMapping("/get")
        String get(HttpSession session, @RequestParam String name) {
            Object value = session.getAttribute(name);
            return value == null ? "(none)" : value.toString();
        }

        @GetMapping("/login")
        String login(HttpSession session, @RequestParam String user) {
            session.setAttribute(PRINCIPAL_NAME_INDEX_NAME, user);
            return session.getId();
        }

        @GetMapping("/id")
        String id(HttpSession session) {
            return session.getId();
        }
    }

    /** An HTTP client that keeps its cookies, as a browser does. */
    private static final class Browser {
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        private final String base;

        Browser(ConfigurableApplicationContext app) {
            this.base = "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
        }

        String get(String path) throws IOException, InterruptedException {
            return client.send(request(path), HttpResponse.BodyHandlers.ofString()).body();
        }

        CompletableFuture<String> getAsync(String path) {
            return client.sendAsync(request(path), HttpResponse.BodyHandlers.ofString()).thenApply(HttpResponse::body);
        }

        private HttpRequest request(String path) {
            return HttpRequest.newBuilder(URI.create(base + path)).build();
        }
    }
}
