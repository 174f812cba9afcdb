package io.hstorekv.server.command;

import io.hstorekv.Namespace;
import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RecordedReply;
import io.hstorekv.server.resp.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MULTI/EXEC as one PostgreSQL transaction, and WATCH by version: a watched key's version (0 when
 * absent) is noted at WATCH; EXEC re-reads each inside the transaction, locking the rows, and aborts
 * with a null reply if any changed (written, expired, deleted, flushed). Commands inside fail one by
 * one as in Redis (a savepoint per statement); their replies are sent after the commit.
 */
public final class Transactions implements TransactionRunner {
    private record Watch(Namespace namespace, String key, long token) {}

    private final Map<Session, List<Watch>> watches = new ConcurrentHashMap<>();

    /** MULTI, EXEC, DISCARD, WATCH and UNWATCH: entry points to the dispatcher, which queues. */
    static void register(CommandTable table) {
        table.keyless("multi", 1, (c, a, r) -> c.server().dispatcher().multi(c, r))
             .keyless("exec", 1, (c, a, r) -> c.server().dispatcher().exec(c, r))
             .keyless("discard", 1, (c, a, r) -> c.server().dispatcher().discard(c, r))
             .read("watch", -2, 1, -1, 1, (c, a, r) -> c.server().dispatcher().watch(c, a.texts(1), r))
             .keyless("unwatch", 1, (c, a, r) -> {
                 c.server().dispatcher().unwatch(c);
                 r.ok();
             });
    }

    @Override
    public void watch(Session connection, List<String> keys) {
        Namespace ns = connection.namespace();
        List<Watch> watched = watches.computeIfAbsent(connection, c -> new ArrayList<>());
        for (String key : keys) {
            watched.add(new Watch(ns, key, ns.watchToken(key)));
        }
    }

    @Override
    public void unwatch(Session connection) {
        watches.remove(connection);
    }

    @Override
    public void exec(Session connection, List<Args> queued, Reply reply, Invoker invoker) {
        List<Watch> watched = watches.getOrDefault(connection, List.of());
        RecordedReply recorded = new RecordedReply();
        boolean committed = connection.namespace().inTransaction(() -> {
            for (Watch w : watched) {
                if (w.namespace().watchToken(w.key()) != w.token()) {
                    return false;
                }
            }
            recorded.array(queued.size());
            for (Args command : queued) {
                invoker.call(command, recorded);
            }
            return true;
        });
        if (committed) {
            recorded.replayTo(reply);
        } else {
            reply.nilArray();
        }
    }
}
