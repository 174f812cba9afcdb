package io.hstorekv.server;

import java.util.List;

/**
 * How MULTI/EXEC transactions run and how WATCH tracks keys. The dispatcher does the queueing
 * (MULTI, +QUEUED, checking each queued command's name and arity, EXECABORT after an error, the
 * "without MULTI" / "nested" / "WATCH inside MULTI" errors); a runner does the rest. Install one
 * with {@link CommandTable#transactions(TransactionRunner)} (e.g. from
 * {@code TransactionCommands.register}); without one the server uses {@link #SEQUENTIAL}.
 *
 * <p>All three methods run on the connection's command thread, in order with its other commands;
 * per-connection state (watched keys, tokens) can be kept in
 * {@link ConnectionState#transactionState()}.
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
    void exec(ConnectionState connection, List<Args> queued, Reply reply, Invoker invoker);

    /** WATCH key [key ...] outside MULTI (keys of the connection's selected database); the dispatcher replies +OK. */
    void watch(ConnectionState connection, List<String> keys);

    /** Forget every watched key: UNWATCH, after EXEC and DISCARD, on RESET and when the connection closes. */
    void unwatch(ConnectionState connection);

    /** Runs the queue one command after the other, not atomically; WATCH is accepted and never aborts. */
    TransactionRunner SEQUENTIAL = new TransactionRunner() {
        @Override
        public void exec(ConnectionState connection, List<Args> queued, Reply reply, Invoker invoker) {
            reply.array(queued.size());
            for (Args command : queued) {
                invoker.call(command, reply);
            }
        }

        @Override
        public void watch(ConnectionState connection, List<String> keys) {}

        @Override
        public void unwatch(ConnectionState connection) {}
    };
}
