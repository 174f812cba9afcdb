package io.hstorekv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.RespClient.Err;
import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HELLO, AUTH, SELECT, QUIT, RESET, CLIENT. */
class ConnectionCommandsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(config -> config.databases(4));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void hello3SwitchesToResp3AndRepliesWithAMap() {
        try (RespClient c = server.client()) {
            long id = (Long) c.call("CLIENT", "ID");
            Object reply = c.call("HELLO", "3");
            assertThat(c.lastType()).isEqualTo('%');
            assertThat(reply).isEqualTo(Map.of("server", "redis", "version", RedisServer.REDIS_VERSION, "proto", 3L,
                    "id", id, "mode", "standalone", "role", "master", "modules", List.of()));
            assertThat(c.call("CLIENT", "GETNAME")).isNull();
            assertThat(c.lastType()).isEqualTo('_');
            Object back = c.call("HELLO", "2");
            assertThat(c.lastType()).isEqualTo('*');
            assertThat((List<Object>) back).hasSize(14).contains("proto", 2L);
            assertThat(c.call("CLIENT", "GETNAME")).isNull();
            assertThat(c.lastType()).isEqualTo('$');
        }
    }

    @Test
    void helloErrorsAndSetname() {
        try (RespClient c = server.client()) {
            assertThat(c.call("HELLO", "4")).isEqualTo(new Err("NOPROTO unsupported protocol version"));
            assertThat(c.call("HELLO", "x")).isEqualTo(new Err("ERR Protocol version is not an integer or out of range"));
            assertThat(c.call("HELLO", "3", "SETNAME")).isEqualTo(new Err("ERR Syntax error in HELLO option 'SETNAME'"));
            assertThat(c.call("HELLO", "3", "bogus")).isEqualTo(new Err("ERR Syntax error in HELLO option 'bogus'"));
            assertThat(c.call("HELLO", "3", "SETNAME", "bad name")).isEqualTo(
                    new Err("ERR Client names cannot contain spaces, newlines or special characters."));
            // nothing changed by the failed attempts
            assertThat(c.call("CLIENT", "GETNAME")).isNull();
            assertThat(c.lastType()).isEqualTo('$');
            Map<Object, Object> reply = (Map<Object, Object>) c.call("HELLO", "3", "SETNAME", "worker-1");
            assertThat(reply.get("proto")).isEqualTo(3L);
            assertThat(c.call("CLIENT", "GETNAME")).isEqualTo("worker-1");
            // HELLO without a version keeps the protocol
            Map<Object, Object> again = (Map<Object, Object>) c.call("HELLO");
            assertThat(again.get("proto")).isEqualTo(3L);
        }
    }

    @Test
    void authWithoutConfiguredPassword() {
        try (RespClient c = server.client()) {
            assertThat(c.call("AUTH", "secret")).isEqualTo(new Err("ERR AUTH <password> called without any password "
                    + "configured for the default user. Are you sure your configuration is correct?"));
            assertThat(c.call("AUTH", "default", "anything")).isEqualTo("OK");
            assertThat(c.call("AUTH", "alice", "anything")).isEqualTo(
                    new Err("WRONGPASS invalid username-password pair or user is disabled."));
            assertThat(c.call("AUTH", "a", "b", "c")).isEqualTo(new Err("ERR syntax error"));
        }
    }

    @Test
    void requirepassFlow() {
        try (TestServer secured = TestServer.start(config -> config.requirePass("s3cret").databases(2));
             RespClient c = secured.client()) {
            assertThat(c.call("PING")).isEqualTo(new Err("NOAUTH Authentication required."));
            assertThat(c.call("GET", "k")).isEqualTo(new Err("NOAUTH Authentication required."));
            assertThat(c.call("SELECT", "1")).isEqualTo(new Err("NOAUTH Authentication required."));
            // unknown commands and arity are reported before authentication, as Redis does
            assertThat(c.call("nosuch")).isEqualTo(new Err("ERR unknown command 'nosuch', with args beginning with: "));
            assertThat(c.call("HELLO", "3")).isEqualTo(new Err("NOAUTH HELLO must be called with the client already "
                    + "authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to "
                    + "authenticate the client and select the RESP protocol version at the same time"));
            assertThat(c.call("AUTH", "wrong")).isEqualTo(
                    new Err("WRONGPASS invalid username-password pair or user is disabled."));
            assertThat(c.call("AUTH", "bob", "s3cret")).isEqualTo(
                    new Err("WRONGPASS invalid username-password pair or user is disabled."));
            assertThat(c.call("PING")).isEqualTo(new Err("NOAUTH Authentication required."));
            assertThat(c.call("AUTH", "s3cret")).isEqualTo("OK");
            assertThat(c.call("PING")).isEqualTo("PONG");
            // RESET signs the connection out again
            assertThat(c.call("RESET")).isEqualTo("RESET");
            assertThat(c.call("PING")).isEqualTo(new Err("NOAUTH Authentication required."));
            assertThat(c.call("AUTH", "default", "s3cret")).isEqualTo("OK");
            assertThat(c.call("PING")).isEqualTo("PONG");
        }
        try (TestServer secured = TestServer.start(config -> config.requirePass("pw").databases(1));
             RespClient c = secured.client()) {
            Object reply = c.call("HELLO", "3", "AUTH", "default", "nope");
            assertThat(reply).isEqualTo(new Err("WRONGPASS invalid username-password pair or user is disabled."));
            Map<Object, Object> hello = (Map<Object, Object>) c.call("HELLO", "3", "AUTH", "default", "pw", "SETNAME", "app");
            assertThat(hello.get("proto")).isEqualTo(3L);
            assertThat(c.call("CLIENT", "GETNAME")).isEqualTo("app");
            assertThat(c.call("PING")).isEqualTo("PONG");
            assertThat(c.call("QUIT")).isEqualTo("OK");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void selectRangeAndIsolation() {
        try (RespClient c = server.client()) {
            assertThat(c.call("SELECT", "4")).isEqualTo(new Err("ERR DB index is out of range"));
            assertThat(c.call("SELECT", "-1")).isEqualTo(new Err("ERR DB index is out of range"));
            assertThat(c.call("SELECT", "x")).isEqualTo(new Err("ERR value is not an integer or out of range"));
            assertThat(c.call("SELECT", "3")).isEqualTo("OK");
            assertThat(c.call("SET", "sel-key", "in-3")).isEqualTo("OK");
            assertThat(c.call("SELECT", "2")).isEqualTo("OK");
            assertThat(c.call("GET", "sel-key")).isNull();
            assertThat(c.call("SELECT", "3")).isEqualTo("OK");
            assertThat(c.call("GET", "sel-key")).isEqualTo("in-3");
            assertThat(server.store().namespace(server.server().config().namespaceName(3)).get("sel-key"))
                    .isEqualTo("in-3");
        }
    }

    @Test
    void quitRepliesThenCloses() {
        try (RespClient c = server.client()) {
            c.sendRaw(RespClient.encode("QUIT"));
            c.sendRaw(RespClient.encode("PING"));
            assertThat(c.read()).isEqualTo("OK");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void resetRestoresDefaults() {
        try (RespClient c = server.client()) {
            c.call("HELLO", "3", "SETNAME", "x");
            c.call("SELECT", "2");
            c.call("MULTI");
            assertThat(c.call("RESET")).isEqualTo("RESET");
            assertThat(c.lastType()).isEqualTo('+');
            assertThat(c.call("CLIENT", "GETNAME")).isNull();
            assertThat(c.lastType()).isEqualTo('$');
            assertThat((String) c.call("CLIENT", "INFO")).contains(" db=0 ", " resp=2 ", " multi=-1 ");
            assertThat(c.call("EXEC")).isEqualTo(new Err("ERR EXEC without MULTI"));
        }
    }

    @Test
    void clientSubcommands() {
        try (RespClient a = server.client(); RespClient b = server.client()) {
            long idA = (Long) a.call("CLIENT", "ID");
            long idB = (Long) b.call("CLIENT", "ID");
            assertThat(idB).isGreaterThan(idA);
            assertThat(a.call("CLIENT", "SETNAME", "alpha")).isEqualTo("OK");
            assertThat(a.call("CLIENT", "GETNAME")).isEqualTo("alpha");
            assertThat(a.call("CLIENT", "SETNAME", "has space")).isEqualTo(
                    new Err("ERR Client names cannot contain spaces, newlines or special characters."));
            assertThat(a.call("CLIENT", "SETINFO", "LIB-NAME", "redis-py")).isEqualTo("OK");
            assertThat(a.call("CLIENT", "SETINFO", "lib-ver", "5.0.1")).isEqualTo("OK");
            assertThat(a.call("CLIENT", "SETINFO", "color", "red")).isEqualTo(new Err("ERR Unrecognized option 'color'"));
            String info = (String) a.call("CLIENT", "INFO");
            assertThat(info).startsWith("id=" + idA + " addr=127.0.0.1:").endsWith("\n")
                    .contains(" name=alpha ", " lib-name=redis-py", " lib-ver=5.0.1", " user=default ");
            String list = (String) b.call("CLIENT", "LIST");
            assertThat(list).contains("id=" + idA + " ", "id=" + idB + " ");
            String only = (String) b.call("CLIENT", "LIST", "ID", Long.toString(idA));
            assertThat(only.split("\n")).hasSize(1);
            assertThat(only).startsWith("id=" + idA + " ");
            assertThat(a.call("CLIENT", "SETNAME", "")).isEqualTo("OK");
            assertThat(a.call("CLIENT", "GETNAME")).isNull();
            assertThat(a.call("CLIENT", "SETNAME")).isEqualTo(
                    new Err("ERR wrong number of arguments for 'client|setname' command"));
            assertThat(a.call("CLIENT", "frob")).isEqualTo(new Err("ERR unknown subcommand 'frob'. Try CLIENT HELP."));
            assertThat((List<Object>) a.call("CLIENT", "HELP")).isNotEmpty();
            assertThat(b.call("CLIENT", "KILL", "ID", Long.toString(idA))).isEqualTo(1L);
            assertThat(a.closedByServer()).isTrue();
            assertThat(b.call("PING")).isEqualTo("PONG");
        }
    }
}
