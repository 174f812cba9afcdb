package io.hstorekv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.ConsistencyChecks;
import io.hstorekv.testing.ConsistencyChecks.Budget;
import io.hstorekv.testing.ConsistencyChecks.Outcome;
import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.TestServer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #15: MULTI/EXEC and WATCH keep Redis's atomicity with two servers on one database, with
 * and without near caches; every reply of every client is checked ({@link ConsistencyChecks}).
 */
@Timeout(300)
class TransactionConsistencyTest {
    private static final int ACCOUNTS = 10;
    private static final long BALANCE = 100;
    private static final int CLIENTS = 4;

    private TestServer first;
    private TestServer second;

    /** Two servers on the same namespaces, each with a near cache on db0 when {@code cached}. */
    private void startServers(boolean cached) {
        String prefix = String.format("tc%08x_", ThreadLocalRandom.current().nextInt() & 0x7fffffff);
        first = start(prefix, cached);
        second = start(prefix, cached);
    }

    private static TestServer start(String prefix, boolean cached) {
        return TestServer.start(config -> config.namespacePrefix(prefix),
                (builder, config) -> cached ? builder.nearCache(config.namespaceName(0), 10_000) : builder);
    }

    @AfterEach
    void stop() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    /** Clients alternate between the two servers. */
    private IntFunction<RespClient> bothServers() {
        return i -> (i % 2 == 0 ? first : second).client();
    }

    private ConsistencyChecks accounts() {
        try (RespClient c = first.client()) {
            return ConsistencyChecks.accounts(c, "acct", ACCOUNTS, BALANCE);
        }
    }

    private long total(ConsistencyChecks checks, TestServer server) {
        try (RespClient c = server.client()) {
            return checks.total(c);
        }
    }

    /** Failures 1 and 3: no EXEC half-commits on a deadlock, and none succeeds after a stale read of a watched key. */
    @ParameterizedTest(name = "cache {0}")
    @ValueSource(booleans = {false, true})
    void watchedTransfersAcrossServersAreAllOrNothing(boolean cached) {
        startServers(cached);
        ConsistencyChecks checks = accounts();

        Outcome outcome = checks.watchedTransfers(bothServers(), CLIENTS, Budget.operations(15));

        assertThat(outcome.anomalies()).isEmpty();
        assertThat(outcome.committed()).isEqualTo(CLIENTS * 15);
        assertThat(total(checks, first)).isEqualTo(checks.expectedTotal());
        assertThat(total(checks, second)).isEqualTo(checks.expectedTotal());
    }

    /** Failure 1 without WATCH: every EXEC applies both commands, never one. */
    @ParameterizedTest(name = "cache {0}")
    @ValueSource(booleans = {false, true})
    void multiTransfersAcrossServersAreAllOrNothing(boolean cached) {
        startServers(cached);
        ConsistencyChecks checks = accounts();

        Outcome outcome = checks.multiTransfers(bothServers(), CLIENTS, Budget.operations(20));

        assertThat(outcome.anomalies()).isEmpty();
        assertThat(outcome.committed()).isEqualTo(CLIENTS * 20);
        assertThat(total(checks, first)).isEqualTo(checks.expectedTotal());
    }

    /** Failure 2: WATCH-based increments from both servers reach the exact count, with no error replies. */
    @ParameterizedTest(name = "cache {0}")
    @ValueSource(booleans = {false, true})
    void watchedIncrementsAcrossServersReachTheExactCount(boolean cached) {
        startServers(cached);

        Outcome outcome = ConsistencyChecks.casIncrements(bothServers(), CLIENTS, "counter", Budget.operations(10));

        assertThat(outcome.anomalies()).isEmpty();
        try (RespClient c = second.client()) {
            assertThat(ConsistencyChecks.counter(c, "counter")).isEqualTo(CLIENTS * 10L).isEqualTo(outcome.committed());
        }
    }

    /** Failure 4: on one server with its near cache, every MGET of the accounts sums to the total. */
    @ParameterizedTest(name = "cache {0}")
    @ValueSource(booleans = {false, true})
    void mgetIsASnapshotOnOneServer(boolean cached) {
        startServers(cached);
        ConsistencyChecks checks = accounts();

        Outcome outcome;
        try (RespClient reader = first.client()) {
            outcome = checks.snapshotReads(i -> first.client(), CLIENTS, Budget.operations(40), reader);
        }

        assertThat(outcome.anomalies()).isEmpty();
        assertThat(outcome.reads()).isPositive();
        assertThat(total(checks, first)).isEqualTo(checks.expectedTotal());
    }
}
