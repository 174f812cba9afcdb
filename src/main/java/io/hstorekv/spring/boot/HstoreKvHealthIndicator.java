package io.hstorekv.spring.boot;

import io.hstorekv.HstoreKv;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * UP while the store's database answers: the store's own view ({@link HstoreKv#databaseAvailable()},
 * false from a connection failure until a probe succeeds) and a read of its schema now. Details:
 * the near caches' hit ratio.
 */
public class HstoreKvHealthIndicator extends AbstractHealthIndicator {
    /** A namespace name that is only looked up (never created): the read that proves the database answers. */
    private static final String PROBE = "hstorekv_health_probe";

    private final HstoreKv kv;

    public HstoreKvHealthIndicator(HstoreKv kv) {
        super("hstore-kv health check failed");
        this.kv = kv;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (!kv.databaseAvailable()) {
            builder.down().withDetail("database", "unavailable");
            return;
        }
        kv.existingNamespace(PROBE);
        builder.up().withDetail("database", "available").withDetail("nearCacheHitRatio", kv.nearCacheHitRatio());
    }
}
