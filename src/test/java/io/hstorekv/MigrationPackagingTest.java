package io.hstorekv;

import static io.hstorekv.testing.TestSql.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.MutableClock;
import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.TestDatabase;
import java.time.Instant;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Our migrations ship under a classpath location of our own, so that an application's Flyway (which
 * scans {@code classpath:db/migration} by default) never takes them for its own; installations made
 * when they shipped there upgrade with their history unchanged.
 */
class MigrationPackagingTest {
    /** The checksums Flyway recorded for our released migrations: an upgrade must find them the same. */
    private static final Map<String, String> RELEASED_CHECKSUMS = Map.of(
            "1", "603816014", "2", "-1382044559", "3", "-1143703609",
            "4", "862920105", "5", "-940194685", "6", "1078064352");

    @Test
    void ourMigrationsAreNotWhereApplicationsKeepTheirs() {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(loader.getResource("db/migration/V1__core_schema.sql")).isNull();
        assertThat(loader.getResource("io/hstorekv/db/migration/V1__core_schema.sql")).isNotNull();
    }

    @Test
    void anInstallationMadeFromTheOldLocationUpgradesWithItsHistoryUnchanged() throws Exception {
        String schema = StoreFixture.uniqueName("oldlocation");
        // What an earlier release did: the same files (the repository's db/migration), then at classpath:db/migration.
        Flyway.configure().dataSource(TestDatabase.dataSource()).locations("filesystem:db/migration")
                .schemas(schema).createSchemas(true).table("hstorekv_schema_history")
                .placeholders(Map.of("schema", schema, "hstore_schema", "public"))
                .target("5").load().migrate();
        String history = schema + ".hstorekv_schema_history";
        for (var released : RELEASED_CHECKSUMS.entrySet()) {
            if (Integer.parseInt(released.getKey()) <= 5) {
                assertThat(query("SELECT checksum FROM " + history + " WHERE version = '" + released.getKey() + "'"))
                        .as("V" + released.getKey()).isEqualTo(released.getValue());
            }
        }
        try (HstoreKv upgraded = StoreFixture.open(schema, new MutableClock(Instant.parse("2026-01-01T00:00:00Z")))) {
            upgraded.namespace("after_upgrade").set("k", "v");
            assertThat(upgraded.namespace("after_upgrade").get("k")).isEqualTo("v");
        }
        for (var released : RELEASED_CHECKSUMS.entrySet()) {
            assertThat(query("SELECT checksum || ' ' || script FROM " + history + " WHERE version = '" + released.getKey() + "'"))
                    .as("V" + released.getKey()).startsWith(released.getValue() + " V" + released.getKey() + "__");
        }
        assertThat(query("SELECT count(*) FROM " + history + " WHERE NOT success")).isEqualTo("0");
    }
}
