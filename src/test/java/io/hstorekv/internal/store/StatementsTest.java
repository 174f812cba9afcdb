package io.hstorekv.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hstorekv.internal.store.Connections.Isolation;
import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.TestDatabase;
import java.time.Clock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store's one way of running SQL, on the test database. */
class StatementsTest {
    static Statements statements;
    static String schema;
    static String table;

    @BeforeAll
    static void open() {
        Failure.Failures failures = (failure, message, cause) -> new IllegalStateException(failure + ": " + message, cause);
        schema = Database.open(TestDatabase.dataSource(), failures, StoreFixture.uniqueName("statements"),
                "hstorekv_schema_history", "public", true).schema();
        statements = new Statements(new Connections(TestDatabase.dataSource(),
                new SqlErrors(failures, new Availability(TestDatabase.dataSource(), failures, Clock.systemUTC())), 1));
        table = Identifiers.quote(schema) + ".t";
        statements.onPooledConnection(s -> s.updateInlined("CREATE TABLE " + table + " (k text PRIMARY KEY)"));
    }

    private static long rows(String key) {
        return statements.onPooledConnection(s -> s.query("SELECT count(*) FROM " + table + " WHERE k = :k",
                b -> b.text("k", key), Statements.firstRow(rs -> rs.getLong(1))));
    }

    @Test
    void anOwnTransactionCommitsWholeOrNotAtAll() {
        statements.inOwnTransaction(Isolation.DEFAULT, s -> s.update("INSERT INTO " + table + " VALUES (:k)", b -> b.text("k", "kept")));
        assertThatThrownBy(() -> statements.inOwnTransaction(Isolation.DEFAULT, s -> {
            s.update("INSERT INTO " + table + " VALUES (:k)", b -> b.text("k", "undone"));
            return s.update("INSERT INTO " + table + " VALUES (:k)", b -> b.text("k", "kept"));
        })).hasMessageContaining("SQLSTATE " + SqlState.UNIQUE_VIOLATION.code);
        assertThat(rows("kept")).isEqualTo(1);
        assertThat(rows("undone")).isZero();
    }

    @Test
    void aRepeatableReadTransactionSeesOneSnapshot() {
        String level = statements.inOwnTransaction(Isolation.REPEATABLE_READ,
                s -> s.queryInlined("SHOW transaction_isolation", Statements.firstRow(rs -> rs.getString(1))));
        assertThat(level).isEqualTo("repeatable read");
    }

    @Test
    void inlinedStatementsTakeNothingForAParameter() {
        String text = statements.onPooledConnection(s -> s.queryInlined("SELECT ':k ? $1' -- it's\n",
                Statements.firstRow(rs -> rs.getString(1))));
        assertThat(text).isEqualTo(":k ? $1");
    }

    @Test
    void ourStatesBecomeTheirFailures() {
        assertThatThrownBy(() -> statements.onPooledConnection(s -> s.query(
                "SELECT " + SqlState.INVALID_ARGUMENT.raise(Identifiers.quote(schema), "'no good: ' || :what", "NULL::text"),
                b -> b.text("what", "this"), rs -> null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no good: this");
    }
}
