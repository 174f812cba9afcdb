package io.hstorekv.spring.boot;

import io.hstorekv.Durability;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code hstorekv.*} properties. */
@ConfigurationProperties("hstorekv")
public class HstoreKvProperties {
    /** The schema of the store's tables (created by the migrations). */
    private String schema = "hstorekv";
    /** Whether to apply the store's migrations on start (its own Flyway history, apart from the application's). */
    private boolean migrate = true;
    /** The store's Flyway history table, in its schema. */
    private String historyTable = "hstorekv_schema_history";
    /** How often expired keys are swept; 0 turns the sweeper off (expired keys are never read either way). */
    private Duration sweepInterval = Duration.ofSeconds(1);
    private final Cache cache = new Cache();

    public String getSchema() {
        return schema;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    public boolean isMigrate() {
        return migrate;
    }

    public void setMigrate(boolean migrate) {
        this.migrate = migrate;
    }

    public String getHistoryTable() {
        return historyTable;
    }

    public void setHistoryTable(String historyTable) {
        this.historyTable = historyTable;
    }

    public Duration getSweepInterval() {
        return sweepInterval;
    }

    public void setSweepInterval(Duration sweepInterval) {
        this.sweepInterval = sweepInterval;
    }

    public Cache getCache() {
        return cache;
    }

    /** {@code hstorekv.cache.*}: the Spring cache manager, its defaults and its named caches. */
    public static class Cache {
        /** Whether to provide the Spring cache manager (with @EnableCaching and no CacheManager of the application's). */
        private boolean enabled = true;
        /** Whether caches not listed under caches are made on first use (with the defaults below). */
        private boolean dynamic = true;
        private final CacheSpec defaults = new CacheSpec();
        /** Caches by name, each with settings of its own (unset ones taken from the defaults). */
        private final Map<String, CacheSpec> caches = new LinkedHashMap<>();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isDynamic() {
            return dynamic;
        }

        public void setDynamic(boolean dynamic) {
            this.dynamic = dynamic;
        }

        public CacheSpec getDefaults() {
            return defaults;
        }

        public Map<String, CacheSpec> getCaches() {
            return caches;
        }
    }

    /** One cache's settings ({@code hstorekv.cache.caches.<name>.*}, or {@code hstorekv.cache.defaults.*}). */
    public static class CacheSpec {
        /** The namespace behind the cache; default the cache's name (a cache's own setting only). */
        private String namespace;
        /** How long entries live; unset: until evicted. */
        private Duration ttl;
        /** The namespace's durability when the cache creates it: DURABLE, ASYNC or VOLATILE (default ASYNC). */
        private Durability durability;
        /** Entries kept in memory by the near cache of the cache's namespace; unset or 0: no near cache. */
        private Long nearCacheSize;
        /** Whether a null from a loader is cached (default true). */
        private Boolean cacheNullValues;
        /** How long a sync load waits for another instance's load of the same key before loading itself (default 10s). */
        private Duration loadTimeout;

        public String getNamespace() {
            return namespace;
        }

        public void setNamespace(String namespace) {
            this.namespace = namespace;
        }

        public Duration getTtl() {
            return ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }

        public Durability getDurability() {
            return durability;
        }

        public void setDurability(Durability durability) {
            this.durability = durability;
        }

        public Long getNearCacheSize() {
            return nearCacheSize;
        }

        public void setNearCacheSize(Long nearCacheSize) {
            this.nearCacheSize = nearCacheSize;
        }

        public Boolean getCacheNullValues() {
            return cacheNullValues;
        }

        public void setCacheNullValues(Boolean cacheNullValues) {
            this.cacheNullValues = cacheNullValues;
        }

        public Duration getLoadTimeout() {
            return loadTimeout;
        }

        public void setLoadTimeout(Duration loadTimeout) {
            this.loadTimeout = loadTimeout;
        }
    }
}
