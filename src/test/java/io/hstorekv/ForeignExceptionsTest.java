package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hstorekv.imports.ImportSpec;
import io.hstorekv.imports.OnConflict;
import io.hstorekv.testing.MutableClock;
import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Every failure that leaves the API is ours ({@link HstoreKvException} or a documented JDK type),
 * with the library's exception (JDBI, Flyway, HikariCP, the driver) attached as the cause.
 */
class ForeignExceptionsTest {

    @Test
    void aSchemaNeverMigratedFailsWithOurExceptionNotJdbis() {
        StoreFixture.open(StoreFixture.uniqueName("migrated"), new MutableClock()).close(); // installs hstore
        try (HstoreKv kv = HstoreKv.builder().dataSource(TestDatabase.dataSource())
                .schema(StoreFixture.uniqueName("empty")).migrate(false).sweepInterval(null).open()) {
            assertOurs(() -> kv.namespace("ns"));
            assertOurs(kv::sweepExpired);
            assertOurs(() -> kv.exportJsonl("ns", new StringWriter()));
            assertOurs(() -> kv.importJsonl("ns", new BufferedReader(new StringReader("")), OnConflict.FAIL));
            assertOurs(() -> kv.importTable(ImportSpec.table("pg_catalog.pg_class").keyColumns("relname")
                    .valueColumn("relkind").into("ns")));
        }
    }

    @Test
    void anUnreachableDatabaseFailsWithOurExceptionNotHikaris() {
        assertOurs(() -> HstoreKv.builder().jdbcUrl("jdbc:postgresql://127.0.0.1:1/none").credentials("u", "p")
                .sweepInterval(null).open().close());
    }

    @Test
    void aFailedMigrationFailsWithOurExceptionNotFlyways() throws SQLException {
        // our history table name taken by an unrelated table: Flyway cannot read it
        String schema = StoreFixture.uniqueName("taken");
        execute("CREATE SCHEMA " + schema + "; CREATE TABLE " + schema + ".hstorekv_schema_history (x int)");
        assertOurs(() -> StoreFixture.open(schema, new MutableClock()).close());
    }

    private static void assertOurs(ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOf(HstoreKvException.class)
                .satisfies(e -> assertThat(e.getClass().getPackageName()).isEqualTo("io.hstorekv"))
                .satisfies(e -> assertThat(e.getCause()).isNotNull());
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
