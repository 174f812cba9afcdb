package io.hstorekv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Addresses for psql and JDBC: the embedded database's, and those translated from a --database-url. */
class PostgresAddressTest {
    @Test
    void theEmbeddedDatabase() {
        PostgresAddress embedded = PostgresAddress.embedded(44757);
        assertThat(embedded.psqlCommand()).isEqualTo("psql -h localhost -p 44757 -U postgres -d postgres");
        assertThat(embedded.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:44757/postgres?user=postgres");
    }

    @Test
    void aSingleHostJdbcUrlTranslatesToPsqlArguments() {
        assertThat(PostgresAddress.ofJdbcUrl("jdbc:postgresql://db.example:6543/app?ssl=true&user=app", null).orElseThrow()
                .psqlArguments()).containsExactly("-h", "db.example", "-p", "6543", "-U", "app", "-d", "app");
        assertThat(PostgresAddress.ofJdbcUrl("jdbc:postgresql://db/app", "me").orElseThrow().psqlArguments())
                .containsExactly("-h", "db", "-p", "5432", "-U", "me", "-d", "app");
        assertThat(PostgresAddress.ofJdbcUrl("jdbc:postgresql://db/app", null).orElseThrow().psqlArguments())
                .isEqualTo(List.of("-h", "db", "-p", "5432", "-d", "app"));
    }

    @Test
    void urlFormsPsqlHasNoEquivalentOf() {
        assertThat(PostgresAddress.ofJdbcUrl("jdbc:postgresql://a:5432,b:5432/app", null)).isEmpty();
        assertThat(PostgresAddress.ofJdbcUrl("jdbc:postgresql://[::1]:5432/app", null)).isEmpty();
        assertThat(PostgresAddress.ofJdbcUrl("jdbc:postgresql:app", null)).isEmpty();
        assertThat(PostgresAddress.ofJdbcUrl("jdbc:postgresql://db/", null)).isEmpty();
    }
}
