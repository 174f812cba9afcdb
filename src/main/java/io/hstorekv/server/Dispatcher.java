package io.hstorekv.server;

import io.hstorekv.NotANumberException;
import io.hstorekv.WrongTypeException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command for a connection, as Redis's processCommand: look-up (unknown command), arity,
 * authentication, MULTI queueing, then the handler, whose exceptions become error replies.
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    /** Commands a connection may send before AUTH (Redis's no-auth flag). */
    private static final Set<String> NO_AUTH = Set.of("auth", "hello", "quit", "reset");
    /** Commands that run at once inside MULTI instead of being queued (as Redis 7). */
    private static final Set<String> NOT_QUEUED = Set.of("exec", "discard", "multi", "watch", "quit", "reset");

    private final CommandTable table;
    private final RedisServer server;

    Dispatcher(CommandTable table, RedisServer server) {
        this.table = table;
        this.server = server;
    }

    public CommandTable table() {
        return table;
    }

    /**
     * Whether a pipelined command may run batched with its neighbours of the same kind: a plain GET
     * or a plain SET (no options), outside MULTI, on an authenticated connection.
     */
    boolean batchable(ConnectionState c, Args args, String kind) {
        return !c.inMulti() && c.authenticated() && args.count() == (kind.equals("get") ? 2 : 3)
                && args.name().equals(kind);
    }

    /**
     * Runs consecutive pipelined plain GETs (or SETs) as one facade call, one statement, replying to
     * each in order exactly as {@link #execute} would. If an argument is invalid, runs them one by
     * one instead, so each gets its own answer.
     */
    void executeBatch(ConnectionState c, List<Args> batch, String kind, Reply reply) {
        List<String> keys = new ArrayList<>(batch.size());
        try {
            for (Args args : batch) {
                keys.add(args.text(1));
            }
            if (kind.equals("get")) {
                List<io.hstorekv.Namespace.TypedValue> values = c.namespace().getEach(keys);
                for (io.hstorekv.Namespace.TypedValue v : values) {
                    countBatched(c, kind);
                    if (v.type() == io.hstorekv.KeyType.NONE || v.type() == io.hstorekv.KeyType.STRING) {
                        reply.bulk(v.bytes());
                    } else {
                        server.stats().errorReplies.increment();
                        reply.error(new WrongTypeException().getMessage());
                    }
                }
            } else {
                java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
                for (int i = 0; i < batch.size(); i++) {
                    entries.remove(keys.get(i)); // keep the last write of a key last
                    entries.put(keys.get(i), batch.get(i).bytes(2));
                }
                c.namespace().setAllBytes(entries);
                for (int i = 0; i < batch.size(); i++) {
                    countBatched(c, kind);
                    reply.ok();
                }
            }
        } catch (RedisError | IllegalArgumentException invalid) {
            for (Args args : batch) {
                execute(c, args, reply);
            }
        }
    }

    private void countBatched(ConnectionState c, String kind) {
        server.stats().commandsProcessed.increment();
        c.touched(kind);
    }

    /** A command as the client sent it: checked, queued inside MULTI, or run. Writes exactly one reply. */
    public void execute(ConnectionState c, Args args, Reply reply) {
        server.stats().commandsProcessed.increment();
        CommandTable.Spec spec = table.find(args.string(0));
        c.touched(spec == null ? args.name() : spec.name());
        if (spec == null) {
            reject(c, reply, unknownCommand(args));
            return;
        }
        if (!spec.arityAccepts(args.count())) {
            if (spec.name().equals("exec")) {
                abortExec(c, reply, wrongArity("exec"));
                return;
            }
            reject(c, reply, wrongArity(spec.name()));
            return;
        }
        if (!c.authenticated() && server.requirePass() != null && !NO_AUTH.contains(spec.name())) {
            reject(c, reply, "NOAUTH Authentication required.");
            return;
        }
        if (c.inMulti() && !NOT_QUEUED.contains(spec.name())) {
            c.queue(args);
            reply.simple("QUEUED");
            return;
        }
        call(c, spec, args, reply);
    }

    private void reject(ConnectionState c, Reply reply, String error) {
        if (c.inMulti()) {
            c.failMulti();
        }
        server.stats().errorReplies.increment();
        reply.error(error);
    }

    /**
     * Runs a command that passed the checks (EXEC's queued commands come here), mapping exceptions
     * to error replies. Output the handler wrote before throwing is dropped.
     */
    public void call(ConnectionState c, Args args, Reply reply) {
        CommandTable.Spec spec = table.find(args.string(0));
        if (spec == null) {
            reply.error(unknownCommand(args));
            return;
        }
        call(c, spec, args, reply);
    }

    private void call(ConnectionState c, CommandTable.Spec spec, Args args, Reply reply) {
        Rewindable writer = reply instanceof Rewindable w ? w : null;
        int mark = writer == null ? 0 : writer.mark();
        String error;
        try {
            spec.handler().handle(c, args, reply);
            return;
        } catch (RedisError e) {
            error = e.getMessage();
        } catch (WrongTypeException e) {
            error = e.getMessage();
        } catch (NotANumberException e) {
            error = "ERR " + e.getMessage();
        } catch (IllegalArgumentException e) {
            error = "ERR " + e.getMessage();
        } catch (NoSuchElementException e) {
            error = "ERR no such key";
        } catch (RuntimeException | StackOverflowError e) {
            log.error("command {} failed (client id={} addr={})", spec.name(), c.id(), c.address(), e);
            error = "ERR internal error: " + e;
        }
        if (writer != null) {
            writer.resetTo(mark);
        }
        server.stats().errorReplies.increment();
        reply.error(error);
    }

    /** Redis 7's text: the name and the first arguments, quoted, up to 128 characters. */
    static String unknownCommand(Args args) {
        StringBuilder rest = new StringBuilder();
        for (int i = 1; i < args.count() && rest.length() < 128; i++) {
            String arg = args.string(i);
            int room = 128 - rest.length();
            rest.append('\'').append(arg, 0, Math.min(arg.length(), room)).append("' ");
        }
        String name = args.string(0);
        if (name.length() > 128) {
            name = name.substring(0, 128);
        }
        return "ERR unknown command '" + name + "', with args beginning with: " + rest;
    }

    static String wrongArity(String command) {
        return "ERR wrong number of arguments for '" + command + "' command";
    }

    // ---- MULTI / EXEC / DISCARD / WATCH / UNWATCH ----

    void multi(ConnectionState c, Reply reply) {
        if (c.inMulti()) {
            throw new RedisError("ERR MULTI calls can not be nested");
        }
        c.beginMulti();
        reply.ok();
    }

    void exec(ConnectionState c, Reply reply) {
        if (!c.inMulti()) {
            throw new RedisError("ERR EXEC without MULTI");
        }
        boolean failed = c.multiFailed();
        List<Args> queued = c.endMulti();
        TransactionRunner runner = table.transactions();
        try {
            if (failed) {
                reply.error("EXECABORT Transaction discarded because of previous errors.");
                return;
            }
            runner.exec(c, queued, reply, (command, r) -> call(c, command, r));
        } finally {
            runner.unwatch(c);
        }
    }

    /** A malformed EXEC ends the transaction, with Redis's text (execCommandAbort). */
    private void abortExec(ConnectionState c, Reply reply, String error) {
        if (c.inMulti()) {
            c.endMulti();
            table.transactions().unwatch(c);
        }
        server.stats().errorReplies.increment();
        reply.error("EXECABORT Transaction discarded because of: " + error.substring("ERR ".length()));
    }

    void discard(ConnectionState c, Reply reply) {
        if (!c.inMulti()) {
            throw new RedisError("ERR DISCARD without MULTI");
        }
        c.endMulti();
        table.transactions().unwatch(c);
        reply.ok();
    }

    void watch(ConnectionState c, List<String> keys, Reply reply) {
        if (c.inMulti()) {
            throw new RedisError("ERR WATCH inside MULTI is not allowed");
        }
        table.transactions().watch(c, keys);
        reply.ok();
    }

    void unwatch(ConnectionState c, Reply reply) {
        table.transactions().unwatch(c);
        reply.ok();
    }

    /** The connection is gone: drop its transaction and watches. */
    void disconnected(ConnectionState c) {
        if (c.inMulti()) {
            c.endMulti();
        }
        try {
            table.transactions().unwatch(c);
        } catch (RuntimeException e) {
            log.warn("unwatch on disconnect failed (client id={})", c.id(), e);
        }
    }

    // ---- AUTH ----

    /** True when {@code password} is the default user's (constant time); with no requirepass every password is. */
    boolean passwordMatches(byte[] password) {
        String required = server.requirePass();
        if (required == null) {
            return true;
        }
        // Digests first, so that the time taken depends on neither password's length nor content.
        return MessageDigest.isEqual(sha256(required.getBytes(StandardCharsets.UTF_8)), sha256(password));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
