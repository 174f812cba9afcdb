package io.hstorekv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.RespClient.Err;
import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.TestServer;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** SCAN cursors: a page can be asked for again, and a cursor belongs to its server and database. */
class ScanCursorTest {
    private static final Err INVALID = new Err("ERR invalid cursor");

    @Test
    void aPageRequestedTwiceGivesTheSameAnswer() {
        try (TestServer server = TestServer.start(); RespClient c = server.client(); RespClient other = server.client()) {
            fill(c);
            String cursor = cursor(c.call("SCAN", "0", "COUNT", "10"));
            Object page = c.call("SCAN", cursor, "COUNT", "10");
            assertThat(c.call("SCAN", cursor, "COUNT", "10")).isEqualTo(page);
            // a client that timed out retries on a new connection
            assertThat(other.call("SCAN", cursor, "COUNT", "10")).isEqualTo(page);
        }
    }

    @Test
    void serversAndDatabasesDoNotShareCursors() {
        try (TestServer one = TestServer.start(); TestServer two = TestServer.start();
             RespClient a = one.client(); RespClient b = two.client()) {
            fill(a);
            fill(b);
            String cursor = cursor(a.call("SCAN", "0", "COUNT", "10"));
            assertThat(b.call("SCAN", cursor, "COUNT", "10")).isEqualTo(INVALID);
            a.call("SELECT", "1");
            fill(a);
            assertThat(a.call("SCAN", cursor, "COUNT", "10")).isEqualTo(INVALID);
        }
    }

    private static void fill(RespClient c) {
        assertThat(c.call(Stream.concat(Stream.of("MSET"), IntStream.range(0, 30).boxed()
                .flatMap(i -> Stream.of("key:" + i, "v" + i))).toArray())).isEqualTo("OK");
    }

    private static String cursor(Object scanReply) {
        String cursor = (String) ((List<?>) scanReply).get(0);
        assertThat(cursor).isNotEqualTo("0");
        return cursor;
    }
}
