package io.hstorekv.server.command;

import io.hstorekv.Namespace;
import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RecordedReply;
import io.hstorekv.server.resp.Reply;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MULTI/EXEC as one PostgreSQL transaction, and WATCH by version: a watched key's version (0 when
 * absent) is noted at WATCH; EXEC re-reads each inside the transaction and aborts with a null reply
 * if any changed (written, expired, deleted, flushed). EXEC first locks every key its queued
 * commands and its watches name ({@code Namespace.inTransaction(keys, work)}), so concurrent EXECs
 * on common keys queue, on every server of the
 * database, and all its reads see one snapshot. A conflict with any other write runs the whole
 * transaction again (nothing of it was sent); commands inside fail one by one only with the errors
 * Redis gives there (wrong type, not a number). Replies are sent after the commit.
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
        Namespace ns = connection.namespace();
        RecordedReply[] recorded = new RecordedReply[1];
        boolean committed = ns.inTransaction(keysNamed(connection, ns, queued, watched), () -> {
            for (Watch w : watched) {
                if (w.namespace().watchToken(w.key()) != w.token()) {
                    return false;
                }
            }
            // each attempt records afresh: a conflict runs the transaction again, and only the last counts
            recorded[0] = new RecordedReply();
            recorded[0].array(queued.size());
            for (Args command : queued) {
                invoker.call(command, recorded[0]);
            }
            return true;
        });
        if (committed) {
            recorded[0].replayTo(reply);
        } else {
            reply.nilArray();
        }
    }

    /**
     * The keys of the selected database that the queued commands name (by their key positions) and
     * that are watched there: the locks EXEC takes. A key named in another database (after a queued
     * SELECT) is simply not locked; the snapshot and the conflict retry still keep EXEC whole.
     */
    private static Set<String> keysNamed(Session connection, Namespace ns, List<Args> queued, List<Watch> watched) {
        Set<String> keys = new LinkedHashSet<>();
        for (Watch w : watched) {
            if (w.namespace().name().equals(ns.name())) {
                keys.add(w.key());
            }
        }
        CommandTable table = connection.server().dispatcher().table();
        for (Args command : queued) {
            CommandTable.Spec spec = table.find(command.string(0));
            if (spec != null) {
                spec.keyPositions(command.count()).forEach(i -> keys.add(command.string(i)));
            }
        }
        return keys;
    }
}
