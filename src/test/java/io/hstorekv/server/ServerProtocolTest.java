package io.hstorekv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.HstoreKv;
import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.TestDatabase;
import io.hstorekv.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The wire: framing, pipelining, protocol errors, dispatch errors, connection limits. */
class ServerProtocolTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(config -> config.extraCommands(table ->
                table.keyless("testfail", -1, (c, a, r) -> {
                    r.array(2);
                    r.bulk("partial");
                    switch (a.count() > 1 ? a.string(1) : "") {
                        case "nan" -> throw new io.hstorekv.NotANumberException("value is not an integer or out of range");
                        case "type" -> throw new io.hstorekv.WrongTypeException();
                        case "arg" -> throw new IllegalArgumentException("bad argument");
                        case "nokey" -> throw new NoSuchElementException();
                        default -> throw new IllegalStateException("boom");
                    }
                })));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pingAndEcho() {
        try (RespClient c = server.client()) {
            assertThat(c.call("PING")).isEqualTo("PONG");
            assertThat(c.lastType()).isEqualTo('+');
            assertThat(c.call("ping", "hi there")).isEqualTo("hi there");
            assertThat(c.lastType()).isEqualTo('$');
            assertThat(c.call("PING", "a", "b")).isEqualTo(new RespClient.Err("ERR wrong number of arguments for 'ping' command"));
            assertThat(c.call("ECHO", "x\r\ny")).isEqualTo("x\r\ny");
            assertThat(c.call("ECHO")).isEqualTo(new RespClient.Err("ERR wrong number of arguments for 'echo' command"));
        }
    }

    @Test
    void binaryEcho() {
        byte[] payload = new byte[256];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        try (RespClient c = server.client().binary(true)) {
            assertThat((byte[]) c.call("ECHO", payload)).containsExactly(payload);
        }
    }

    @Test
    void unknownCommandAndArityTexts() {
        try (RespClient c = server.client()) {
            assertThat(c.call("foo", "a", "b")).isEqualTo(
                    new RespClient.Err("ERR unknown command 'foo', with args beginning with: 'a' 'b' "));
            assertThat(c.call("FOO")).isEqualTo(new RespClient.Err("ERR unknown command 'FOO', with args beginning with: "));
            String longArg = "x".repeat(300);
            Object reply = c.call("nope", longArg, "more");
            assertThat(reply).isEqualTo(new RespClient.Err(
                    "ERR unknown command 'nope', with args beginning with: '" + "x".repeat(128) + "' "));
            assertThat(c.call("GET")).isEqualTo(new RespClient.Err("ERR wrong number of arguments for 'get' command"));
            assertThat(c.call("get", "a", "b")).isEqualTo(new RespClient.Err("ERR wrong number of arguments for 'get' command"));
        }
    }

    @Test
    void exceptionsBecomeErrorRepliesWithoutPartialOutput() {
        try (RespClient c = server.client()) {
            assertThat(c.call("testfail", "nan")).isEqualTo(new RespClient.Err("ERR value is not an integer or out of range"));
            assertThat(c.call("testfail", "type")).isEqualTo(
                    new RespClient.Err("WRONGTYPE Operation against a key holding the wrong kind of value"));
            assertThat(c.call("testfail", "arg")).isEqualTo(new RespClient.Err("ERR bad argument"));
            assertThat(c.call("testfail", "nokey")).isEqualTo(new RespClient.Err("ERR no such key"));
            Object internal = c.call("testfail");
            assertThat(internal).isInstanceOf(RespClient.Err.class);
            assertThat(((RespClient.Err) internal).message()).matches("ERR internal error \\(id [0-9a-f]{8}\\)");
            assertThat(c.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void aDatabaseErrorRepliesWithoutItsSql() {
        try (HstoreKv broken = HstoreKv.builder().dataSource(TestDatabase.dataSource()).schema("hk_no_such_schema")
                .migrate(false).open();
             RedisServer noSchema = RedisServer.start(new ServerConfig().port(0), broken);
             RespClient c = new RespClient(noSchema.port())) {
            Object reply = c.call("GET", "k");
            assertThat(reply).isInstanceOf(RespClient.Err.class);
            assertThat(((RespClient.Err) reply).message()).matches("ERR internal error \\(id [0-9a-f]{8}\\)");
        }
    }

    @Test
    void inlineCommandsOverTheSocket() {
        try (RespClient c = server.client()) {
            c.sendRaw("PING\r\nECHO \"two words\"\nping\r\n");
            assertThat(c.read()).isEqualTo("PONG");
            assertThat(c.read()).isEqualTo("two words");
            assertThat(c.read()).isEqualTo("PONG");
        }
    }

    @Test
    void pipelinedRepliesInOrder() {
        try (RespClient c = server.client()) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int i = 0; i < 2000; i++) {
                all.writeBytes(RespClient.encode("ECHO", "m" + i));
            }
            c.sendRaw(all.toByteArray());
            for (int i = 0; i < 2000; i++) {
                assertThat(c.read()).isEqualTo("m" + i);
            }
        }
    }

    @Test
    void deepPipelinePausesReadingAndResumes() throws Exception {
        int n = 30_000;
        try (RespClient c = server.client()) {
            Thread writer = new Thread(() -> {
                ByteArrayOutputStream chunk = new ByteArrayOutputStream();
                for (int i = 0; i < n; i++) {
                    chunk.writeBytes(RespClient.encode("ECHO", Integer.toString(i)));
                    if (chunk.size() > 32 * 1024 || i == n - 1) {
                        c.sendRaw(chunk.toByteArray());
                        chunk.reset();
                    }
                }
            });
            writer.start();
            for (int i = 0; i < n; i++) {
                assertThat(c.read()).isEqualTo(Integer.toString(i));
            }
            writer.join();
            assertThat(c.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void frameSplitAcrossWrites() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            byte[] frame = RespClient.encode("ECHO", "split");
            for (byte b : frame) {
                out.write(b);
                out.flush();
                Thread.sleep(2);
            }
            byte[] expected = "$5\r\nsplit\r\n".getBytes(StandardCharsets.US_ASCII);
            assertThat(s.getInputStream().readNBytes(expected.length)).containsExactly(expected);
        }
    }

    @Test
    void protocolErrorRepliesThenClosesOnlyThatConnection() {
        try (RespClient bystander = server.client(); RespClient c = server.client()) {
            c.sendRaw("*1\r\n$4\r\nPING\r\n*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n");
            assertThat(c.read()).isEqualTo("PONG");
            assertThat(c.read()).isEqualTo(new RespClient.Err("ERR Protocol error: expected '$', got 'f'"));
            assertThat(c.closedByServer()).isTrue();
            assertThat(bystander.call("PING")).isEqualTo("PONG");
        }
        try (RespClient c = server.client()) {
            c.sendRaw("*20000000\r\n");
            assertThat(c.read()).isEqualTo(new RespClient.Err("ERR Protocol error: invalid multibulk length"));
            assertThat(c.closedByServer()).isTrue();
        }
        try (RespClient c = server.client()) {
            c.sendRaw("*1\r\n$2147483648\r\n");
            assertThat(c.read()).isEqualTo(new RespClient.Err("ERR Protocol error: invalid bulk length"));
            assertThat(c.closedByServer()).isTrue();
        }
        try (RespClient c = server.client()) {
            c.sendRaw("SET \"k v\r\n");
            assertThat(c.read()).isEqualTo(new RespClient.Err("ERR Protocol error: unbalanced quotes in request"));
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void emptyQueryAndNegativeMultibulkAreIgnored() {
        try (RespClient c = server.client()) {
            c.sendRaw("\r\n*-10\r\n");
            assertThat(c.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void clientThatDisconnectsMidCommandDoesNotHurtTheServer() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.getOutputStream().write("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100\r\nabc".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            }
        }
        // and one that leaves with replies unread
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int i = 0; i < 5000; i++) {
                all.writeBytes(RespClient.encode("ECHO", "x".repeat(100)));
            }
            s.getOutputStream().write(all.toByteArray());
        }
        try (RespClient c = server.client()) {
            assertThat(c.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void manyIdleConnectionsThenAllServed() {
        List<RespClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 500; i++) {
                clients.add(server.client());
            }
            for (int i = 0; i < clients.size(); i++) {
                clients.get(i).send("ECHO", "c" + i);
            }
            for (int i = 0; i < clients.size(); i++) {
                assertThat(clients.get(i).read()).isEqualTo("c" + i);
            }
        } finally {
            clients.forEach(RespClient::close);
        }
    }

    @Test
    void largeBulkRoundTrip() {
        String big = "y".repeat(3 * 1024 * 1024);
        try (RespClient c = server.client()) {
            assertThat(c.call("ECHO", big)).isEqualTo(big);
        }
    }

    @Test
    void maxClientsRefusesTheExtraConnection() throws Exception {
        try (TestServer small = TestServer.start(config -> config.maxClients(2));
             RespClient a = small.client(); RespClient b = small.client()) {
            assertThat(a.call("PING")).isEqualTo("PONG");
            assertThat(b.call("PING")).isEqualTo("PONG");
            try (RespClient extra = small.client()) {
                assertThat(extra.read()).isEqualTo(new RespClient.Err("ERR max number of clients reached"));
                assertThat(extra.closedByServer()).isTrue();
            }
            a.close();
            Thread.sleep(200); // the server notices the close
            try (RespClient again = small.client()) {
                assertThat(again.call("PING")).isEqualTo("PONG");
            }
            assertThat(small.server().stats().rejectedConnections()).isEqualTo(1);
        }
    }

    @Test
    void portInUseFailsClearly() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServer.start(config -> config.port(server.port())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot listen on 127.0.0.1:" + server.port());
        try (RespClient c = server.client()) {
            assertThat(c.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void closeLetsARunningCommandFinish() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        TestServer slow = TestServer.start(config -> config.extraCommands(t -> t.keyless("slow", 1, (c, a, r) -> {
            running.countDown();
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            r.simple("DONE");
        })));
        try (Socket s = new Socket("127.0.0.1", slow.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(RespClient.encode("slow"));
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            slow.close();
            InputStream in = s.getInputStream();
            assertThat(new String(in.readNBytes(7), StandardCharsets.US_ASCII)).isEqualTo("+DONE\r\n");
            assertThat(in.read()).isEqualTo(-1);
        }
        // no longer accepting
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Socket("127.0.0.1", slow.port()).close())
                .isInstanceOf(ConnectException.class);
    }
}
