package io.hstorekv.server.command;

import io.hstorekv.DatabaseUnavailableException;
import io.hstorekv.Namespace;
import io.hstorekv.NotANumberException;
import io.hstorekv.WrongTypeException;
import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisError;
import io.hstorekv.server.resp.Reply;
import io.hstorekv.server.resp.Rewindable;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command for a connection, as Redis's processCommand: look-up (unknown command), arity,
 * authentication, MULTI queueing, then the handler, whose exceptions become error replies.
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    /** Failures that are ours: a broken database can fail every command, and each would log its stack. */
    private static final RateLimitedLog internalErrors = new RateLimitedLog(log);

    /** Commands a connection may send before AUTH (Redis's no-auth flag). */
    static final Set<String> NO_AUTH = Set.of("auth", "hello", "quit", "reset");
    /** Commands that run at once inside MULTI instead of being queued (as Redis 7). */
    private static final Set<String> NOT_QUEUED = Set.of("exec", "discard", "multi", "watch", "quit", "reset");
    /** Commands refused inside MULTI, failing the transaction (Redis's no-multi flag). */
    private static final Set<String> NO_MULTI = Set.of("shutdown", "save");

    /** The two commands pipelined runs of which become one facade call. */
    public enum Batchable {
        GET(2), SET(3);

        private final int argc;

        Batchable(int argc) {
            this.argc = argc;
        }

        /** The kind of a plain GET or SET (no options), else null. */
        public static Batchable of(Args args) {
            for (Batchable kind : values()) {
                if (args.count() == kind.argc && args.name().equals(kind.command())) {
                    return kind;
                }
            }
            return null;
        }

        String command() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final CommandTable table;
    private final Host server;

    public Dispatcher(CommandTable table, Host server) {
        this.table = table;
        this.server = server;
    }

    public CommandTable table() {
        return table;
    }

    /**
     * The kind of a pipelined command that may run batched with its neighbours of the same kind: a
     * plain GET or SET, outside MULTI, on an authenticated connection; else null.
     */
    public Batchable batchable(Session c, Args args) {
        return c.multi().open() || !c.authenticated() ? null : Batchable.of(args);
    }

    /**
     * Runs consecutive pipelined plain GETs (or SETs) as one facade call, one statement, replying to
     * each in order exactly as {@link #execute} would. If an argument is invalid, runs them one by
     * one instead, so each gets its own answer.
     */
    public void executeBatch(Session c, List<Args> batch, Batchable kind, Reply reply) {
        List<String> keys = new ArrayList<>(batch.size());
        try {
            for (Args args : batch) {
                keys.add(args.text(1));
            }
            if (kind == Batchable.GET) {
                for (Namespace.TypedValue v : c.namespace().getEach(keys)) {
                    counted(c, kind);
                    run(c, kind.command(), reply, () -> StringCommands.replyValue(c, v, reply));
                }
            } else {
                Map<String, byte[]> entries = new LinkedHashMap<>();
                for (int i = 0; i < batch.size(); i++) {
                    entries.remove(keys.get(i)); // keep the last write of a key last
                    entries.put(keys.get(i), batch.get(i).bytes(2));
                }
                c.namespace().setAllBytes(entries);
                for (int i = 0; i < batch.size(); i++) {
                    counted(c, kind);
                    reply.ok();
                }
            }
        } catch (RedisError | IllegalArgumentException invalid) {
            for (Args args : batch) {
                execute(c, args, reply);
            }
        } catch (RuntimeException failure) {
            // one statement failed (the database): one failure, logged once, and every command answers it
            RedisError error = errorFor(c, kind.command(), failure);
            for (int i = 0; i < batch.size(); i++) {
                counted(c, kind);
                error(reply, error);
            }
        }
    }

    /**
     * Answers a plain GET from the near cache alone when it holds the key, exactly as
     * {@link #execute} would; false (nothing written, nothing counted) when the command must run as
     * usual. Never blocks: the server calls it on its I/O threads.
     */
    public boolean answerFromCache(Session c, Args args, Reply reply) {
        if (batchable(c, args) != Batchable.GET) {
            return false;
        }
        Namespace ns = server.databases().opened(c.db());
        Namespace.TypedValue value;
        try {
            value = ns == null ? null : ns.getIfCached(args.text(1));
        } catch (RedisError invalidKey) {
            return false; // the usual path answers it
        }
        if (value == null) {
            return false;
        }
        counted(c, Batchable.GET);
        run(c, Batchable.GET.command(), reply, () -> StringCommands.replyValue(c, value, reply));
        return true;
    }

    private void counted(Session c, Batchable kind) {
        server.stats().commandProcessed();
        c.touched(kind.command());
    }

    /** A command as the client sent it: checked, queued inside MULTI, or run. Writes exactly one reply. */
    public void execute(Session c, Args args, Reply reply) {
        server.stats().commandProcessed();
        CommandTable.Spec spec = table.find(args.string(0));
        c.touched(spec == null ? args.name() : spec.name());
        if (spec == null) {
            reject(c, reply, RedisError.unknownCommand(args));
            return;
        }
        if (!spec.arityAccepts(args.count())) {
            if (spec.name().equals("exec")) {
                abortExec(c, reply, RedisError.wrongArity("exec"));
                return;
            }
            reject(c, reply, RedisError.wrongArity(spec.name()));
            return;
        }
        if (!c.authenticated() && server.settings().requirePass() != null && !NO_AUTH.contains(spec.name())) {
            reject(c, reply, RedisError.noAuth());
            return;
        }
        if (c.multi().open() && NO_MULTI.contains(spec.name())) {
            reject(c, reply, RedisError.notAllowedInTransaction());
            return;
        }
        if (c.multi().open() && !NOT_QUEUED.contains(spec.name())) {
            c.multi().queue(args);
            reply.simple("QUEUED");
            return;
        }
        run(c, spec.name(), reply, () -> spec.handler().handle(c, args, reply));
    }

    private void reject(Session c, Reply reply, RedisError error) {
        if (c.multi().open()) {
            c.multi().fail();
        }
        error(reply, error);
    }

    private void error(Reply reply, RedisError error) {
        server.stats().errorReplied();
        reply.error(error.reply());
    }

    /**
     * Runs a command that passed the checks: EXEC's queued commands come here. Its failure is its
     * reply only when Redis could give it inside EXEC (wrong type, not a number, bad argument);
     * any other (the database's, a bug) is thrown, to fail the whole transaction.
     */
    void call(Session c, Args args, Reply reply) {
        CommandTable.Spec spec = table.find(args.string(0));
        if (spec == null) {
            reply.error(RedisError.unknownCommand(args).reply());
            return;
        }
        Rewindable writer = reply instanceof Rewindable w ? w : null;
        int mark = writer == null ? 0 : writer.mark();
        try {
            spec.handler().handle(c, args, reply);
        } catch (RuntimeException e) {
            RedisError answer = answer(e);
            if (answer == null) {
                throw e;
            }
            if (writer != null) {
                writer.resetTo(mark);
            }
            error(reply, answer);
        }
    }

    /**
     * Runs one command's work, mapping its exceptions to an error reply; output it wrote before
     * throwing is dropped. Failures that are ours (a bug, the database) reach the client as a short
     * text with an id; the log has the detail under that id.
     */
    private void run(Session c, String command, Reply reply, Runnable work) {
        Rewindable writer = reply instanceof Rewindable w ? w : null;
        int mark = writer == null ? 0 : writer.mark();
        RedisError error;
        try {
            work.run();
            CompletableFuture<Consumer<Reply>> later = c.takeDeferred();
            if (later != null) {
                c.defer(answered(c, command, later));
            }
            return;
        } catch (RuntimeException | StackOverflowError e) {
            error = errorFor(c, command, e);
        }
        if (writer != null) {
            writer.resetTo(mark);
        }
        error(reply, error);
    }

    /**
     * A later reply (see {@link Session#defer}) as the connection writes it: a failure becomes the
     * error reply it would have been at once. Cancelling it cancels the command's own future.
     */
    private CompletableFuture<Consumer<Reply>> answered(Session c, String command, CompletableFuture<Consumer<Reply>> later) {
        CompletableFuture<Consumer<Reply>> answer = later.handle((write, failure) -> {
            if (failure == null) {
                return write;
            }
            if (failure instanceof CancellationException) {
                return r -> { }; // the connection is gone: nobody to answer
            }
            RedisError error = errorFor(c, command, failure instanceof CompletionException e && e.getCause() != null
                    ? e.getCause() : failure);
            return r -> error(r, error);
        });
        answer.whenComplete((write, failure) -> {
            if (answer.isCancelled()) {
                later.cancel(false);
            }
        });
        return answer;
    }

    /** The reply to a command's failure; one that is ours is logged under a new id. */
    private static RedisError errorFor(Session c, String command, Throwable failure) {
        RedisError answer = answer(failure);
        if (answer != null) {
            return answer;
        }
        if (failure instanceof DatabaseUnavailableException) {
            // The store logs the outage once, when it starts; one line per command would flood the log.
            return RedisError.databaseUnavailable();
        }
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        internalErrors.failure("command " + command + " failed, error id " + id + " (client id=" + c.id() + " addr="
                + c.address() + ")", failure);
        return RedisError.internal(id);
    }

    /** The reply to a failure that is an answer about the request or the data, as Redis gives; null for one that is ours. */
    private static RedisError answer(Throwable failure) {
        if (failure instanceof RedisError e) {
            return e;
        }
        if (failure instanceof WrongTypeException) {
            return RedisError.wrongType();
        }
        if (failure instanceof NotANumberException || failure instanceof IllegalArgumentException) {
            return RedisError.invalidArgument(failure.getMessage());
        }
        if (failure instanceof NoSuchElementException) {
            return RedisError.noSuchKey();
        }
        return null;
    }

    // ---- MULTI / EXEC / DISCARD / WATCH / UNWATCH ----

    void multi(Session c, Reply reply) {
        if (c.multi().open()) {
            throw RedisError.nestedMulti();
        }
        c.multi().begin();
        reply.ok();
    }

    void exec(Session c, Reply reply) {
        if (!c.multi().open()) {
            throw RedisError.withoutMulti("EXEC");
        }
        boolean failed = c.multi().failed();
        List<Args> queued = c.multi().end();
        TransactionRunner runner = table.transactions();
        try {
            if (failed) {
                reply.error(RedisError.execAbortedByErrors().reply());
                return;
            }
            c.multi().executing(true);
            runner.exec(c, queued, reply, (command, r) -> call(c, command, r));
        } finally {
            c.multi().executing(false);
            runner.unwatch(c);
        }
    }

    /** A malformed EXEC ends the transaction, with Redis's text (execCommandAbort). */
    private void abortExec(Session c, Reply reply, RedisError error) {
        if (c.multi().open()) {
            c.multi().end();
            table.transactions().unwatch(c);
        }
        error(reply, RedisError.execAborted(error));
    }

    void discard(Session c, Reply reply) {
        if (!c.multi().open()) {
            throw RedisError.withoutMulti("DISCARD");
        }
        c.multi().end();
        table.transactions().unwatch(c);
        reply.ok();
    }

    void watch(Session c, List<String> keys, Reply reply) {
        if (c.multi().open()) {
            throw RedisError.watchInsideMulti();
        }
        table.transactions().watch(c, keys);
        reply.ok();
    }

    /** Ends MULTI and forgets watched keys: UNWATCH, RESET, and a connection that is gone. */
    void unwatch(Session c) {
        if (c.multi().open()) {
            c.multi().end();
        }
        table.transactions().unwatch(c);
    }

    /** The connection is gone: drop its transaction and watches. */
    public void disconnected(Session c) {
        try {
            unwatch(c);
        } catch (RuntimeException e) {
            log.warn("unwatch on disconnect failed (client id={})", c.id(), e);
        }
    }
}
