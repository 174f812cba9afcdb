package io.hstorekv.internal.store;

import java.sql.SQLException;
import java.time.Duration;

/** Settings of the background maintenance transactions (expiry sweeps, evictions). */
final class Maintenance {
    private Maintenance() {}

    /**
     * Bounds the transaction's statements to {@code budget}, and lets it commit without waiting for
     * the disk: a maintenance delete lost in a crash is simply done again.
     */
    static void limit(Statements.Session s, Duration budget) throws SQLException {
        s.query("SELECT set_config('statement_timeout', :timeout, true), set_config('synchronous_commit', 'off', true)",
                b -> b.text("timeout", budget.toMillis() + "ms"), rs -> null);
    }
}
