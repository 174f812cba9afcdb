package io.hstorekv.server.command;

import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisError;
import io.hstorekv.server.resp.Reply;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/** DBSIZE, FLUSHDB, FLUSHALL, TIME, SAVE and SHUTDOWN: the server's keyspace-wide commands. */
final class ServerCommands {
    private static final Set<String> FLUSH_MODES = Set.of("ASYNC", "SYNC");
    private static final Set<String> SHUTDOWN_FLAGS = Set.of("NOSAVE", "SAVE", "NOW", "FORCE", "ABORT");

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
             })
             .keyless("shutdown", -1, ServerCommands::shutdown)
             .keyless("save", 1, (c, a, r) -> r.ok()); // every write is in PostgreSQL already
    }

    /**
     * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: the options are Redis's (there is nothing to
     * save: every write is in PostgreSQL already); the server stops as on SIGTERM and, as Redis, sends
     * no reply: the connection closes. ABORT finds no shutdown in progress.
     */
    private static void shutdown(Session c, Args a, Reply r) {
        Set<String> flags = new HashSet<>();
        for (int i = 1; i < a.count(); i++) {
            String flag = a.option(i);
            if (!SHUTDOWN_FLAGS.contains(flag)) {
                throw RedisError.syntax();
            }
            flags.add(flag);
        }
        if (flags.contains("NOSAVE") && flags.contains("SAVE") || flags.contains("ABORT") && flags.size() > 1) {
            throw RedisError.syntax();
        }
        if (flags.contains("ABORT")) {
            throw RedisError.noShutdownInProgress();
        }
        if (!c.server().shutdown()) {
            throw RedisError.shutdownFailed();
        }
    }

    private static void flushMode(Args a) {
        if (a.count() > 2 || (a.count() == 2 && !FLUSH_MODES.contains(a.option(1)))) {
            throw RedisError.syntax();
        }
    }
}
