package io.hstorekv.server.command;

import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisError;
import io.hstorekv.server.resp.Reply;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** PING, ECHO, HELLO, AUTH, SELECT, QUIT and RESET, with Redis 7's semantics and texts. */
final class ConnectionCommands {
    private static final byte[] DEFAULT_USER = "default".getBytes(StandardCharsets.UTF_8);

    private ConnectionCommands() {}

    static void register(CommandTable table) {
        table.keyless("ping", -1, ConnectionCommands::ping)
             .keyless("echo", 2, (c, a, r) -> r.bulk(a.bytes(1)))
             .keyless("hello", -1, ConnectionCommands::hello)
             .keyless("auth", -2, ConnectionCommands::auth)
             .keyless("select", 2, ConnectionCommands::select)
             .keyless("quit", -1, (c, a, r) -> {
                 c.closeAfterReply();
                 r.ok();
             })
             .keyless("reset", 1, ConnectionCommands::reset);
    }

    private static void ping(Session c, Args a, Reply r) {
        if (a.count() > 2) {
            throw RedisError.wrongArity("ping");
        }
        if (a.count() == 1) {
            r.simple("PONG");
        } else {
            r.bulk(a.bytes(1));
        }
    }

    private static void select(Session c, Args a, Reply r) {
        long db = a.integer(1);
        if (db < Integer.MIN_VALUE || db > Integer.MAX_VALUE) {
            throw RedisError.notInteger();
        }
        c.select((int) db);
        r.ok();
    }

    private static void reset(Session c, Args a, Reply r) {
        c.server().dispatcher().unwatch(c);
        c.select(0);
        c.protocol(2);
        c.name(null);
        c.authenticated(c.server().settings().requirePass() == null);
        r.simple("RESET");
    }

    private static void auth(Session c, Args a, Reply r) {
        if (a.count() > 3) {
            throw RedisError.syntax();
        }
        if (a.count() == 2 && c.server().settings().requirePass() == null) {
            throw RedisError.authWithoutPassword();
        }
        byte[] user = a.count() == 3 ? a.bytes(1) : DEFAULT_USER;
        authenticate(c, user, a.bytes(a.count() - 1));
        r.ok();
    }

    /** The only user is "default", with requirepass as its password (or none: any password). */
    private static void authenticate(Session c, byte[] user, byte[] password) {
        boolean userOk = MessageDigest.isEqual(user, DEFAULT_USER);
        boolean passwordOk = passwordMatches(c.server().settings().requirePass(), password);
        if (!(userOk & passwordOk)) {
            throw RedisError.wrongPass();
        }
        c.authenticated(true);
    }

    /** True when {@code password} is the required one (constant time); with none required every password is. */
    private static boolean passwordMatches(String required, byte[] password) {
        if (required == null) {
            return true;
        }
        // Digests first, so that the time taken depends on neither password's length nor content.
        return MessageDigest.isEqual(Digests.sha256().digest(required.getBytes(StandardCharsets.UTF_8)),
                Digests.sha256().digest(password));
    }

    private static void hello(Session c, Args a, Reply r) {
        int version = 0;
        int next = 1;
        if (a.count() >= 2) {
            long v;
            try {
                v = a.integer(1);
            } catch (RedisError e) {
                throw RedisError.protocolVersionNotInteger();
            }
            next = 2;
            if (v < 2 || v > 3) {
                throw RedisError.noProto();
            }
            version = (int) v;
        }
        byte[] user = null;
        byte[] password = null;
        String name = null;
        for (int j = next; j < a.count(); j++) {
            int more = a.count() - 1 - j;
            String option = a.option(j);
            if (option.equals("AUTH") && more >= 2) {
                user = a.bytes(j + 1);
                password = a.bytes(j + 2);
                j += 2;
            } else if (option.equals("SETNAME") && more >= 1) {
                name = a.string(j + 1);
                j++;
            } else {
                throw RedisError.helloOption(a.string(j));
            }
        }
        if (user != null) {
            authenticate(c, user, password);
        }
        if (!c.authenticated()) {
            throw RedisError.helloNoAuth();
        }
        if (name != null) {
            ClientCommand.checkName(name);
            c.name(name);
        }
        if (version != 0) {
            c.protocol(version);
        }
        r.map(7);
        r.bulk("server");
        r.bulk("redis");
        r.bulk("version");
        r.bulk(CommandTable.REDIS_VERSION);
        r.bulk("proto");
        r.integer(c.protocol());
        r.bulk("id");
        r.integer(c.id());
        r.bulk("mode");
        r.bulk("standalone");
        r.bulk("role");
        r.bulk("master");
        r.bulk("modules");
        r.array(0);
    }
}
