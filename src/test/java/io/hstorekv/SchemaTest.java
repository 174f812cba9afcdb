package io.hstorekv;

import static io.hstorekv.testing.TestSql.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hstorekv.internal.store.Database;
import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.StoreTestBase;
import io.hstorekv.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** What a person sees in SQL, and how the store lives beside the application's own schema. */
class SchemaTest extends StoreTestBase {

    @Test
    void durabilityIsChosenAtCreationAndVisibleInSql() throws Exception {
        String durable = StoreFixture.uniqueName("d");
        String async = StoreFixture.uniqueName("a");
        String volatileNs = StoreFixture.uniqueName("v");
        kv.namespace(durable);
        kv.namespace(async, Durability.ASYNC).set("k", "v");
        kv.namespace(volatileNs, Durability.VOLATILE).set("k", "v");
        assertThat(query("SELECT durability FROM " + schema + ".namespaces WHERE name = '" + async + "'")).isEqualTo("ASYNC");
        assertThat(query("SELECT relpersistence FROM pg_class WHERE oid = '" + schema + ".ns_" + volatileNs + "'::regclass"))
                .isEqualTo("u");
        assertThat(query("SELECT relpersistence FROM pg_class WHERE oid = '" + schema + ".ns_" + durable + "'::regclass"))
                .isEqualTo("p");
        assertThat(kv.namespace(async).durability()).isEqualTo(Durability.ASYNC);
        assertThat(kv.namespace(async).get("k")).isEqualTo("v");
        assertThatThrownBy(() -> kv.namespace(async, Durability.DURABLE)).isInstanceOf(IllegalStateException.class);
        try (HstoreKv other = StoreFixture.open(schema, clock)) {
            assertThat(other.namespace(volatileNs).durability()).isEqualTo(Durability.VOLATILE);
            assertThat(other.namespace(volatileNs).get("k")).isEqualTo("v");
        }
    }

    @Test
    void ourFlywayHistoryIsApartFromTheApplications() throws Exception {
        String migrations = String.valueOf(migrationFiles());
        assertThat(query("SELECT count(*) FROM " + schema + ".hstorekv_schema_history WHERE success AND version IS NOT NULL"))
                .isEqualTo(migrations);
        assertThat(query("SELECT to_regclass('public.flyway_schema_history') IS NULL")).isEqualTo("t");
        // A second open finds the schema current and changes nothing.
        try (HstoreKv again = StoreFixture.open(schema, clock)) {
            assertThat(query("SELECT count(*) FROM " + schema + ".hstorekv_schema_history WHERE version IS NOT NULL"))
                    .isEqualTo(migrations);
        }
    }

    @Test
    void hstoreIsOnTheSearchPathNotInOurSchema() throws Exception {
        assertThat(query("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                + "WHERE e.extname = 'hstore'")).isNotEqualTo(schema);
        ns.hashes().set("user:1", "plan", "pro");
        String table = schema + ".entries";
        assertThat(query("SELECT fields -> 'plan' FROM " + table + " WHERE ns = '" + ns.name() + "'")).isEqualTo("pro");
        assertThat(query("SELECT key FROM " + table + " WHERE fields @> 'plan=>pro' AND ns = '" + ns.name() + "'"))
                .isEqualTo("user:1");
        assertThat(query("SELECT string_agg(k || '=' || v, ',') FROM " + table + ", each(fields) AS p(k, v) "
                + "WHERE ns = '" + ns.name() + "'")).isEqualTo("plan=pro");
    }

    @Test
    void containmentQueriesCanUseTheGinIndex() throws Exception {
        ns.hashes().set("u", "plan", "pro");
        String query = "SELECT key FROM " + schema + ".ns_" + ns.name() + " WHERE type = 'hash' AND " + schema + ".contains(fields, 'plan=>pro')";
        assertThat(query(query)).isEqualTo("u");
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("SET enable_seqscan = off");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = st.executeQuery("EXPLAIN " + query)) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            // the pairs' digests from the GIN index (not a walk of the primary key), then @> on the hstore
            assertThat(plan.toString()).contains("Bitmap Index Scan").containsPattern("Index Cond: .*pair_digests\\(fields\\) @> ")
                    .containsPattern("Filter: .*fields @> ");
        }
    }

    @Test
    void overlongKeyNeverReachesTheBtree() {
        // 2048 bytes is the documented limit; 2049 is refused before any SQL runs.
        String longest = "é".repeat(1024);
        ns.set(longest, "ok");
        assertThat(ns.get(longest)).isEqualTo("ok");
        assertThatThrownBy(() -> ns.set(longest + "x", "no")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyCachedNamespacesPayForTheChangeLog() throws Exception {
        String countChanges = "SELECT count(*) FROM " + schema + ".changes WHERE ns = '" + ns.name() + "'";
        ns.set("k", "v");
        assertThat(query(countChanges)).as("no instance caches it: no change rows").isEqualTo("0");
        try (HstoreKv cached = HstoreKv.builder().dataSource(TestDatabase.dataSource()).schema(schema)
                .clock(clock).sweepInterval(null).nearCache(ns.name(), 100).open()) {
            cached.namespace(ns.name());
            ns.set("k", "w"); // written by the uncached instance: logged now, for the cached one
            assertThat(query(countChanges)).isEqualTo("1");
        }
    }

    @Test
    void upgradingFromTheFirstSchemaKeepsDataAndTheCachedNamespacesLog() throws Exception {
        String old = schemaUpTo("v1", "1");
        query("SELECT " + old + ".create_namespace('plain', 'DURABLE')");
        query("SELECT " + old + ".create_namespace('cached', 'VOLATILE')");
        query("SELECT 1 FROM " + old + ".enable_change_log('cached')");
        query("INSERT INTO " + old + ".entries (ns, key, type, value, version) VALUES ('plain', 'k', 'string', 'v', 1), "
                + "('cached', 'k', 'string', 'v', 2) RETURNING 1");
        try (HstoreKv upgraded = StoreFixture.open(old, clock)) {
            assertThat(upgraded.namespace("plain").get("k")).isEqualTo("v");
            assertThat(upgraded.namespace("cached").get("k")).isEqualTo("v");
            assertThat(query("SELECT string_agg(name || '=' || change_log, ',' ORDER BY name) FROM " + old + ".namespaces"))
                    .isEqualTo("cached=true,plain=false");
            // the partitions' own triggers (clones of the parent's, e.g. the sorted sets', are internal before PostgreSQL 15)
            assertThat(query("SELECT string_agg(DISTINCT tgname, ',') FROM pg_trigger WHERE NOT tgisinternal AND tgparentid = 0 AND tgrelid IN ('"
                    + old + ".ns_plain'::regclass, '" + old + ".ns_cached'::regclass)")).isEqualTo("changes_truncate");
            query("WITH d AS (DELETE FROM " + old + ".changes RETURNING 1) SELECT count(*) FROM d"); // the raw INSERT's
            upgraded.namespace("cached").set("k", "w");
            upgraded.namespace("plain").set("k", "w");
            assertThat(query("SELECT string_agg(ns || ':' || array_to_string(keys, ','), ';') FROM " + old + ".changes"))
                    .isEqualTo("cached:k");
        }
    }

    @Test
    void upgradingFromTheImportsSchemaReindexesHashesWithoutTheSizeLimit() throws Exception {
        String old = schemaUpTo("v3", "3");
        query("SELECT " + old + ".create_namespace('users', 'DURABLE')");
        query("INSERT INTO " + old + ".entries (ns, key, type, fields, version) VALUES ('users', 'u1', 'hash', 'plan=>pro', 1), "
                + "('users', 'u2', 'hash', 'plan=>free', 2), ('users', 'roles', 'set', 'admin=>NULL', 3) RETURNING 1");
        String indexes = "SELECT string_agg(indexdef, ' | ' ORDER BY indexname) FROM pg_indexes WHERE schemaname = '" + old
                + "' AND tablename = 'ns_users' AND indexdef LIKE '%gin%'";
        assertThat(query(indexes)).contains("gin (fields)");
        try (HstoreKv upgraded = StoreFixture.open(old, clock)) {
            assertThat(query(indexes)).isEqualTo("CREATE INDEX ns_users_pair_digests_idx ON " + old + ".ns_users USING gin ("
                    + old + ".pair_digests(fields)) WHERE (type = 'hash'::text)");
            Namespace users = upgraded.namespace("users");
            assertThat(users.hashes().findContaining(Map.of("plan", "pro"), 10)).containsExactly("u1");
            String large = query("SELECT string_agg(md5(g::text), '') FROM generate_series(1, 96) g"); // 3 KiB, incompressible
            users.hashes().set("u2", "bio", large);
            assertThat(users.hashes().findContaining(Map.of("bio", large), 10)).containsExactly("u2");
            assertThat(users.sets().members("roles")).containsExactly("admin");
        }
    }

    /** A new schema with our migrations applied up to this version only: a store that an older release created. */
    private static String schemaUpTo(String prefix, String version) {
        String old = StoreFixture.uniqueName(prefix);
        Flyway.configure().dataSource(TestDatabase.dataSource()).locations(Database.MIGRATIONS)
                .schemas(old).createSchemas(true).table("hstorekv_schema_history")
                .placeholders(Map.of("schema", old, "hstore_schema", "public"))
                .target(version).load().migrate();
        return old;
    }

    /** The versioned migrations in db/migration: every one is applied once. */
    private static long migrationFiles() throws IOException {
        try (var files = Files.list(Path.of("db/migration"))) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+(_\\d+)*__.*\\.sql")).count();
        }
    }
}
