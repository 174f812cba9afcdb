package io.hstorekv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.RespClient.Err;
import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.TestServer;
import io.hstorekv.testing.TestSql;
import java.io.ByteArrayOutputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pipelined plain GETs and SETs run as one statement per run of the same kind; every command still
 * gets the reply it would get alone, in order: the same pipeline sent in one write and sent command
 * by command must answer alike.
 */
class PipelineBatchTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<Object[]> pipeline(String prefix) {
        List<Object[]> commands = new ArrayList<>();
        commands.add(new Object[] {"HSET", prefix + "h", "f", "v"});
        for (int i = 0; i < 40; i++) {
            commands.add(new Object[] {"SET", prefix + "k" + (i % 7), "v" + i});
        }
        commands.add(new Object[] {"SET", new byte[] {'x', (byte) 0xFF}, "invalid key"});
        commands.add(new Object[] {"SET", prefix + "k1", "after the invalid one"});
        for (int i = 0; i < 10; i++) {
            commands.add(new Object[] {"GET", prefix + "k" + i});
            commands.add(new Object[] {"GET", prefix + "h"});
        }
        commands.add(new Object[] {"GET", new byte[] {'x', (byte) 0xFF}});
        commands.add(new Object[] {"GET", prefix + "k1"});
        commands.add(new Object[] {"SET", prefix + "k1", "x", "EX", "100"});
        commands.add(new Object[] {"GET", prefix + "k1"});
        commands.add(new Object[] {"GET", prefix + "k1", "extra"});
        return commands;
    }

    @Test
    void batchedRepliesEqualOneByOneReplies() {
        List<Object> oneByOne = new ArrayList<>();
        try (RespClient c = server.client()) {
            for (Object[] command : pipeline("a:")) {
                oneByOne.add(c.call(command));
            }
        }
        List<Object> batched = new ArrayList<>();
        try (RespClient c = server.client()) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            List<Object[]> commands = pipeline("b:");
            commands.forEach(cmd -> all.writeBytes(RespClient.encode(cmd)));
            c.sendRaw(all.toByteArray());
            for (int i = 0; i < commands.size(); i++) {
                batched.add(c.read());
            }
        }
        assertThat(batched).isEqualTo(oneByOne);
        assertThat(oneByOne).contains(new Err("WRONGTYPE Operation against a key holding the wrong kind of value"));
        assertThat(oneByOne.get(oneByOne.size() - 2)).isEqualTo("x");
        try (RespClient c = server.client()) {
            assertThat(c.call("GET", "b:k1")).isEqualTo("x");
            assertThat(c.call("GET", "b:k5")).isEqualTo("v33"); // the last of i = 5, 12, ..., 33
        }
    }

    /**
     * The database fails for real (the namespace's partition is renamed away, so every statement on it
     * fails): a pipelined run of plain SETs and GETs gets one error reply per command, the same replies
     * as the commands sent one by one, and the connection stays open.
     */
    @Test
    void aFailingDatabaseAnswersEachPipelinedCommand() throws SQLException {
        String prefix = "pbf_";
        String partition = "hstorekv.ns_" + prefix + "db0";
        try (TestServer failing = TestServer.start(config -> config.namespacePrefix(prefix));
             RespClient c = failing.client()) {
            assertThat(c.call("SET", "k", "before")).isEqualTo("OK");
            TestSql.execute("ALTER TABLE " + partition + " RENAME TO ns_" + prefix + "db0_away");
            try {
                List<Object[]> commands = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    commands.add(new Object[] {"SET", "k" + i, "v" + i});
                }
                for (int i = 0; i < 8; i++) {
                    commands.add(new Object[] {"GET", "k" + i});
                }
                List<Object> oneByOne = new ArrayList<>();
                for (Object[] command : commands) {
                    oneByOne.add(withoutErrorId(c.call(command)));
                }
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                commands.forEach(cmd -> all.writeBytes(RespClient.encode(cmd)));
                c.sendRaw(all.toByteArray());
                List<Object> batched = new ArrayList<>();
                for (int i = 0; i < commands.size(); i++) {
                    batched.add(withoutErrorId(c.read()));
                }
                assertThat(oneByOne).allSatisfy(reply -> assertThat(reply).isEqualTo(new Err("ERR internal error (id …)")));
                assertThat(batched).isEqualTo(oneByOne);
                assertThat(c.call("PING")).isEqualTo("PONG");
            } finally {
                TestSql.execute("ALTER TABLE hstorekv.ns_" + prefix + "db0_away RENAME TO ns_" + prefix + "db0");
            }
            assertThat(c.call("GET", "k")).isEqualTo("before");
        }
    }

    /** An internal error's reply without its id, which differs per failure. */
    private static Object withoutErrorId(Object reply) {
        return reply instanceof Err err ? new Err(err.message().replaceAll("\\(id [0-9a-f]+\\)", "(id …)")) : reply;
    }
}
