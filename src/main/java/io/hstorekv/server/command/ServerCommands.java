package io.hstorekv.server.command;

import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisError;
import java.time.Instant;
import java.util.Set;

/** DBSIZE, FLUSHDB, FLUSHALL and TIME: the server's keyspace-wide commands. */
final class ServerCommands {
    private static final Set<String> FLUSH_MODES = Set.of("ASYNC", "SYNC");

    private ServerCommands() {}

    static void register(CommandTable table) {
        table.keyless("dbsize", 1, (c, a, r) -> r.integer(c.namespace().count()))
             .write("flushdb", -1, 0, 0, 0, (c, a, r) -> {
                 flushMode(a);
                 c.namespace().flush();
                 r.ok();
             })
             .write("flushall", -1, 0, 0, 0, (c, a, r) -> {
                 flushMode(a);
                 Databases dbs = c.server().databases();
                 for (int i = 0; i < dbs.count(); i++) {
                     dbs.existing(i).ifPresent(ns -> ns.flush());
                 }
                 r.ok();
             })
             .keyless("time", 1, (c, a, r) -> {
                 Instant now = Instant.now();
                 r.array(2);
                 r.bulk(Long.toString(now.getEpochSecond()));
                 r.bulk(Long.toString(now.getNano() / 1000));
             });
    }

    private static void flushMode(Args a) {
        if (a.count() > 2 || (a.count() == 2 && !FLUSH_MODES.contains(a.option(1)))) {
            throw RedisError.syntax();
        }
    }
}
