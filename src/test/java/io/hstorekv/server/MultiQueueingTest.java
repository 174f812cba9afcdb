package io.hstorekv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.server.command.Session;
import io.hstorekv.server.command.TransactionRunner;
import io.hstorekv.server.command.Transactions;
import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.Reply;
import io.hstorekv.testing.RespClient.Err;
import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dispatcher's part of MULTI/EXEC: queueing, its errors, and the TransactionRunner hook. */
class MultiQueueingTest {
    private static TestServer server;
    private static final List<String> calls = new ArrayList<>();

    /** Records what the dispatcher asks of it; then lets the server's own runner do it. */
    static final class RecordingRunner implements TransactionRunner {
        private final Transactions real = new Transactions();

        @Override
        public synchronized void exec(Session connection, List<Args> queued, Reply reply, Invoker invoker) {
            calls.add(connection.id() + " exec " + queued.size());
            real.exec(connection, queued, reply, invoker);
        }

        @Override
        public synchronized void watch(Session connection, List<String> keys) {
            calls.add(connection.id() + " watch " + keys);
            real.watch(connection, keys);
        }

        @Override
        public synchronized void unwatch(Session connection) {
            calls.add(connection.id() + " unwatch");
            real.unwatch(connection);
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.start(config -> config.databases(2).extraCommands(t -> t.transactions(new RecordingRunner())));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void queuedCommandsRunAtExec() {
        try (RespClient c = server.client()) {
            synchronized (RecordingRunner.class) {
                calls.clear();
            }
            assertThat(c.call("WATCH", "a", "b")).isEqualTo("OK");
            assertThat(c.call("MULTI")).isEqualTo("OK");
            assertThat(c.call("ECHO", "one")).isEqualTo("QUEUED");
            assertThat(c.lastType()).isEqualTo('+');
            assertThat(c.call("PING")).isEqualTo("QUEUED");
            assertThat(c.call("SELECT", "9")).isEqualTo("QUEUED"); // fails at EXEC, not at queueing
            assertThat(c.call("EXEC")).isEqualTo(List.of("one", "PONG", new Err("ERR DB index is out of range")));
            // Only this connection's calls: an earlier test's connection may still be closing (unwatch).
            long id = (Long) c.call("CLIENT", "ID");
            synchronized (RecordingRunner.class) {
                assertThat(calls.stream().filter(call -> call.startsWith(id + " ")).map(call -> call.substring(call.indexOf(' ') + 1)))
                        .containsExactly("watch [a, b]", "exec 3", "unwatch");
            }
        }
    }

    @Test
    void errorsWhileQueueingAbortExec() {
        try (RespClient c = server.client()) {
            c.call("MULTI");
            assertThat(c.call("ECHO", "x")).isEqualTo("QUEUED");
            assertThat(c.call("nosuch", "arg")).isEqualTo(
                    new Err("ERR unknown command 'nosuch', with args beginning with: 'arg' "));
            assertThat(c.call("PING")).isEqualTo("QUEUED");
            assertThat(c.call("EXEC")).isEqualTo(new Err("EXECABORT Transaction discarded because of previous errors."));
            assertThat(c.call("EXEC")).isEqualTo(new Err("ERR EXEC without MULTI"));

            c.call("MULTI");
            assertThat(c.call("GET")).isEqualTo(new Err("ERR wrong number of arguments for 'get' command"));
            assertThat(c.call("EXEC")).isEqualTo(new Err("EXECABORT Transaction discarded because of previous errors."));
        }
    }

    @Test
    void controlCommandErrors() {
        try (RespClient c = server.client()) {
            assertThat(c.call("EXEC")).isEqualTo(new Err("ERR EXEC without MULTI"));
            assertThat(c.call("DISCARD")).isEqualTo(new Err("ERR DISCARD without MULTI"));
            assertThat(c.call("MULTI")).isEqualTo("OK");
            assertThat(c.call("MULTI")).isEqualTo(new Err("ERR MULTI calls can not be nested"));
            assertThat(c.call("WATCH", "k")).isEqualTo(new Err("ERR WATCH inside MULTI is not allowed"));
            // neither error flags the transaction (as Redis)
            assertThat(c.call("ECHO", "still")).isEqualTo("QUEUED");
            assertThat(c.call("EXEC")).isEqualTo(List.of("still"));

            c.call("MULTI");
            c.call("ECHO", "dropped");
            assertThat(c.call("DISCARD")).isEqualTo("OK");
            assertThat(c.call("EXEC")).isEqualTo(new Err("ERR EXEC without MULTI"));

            c.call("MULTI");
            assertThat(c.call("EXEC")).isEqualTo(List.of());
        }
    }

    @Test
    void defaultRunnerRunsTheQueueInOrder() {
        try (TestServer plain = TestServer.start(config -> config.databases(1));
             RespClient c = plain.client()) {
            c.call("MULTI");
            c.call("SET", "k", "1");
            c.call("GET", "k");
            c.call("ECHO", "e");
            assertThat(c.call("EXEC")).isEqualTo(List.of("OK", "1", "e"));
        }
    }

    @Test
    void quitInsideMultiIsNotQueued() {
        try (RespClient c = server.client()) {
            c.call("MULTI");
            assertThat(c.call("QUIT")).isEqualTo("OK");
            assertThat(c.closedByServer()).isTrue();
        }
    }
}
