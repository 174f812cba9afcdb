package io.hstorekv.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real PostgreSQL the tests run against, started once per JVM. In order: the JDBC URL in
 * {@code HSTOREKV_TEST_JDBC_URL} (user and password in {@code HSTOREKV_TEST_USER} /
 * {@code HSTOREKV_TEST_PASSWORD}), else a Testcontainers PostgreSQL 17 when Docker works, else an
 * embedded PostgreSQL (zonky; its version is whichever binaries are on the class path).
 */
public final class TestDatabase {
    private static HikariDataSource pool;
    private static String description;

    private TestDatabase() {}

    public static synchronized DataSource dataSource() {
        if (pool == null) {
            start();
        }
        return pool;
    }

    public static synchronized String description() {
        dataSource();
        return description;
    }

    /** A JDBC URL, user and password for the same database, for tests that open their own pools. */
    public static synchronized String[] connection() {
        dataSource();
        return new String[] {pool.getJdbcUrl(), pool.getUsername(), pool.getPassword()};
    }

    private static void start() {
        String url = System.getenv("HSTOREKV_TEST_JDBC_URL");
        String user = System.getenv().getOrDefault("HSTOREKV_TEST_USER", "postgres");
        String password = System.getenv().getOrDefault("HSTOREKV_TEST_PASSWORD", "postgres");
        if (url != null && !url.isBlank()) {
            description = "external " + url;
        } else if (dockerWorks()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            url = container.getJdbcUrl();
            user = container.getUsername();
            password = container.getPassword();
            description = "testcontainers postgres:17-alpine";
        } else {
            try {
                EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        embedded.close();
                    } catch (IOException ignored) {
                        // the JVM is going away; the temp directory goes with it
                    }
                }));
                url = embedded.getJdbcUrl("postgres", "postgres");
                description = "embedded (zonky)";
            } catch (IOException e) {
                throw new UncheckedIOException("could not start embedded PostgreSQL", e);
            }
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(16);
        config.setPoolName("tests");
        pool = new HikariDataSource(config);
    }

    private static boolean dockerWorks() {
        if (System.getenv("DOCKER_HOST") == null && !new File("/var/run/docker.sock").exists()) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
