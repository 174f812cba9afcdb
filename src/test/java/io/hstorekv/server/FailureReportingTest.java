package io.hstorekv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.RespClient.Err;
import io.hstorekv.testing.TestServer;
import io.hstorekv.testing.TestSql;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A database that keeps failing (the namespace's partition renamed away) fails every command: the
 * client gets a short stable text with an id and nothing of the internals, and the log (slf4j-simple
 * writes to the current System.err, captured here) gets one line for that kind of failure, with one
 * stack trace, not one per command.
 */
class FailureReportingTest {
    private static final int COMMANDS = 40;

    @Test
    void repeatedFailuresReachClientsShortAndTheLogOnce() throws SQLException {
        String prefix = "frt_";
        List<Object> replies = new ArrayList<>();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (TestServer server = TestServer.start(config -> config.namespacePrefix(prefix));
             RespClient c = server.client()) {
            assertThat(c.call("SET", "k", "v")).isEqualTo("OK");
            TestSql.execute("ALTER TABLE hstorekv.ns_" + prefix + "db0 RENAME TO ns_" + prefix + "db0_away");
            PrintStream stderr = System.err;
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                for (int i = 0; i < COMMANDS; i++) {
                    replies.add(c.call("GET", "k"));
                }
            } finally {
                System.setErr(stderr);
                TestSql.execute("ALTER TABLE hstorekv.ns_" + prefix + "db0_away RENAME TO ns_" + prefix + "db0");
            }
            assertThat(c.call("GET", "k")).isEqualTo("v");
        }
        assertThat(replies).allSatisfy(reply ->
                assertThat(((Err) reply).message()).matches("ERR internal error \\(id [0-9a-f]{8}\\)"));
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        long failureLines = lines.stream().filter(line -> line.contains("command get failed")).count();
        long stackTraces = lines.stream().filter(line -> line.startsWith("io.hstorekv.HstoreKvException")).count();
        assertThat(failureLines).as("log lines for %d failures of one kind:%n%s", COMMANDS, String.join("\n", lines))
                .isBetween(0L, 1L);
        assertThat(stackTraces).isBetween(0L, 1L);
    }
}
