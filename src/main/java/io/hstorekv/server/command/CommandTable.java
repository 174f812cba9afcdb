package io.hstorekv.server.command;

import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The commands the server knows, by lower-case name. Arity follows Redis's convention (the name
 * counts; negative means "at least"), checked before the handler runs.
 */
public final class CommandTable {
    /** The Redis version whose commands these are, as HELLO and INFO tell clients. */
    public static final String REDIS_VERSION = "7.2.0";

    /** A command: its Redis metadata (for COMMAND) and its handler. */
    public record Spec(String name, int arity, boolean write, int firstKey, int lastKey, int keyStep,
                       CommandHandler handler) {
        public boolean arityAccepts(int argc) {
            return arity >= 0 ? argc == arity : argc >= -arity;
        }

        /** Where the keys are in a call of {@code argc} arguments (the name counts), by Redis's first/last/step. */
        public IntStream keyPositions(int argc) {
            if (firstKey <= 0) {
                return IntStream.empty();
            }
            int last = Math.min(lastKey < 0 ? argc + lastKey : lastKey, argc - 1);
            return IntStream.iterate(firstKey, i -> i <= last, i -> i + Math.max(1, keyStep));
        }
    }

    private final Map<String, Spec> commands = new TreeMap<>();
    private TransactionRunner transactions = new Transactions();

    /** A read-only command; keys from {@code firstKey} to {@code lastKey} (-1: last argument) by {@code step}. */
    public CommandTable read(String name, int arity, int firstKey, int lastKey, int step, CommandHandler handler) {
        return add(new Spec(name, arity, false, firstKey, lastKey, step, handler));
    }

    public CommandTable write(String name, int arity, int firstKey, int lastKey, int step, CommandHandler handler) {
        return add(new Spec(name, arity, true, firstKey, lastKey, step, handler));
    }

    /** A command without keys (connection and server commands). */
    public CommandTable keyless(String name, int arity, CommandHandler handler) {
        return add(new Spec(name, arity, false, 0, 0, 0, handler));
    }

    private CommandTable add(Spec spec) {
        if (commands.putIfAbsent(spec.name(), spec) != null) {
            throw new IllegalStateException("command registered twice: " + spec.name());
        }
        return this;
    }

    public Spec find(String name) {
        return commands.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The commands every server has: connection, client, server and configuration commands, then
     * the data commands and transactions.
     */
    public static CommandTable standard() {
        CommandTable table = new CommandTable();
        ConnectionCommands.register(table);
        ClientCommand.register(table);
        InfoCommand.register(table);
        CommandCommand.register(table);
        ConfigCommand.register(table);
        ServerCommands.register(table);
        Transactions.register(table);
        ScriptingCommands.register(table);
        return data(table);
    }

    /** The data commands alone: the string, key, hash, set, list and sorted-set families. */
    public static CommandTable data() {
        return data(new CommandTable());
    }

    private static CommandTable data(CommandTable table) {
        StringCommands.register(table);
        StringRangeCommands.register(table);
        KeyCommands.register(table);
        KeyCopyCommands.register(table);
        ObjectCommand.register(table);
        MemoryCommand.register(table);
        HashCommands.register(table);
        SetCommands.register(table);
        ListCommands.register(table);
        SortedSetCommands.register(table);
        return table;
    }

    /** Replaces how EXEC runs the queued commands and how WATCH/UNWATCH track keys (default {@link Transactions}). */
    public CommandTable transactions(TransactionRunner runner) {
        this.transactions = Objects.requireNonNull(runner, "runner");
        return this;
    }

    public TransactionRunner transactions() {
        return transactions;
    }

    public Collection<Spec> all() {
        return Collections.unmodifiableCollection(commands.values());
    }
}
