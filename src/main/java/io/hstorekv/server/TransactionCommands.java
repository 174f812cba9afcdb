package io.hstorekv.server;

import io.hstorekv.Namespace;
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
final class TransactionCommands implements TransactionRunner {
    private record Watch(Namespace namespace, String key, long token) {}

    private final Map<ConnectionState, List<Watch>> watches = new ConcurrentHashMap<>();

    private TransactionCommands() {}

    static void register(CommandTable table) {
        table.transactions(new TransactionCommands());
    }

    @Override
    public void watch(ConnectionState connection, List<String> keys) {
        Namespace ns = connection.namespace();
        List<Watch> watched = watches.computeIfAbsent(connection, c -> new ArrayList<>());
        for (String key : keys) {
            watched.add(new Watch(ns, key, ns.watchToken(key)));
        }
    }

    @Override
    public void unwatch(ConnectionState connection) {
        watches.remove(connection);
    }

    @Override
    public void exec(ConnectionState connection, List<Args> queued, Reply reply, Invoker invoker) {
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
