package io.hstorekv.server.command;

import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.Reply;
import java.util.List;

/**
 * How MULTI/EXEC transactions run and how WATCH tracks keys. The dispatcher does the queueing
 * (MULTI, +QUEUED, checking each queued command's name and arity, EXECABORT after an error, the
 * "without MULTI" / "nested" / "WATCH inside MULTI" errors); a runner does the rest. The server's
 * is {@link Transactions}; {@link CommandTable#transactions(TransactionRunner)} replaces it (a test
 * that watches the calls, say).
 *
 * <p>All three methods run on the connection's command thread, in order with its other commands.
 */
public interface TransactionRunner {

    /** Runs one queued command as EXEC does: errors become that command's reply, not EXEC's. */
    @FunctionalInterface
    interface Invoker {
        void call(Args command, Reply reply);
    }

    /**
     * EXEC: writes exactly one reply, normally {@code reply.array(queued.size())} followed by each
     * command's reply (via {@code invoker.call}), or {@link Reply#nilArray()} when a watched key
     * changed. The queued commands exist and have the right arity. The dispatcher calls
     * {@link #unwatch} right after, whatever happened.
     */
    void exec(Session connection, List<Args> queued, Reply reply, Invoker invoker);

    /** WATCH key [key ...] outside MULTI (keys of the connection's selected database); the dispatcher replies +OK. */
    void watch(Session connection, List<String> keys);

    /** Forget every watched key: UNWATCH, after EXEC and DISCARD, on RESET and when the connection closes. */
    void unwatch(Session connection);
}
