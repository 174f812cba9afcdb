package io.hstorekv.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.HstoreKv;
import io.hstorekv.spring.cache.HstoreKvCacheManager;
import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.TestDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/** The auto-configuration gives way to the application's own beans and properties. */
class AutoConfigurationBackOffTest {
    private static final String SCHEMA = StoreFixture.uniqueName("backoff");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HstoreKvAutoConfiguration.class))
            .withPropertyValues("hstorekv.schema=" + SCHEMA, "hstorekv.sweep-interval=0")
            // Not the pool itself, which a closing context would close (it is every test's).
            .withBean(DataSource.class, () -> new DelegatingDataSource(TestDatabase.dataSource()));

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class Caching {}

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class OwnCacheManager {
        @Bean
        CacheManager cacheManager() {
            return new ConcurrentMapCacheManager();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnStore {
        @Bean(destroyMethod = "close")
        HstoreKv ownStore() {
            return HstoreKv.builder().dataSource(TestDatabase.dataSource()).schema(SCHEMA).sweepInterval(null).open();
        }
    }

    @Test
    void withCachingEnabledTheCacheManagerIsOurs() {
        runner.withUserConfiguration(Caching.class).run(context -> {
            assertThat(context).hasSingleBean(HstoreKv.class).hasSingleBean(HstoreKvCacheManager.class)
                    .hasSingleBean(HstoreKvHealthIndicator.class).hasSingleBean(HstoreKvCacheMeterBinderProvider.class);
        });
    }

    @Test
    void withoutCachingEnabledThereIsNoCacheManager() {
        runner.run(context -> assertThat(context).hasSingleBean(HstoreKv.class).doesNotHaveBean(CacheManager.class));
    }

    @Test
    void theApplicationsCacheManagerWins() {
        runner.withUserConfiguration(OwnCacheManager.class).run(context ->
                assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class));
    }

    @Test
    void theApplicationsStoreIsTheOneUsed() {
        runner.withUserConfiguration(OwnStore.class, Caching.class).run(context -> {
            assertThat(context).hasSingleBean(HstoreKv.class).hasBean("ownStore").hasSingleBean(HstoreKvCacheManager.class);
        });
    }

    @Test
    void theCacheManagerCanBeTurnedOffLeavingBootsOwn() {
        runner.withConfiguration(AutoConfigurations.of(CacheAutoConfiguration.class)).withUserConfiguration(Caching.class)
                .withPropertyValues("hstorekv.cache.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(HstoreKv.class).hasSingleBean(CacheManager.class)
                        .doesNotHaveBean(HstoreKvCacheManager.class));
    }

    @Test
    void oursComesBeforeBootsOwn() {
        runner.withConfiguration(AutoConfigurations.of(CacheAutoConfiguration.class)).withUserConfiguration(Caching.class)
                .run(context -> assertThat(context).hasSingleBean(CacheManager.class).hasSingleBean(HstoreKvCacheManager.class));
    }

    @Test
    void withoutADataSourceNothingIsConfigured() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(HstoreKvAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(HstoreKv.class));
    }
}
