package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.hstorekv.testing.Await;
import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.TestDatabase;
import io.hstorekv.testing.TestSql;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The change feed's connection comes from the application's data source, with all its settings. */
class ChangeFeedConnectionTest {
    private final String schema = StoreFixture.uniqueName("feed");
    private final String name = StoreFixture.uniqueName("ns");
    private final String[] connection = TestDatabase.connection();

    @Test
    void theFeedUsesTheDataSourcePropertiesOfAHikariPool() throws Exception {
        String application = StoreFixture.uniqueName("hikari_app");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(connection[0]);
        config.setUsername(connection[1]);
        config.setPassword(connection[2]);
        config.addDataSourceProperty("ApplicationName", application);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            assertFeedConnectsWith(pool, application);
        }
    }

    @Test
    void aPlainDataSourceServesANearCacheAndItsSettingsReachTheFeed() throws Exception {
        String application = StoreFixture.uniqueName("plain_app");
        PGSimpleDataSource plain = new PGSimpleDataSource();
        plain.setURL(connection[0]);
        plain.setUser(connection[1]);
        plain.setPassword(connection[2]);
        plain.setApplicationName(application);
        assertFeedConnectsWith(plain, application);
    }

    /** A near cache on this data source works, and its feed's session carries the data source's application name. */
    private void assertFeedConnectsWith(DataSource dataSource, String application) throws Exception {
        try (HstoreKv kv = HstoreKv.builder().dataSource(dataSource).schema(schema).sweepInterval(null)
                .nearCache(name, 100).open()) {
            Namespace ns = kv.namespace(name);
            ns.set("k", "v");
            long polls = kv.changeFeed().polls();
            Await.until(() -> kv.changeFeed().polls() >= polls + 2, Duration.ofSeconds(5),
                    "the feed to apply the write"); // else its invalidation may drop what the first read caches
            assertThat(kv.changeFeed().isUp()).isTrue();
            assertThat(TestSql.query("SELECT application_name FROM pg_stat_activity WHERE pid = "
                    + kv.changeFeed().backendPid())).isEqualTo(application);
            assertThat(ns.get("k")).isEqualTo("v");
            assertThat(ns.get("k")).isEqualTo("v");
            assertThat(ns.cacheStats().hits()).as("the second read, from memory").isEqualTo(1);
        }
    }
}
