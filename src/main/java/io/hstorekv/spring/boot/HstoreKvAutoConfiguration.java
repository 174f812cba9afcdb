package io.hstorekv.spring.boot;

import io.hstorekv.HstoreKv;
import io.hstorekv.ValueCodec;
import io.hstorekv.json.JsonCodec;
import io.hstorekv.spring.boot.HstoreKvProperties.CacheSpec;
import io.hstorekv.spring.cache.CacheSettings;
import io.hstorekv.spring.cache.HstoreKvCacheManager;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * An {@link HstoreKv} on the application's {@code DataSource} (its migrations applied to its own
 * schema, with their own Flyway history), and with it, where the application has the pieces: a
 * Spring {@link CacheManager} (with {@code @EnableCaching}), cache meters for Boot's cache
 * metrics, and a health indicator. Each backs off when the application defines its own bean.
 *
 * <p>The store takes its own connections from the pool: its writes are not part of a Spring
 * transaction running on the same thread (as with a Redis cache). An application that wants cache
 * writes to wait for its commit wraps the manager in Spring's {@code TransactionAwareCacheManagerProxy}.
 */
@AutoConfiguration(
        afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"},
        beforeName = {"org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration",
                "org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration"})
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(HstoreKvProperties.class)
public class HstoreKvAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public HstoreKv hstoreKv(DataSource dataSource, HstoreKvProperties properties) {
        HstoreKv.Builder builder = HstoreKv.builder()
                .dataSource(dataSource)
                .schema(properties.getSchema())
                .historyTable(properties.getHistoryTable())
                .migrate(properties.isMigrate())
                .sweepInterval(properties.getSweepInterval().isZero() ? null : properties.getSweepInterval());
        HstoreKvProperties.Cache cache = properties.getCache();
        cache.getCaches().forEach((name, spec) -> {
            Long size = setting(spec, cache.getDefaults(), CacheSpec::getNearCacheSize, 0L);
            if (size > 0) {
                builder.nearCache(settings(spec, cache.getDefaults()).namespaceFor(name), size);
            }
        });
        return builder.open();
    }

    /**
     * A cache's settings: its own where set, else the defaults', else {@link CacheSettings#DEFAULTS};
     * the namespace only its own (the defaults' would put every cache in one namespace).
     */
    static CacheSettings settings(CacheSpec spec, CacheSpec defaults) {
        CacheSettings base = CacheSettings.DEFAULTS;
        return new CacheSettings(spec == null ? null : spec.getNamespace(),
                setting(spec, defaults, CacheSpec::getTtl, base.ttl()),
                setting(spec, defaults, CacheSpec::getDurability, base.durability()),
                setting(spec, defaults, CacheSpec::getCacheNullValues, base.allowNullValues()),
                setting(spec, defaults, CacheSpec::getLoadTimeout, base.loadTimeout()));
    }

    private static <T> T setting(CacheSpec spec, CacheSpec defaults, Function<CacheSpec, T> property, T otherwise) {
        T own = spec == null ? null : property.apply(spec);
        if (own != null) {
            return own;
        }
        T inherited = defaults == null ? null : property.apply(defaults);
        return inherited != null ? inherited : otherwise;
    }

    /** The Spring cache manager, where the application enabled caching and has no manager of its own. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({CacheManager.class, JsonMapper.class})
    @ConditionalOnBean(CacheAspectSupport.class)
    @ConditionalOnProperty(prefix = "hstorekv.cache", name = "enabled", matchIfMissing = true)
    static class CacheManagerConfiguration {
        @Bean
        @ConditionalOnMissingBean(CacheManager.class)
        HstoreKvCacheManager cacheManager(HstoreKv kv, HstoreKvProperties properties, ObjectProvider<ValueCodec<Object>> codec) {
            HstoreKvProperties.Cache cache = properties.getCache();
            HstoreKvCacheManager.Builder builder = HstoreKvCacheManager.builder(kv, codec.getIfAvailable(JsonCodec::anyType))
                    .defaults(settings(null, cache.getDefaults()));
            cache.getCaches().forEach((name, spec) -> builder.cache(name, settings(spec, cache.getDefaults())));
            if (!cache.isDynamic()) {
                builder.fixedCaches();
            }
            return builder.build();
        }
    }

    /** Meters for our caches in Boot's cache metrics ({@code cache.gets}, {@code cache.puts}, ...). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, CacheMeterBinderProvider.class, CacheManager.class})
    static class CacheMetricsConfiguration {
        @Bean
        @ConditionalOnMissingBean
        HstoreKvCacheMeterBinderProvider hstoreKvCacheMeterBinderProvider() {
            return new HstoreKvCacheMeterBinderProvider();
        }
    }

    /** {@code /actuator/health}'s {@code hstoreKv} component. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthConfiguration {
        @Bean
        @ConditionalOnMissingBean(name = "hstoreKvHealthIndicator")
        HstoreKvHealthIndicator hstoreKvHealthIndicator(HstoreKv kv) {
            return new HstoreKvHealthIndicator(kv);
        }
    }
}
