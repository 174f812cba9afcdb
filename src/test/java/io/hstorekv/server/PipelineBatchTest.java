package io.hstorekv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.RespClient.Err;
import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.TestServer;
import java.io.ByteArrayOutputStream;
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
}
