package io.hstorekv.server.command;

import io.hstorekv.BinaryKeys;
import io.hstorekv.KeyType;
import io.hstorekv.Namespace;
import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisError;
import io.hstorekv.server.resp.Reply;

/**
 * MEMORY USAGE key [SAMPLES n] and MEMORY HELP. The usage is an estimate of what the value takes in
 * PostgreSQL: the bytes of its key, fields, members and values plus a fixed overhead per item (no
 * sampling: SAMPLES is accepted and checked only). A missing key is the null reply, as in Redis.
 */
final class MemoryCommand {
    /** A rough per-item overhead (tuple or hstore pair header): the estimate is about size, not exact. */
    private static final long ITEM_OVERHEAD = 24;

    private MemoryCommand() {}

    static void register(CommandTable table) {
        table.read("memory", -2, 0, 0, 0, MemoryCommand::handle);
    }

    private static void handle(Session c, Args a, Reply r) {
        String sub = a.option(1);
        if (sub.equals("HELP") && a.count() == 2) {
            Subcommands.help(r, "MEMORY",
                    "USAGE <key> [SAMPLES <count>]", "    Return an estimate of the memory the value of <key> takes.");
            return;
        }
        if (!sub.equals("USAGE")) {
            throw RedisError.unknownSubcommand(a);
        }
        if (a.count() < 3) {
            throw RedisError.subcommandArity("memory", a.string(1));
        }
        for (int i = 3; i < a.count(); i += 2) {
            if (!a.option(i).equals("SAMPLES") || i + 1 >= a.count()) {
                throw RedisError.syntax();
            }
            a.integer(i + 1);
        }
        Namespace ns = c.namespace();
        String key = a.text(2);
        KeyType type = ns.type(key);
        if (type == KeyType.NONE) {
            r.nil();
            return;
        }
        long usage = ITEM_OVERHEAD + BinaryKeys.bytes(key).length;
        switch (type) {
            case STRING -> usage += ns.length(key);
            case HASH -> {
                for (var field : ns.hashes().getAllBytes(key).entrySet()) {
                    usage += ITEM_OVERHEAD + BinaryKeys.bytes(field.getKey()).length + field.getValue().length;
                }
            }
            case SET -> {
                for (String member : ns.sets().members(key)) {
                    usage += ITEM_OVERHEAD + BinaryKeys.bytes(member).length;
                }
            }
            default -> { } // lists and sorted sets: their own tables, counted by their families when they come
        }
        r.integer(usage);
    }
}
