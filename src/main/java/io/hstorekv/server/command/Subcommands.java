package io.hstorekv.server.command;

import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisError;
import io.hstorekv.server.resp.Reply;

/** What the container commands (CLIENT, COMMAND, CONFIG) share: arity checks and HELP. */
final class Subcommands {
    private Subcommands() {}

    /** Redis's arity error for {@code command|sub} unless the command has exactly {@code wanted} parts. */
    static void arity(Args a, int wanted, String command, String sub) {
        if (a.count() != wanted) {
            throw RedisError.subcommandArity(command, sub);
        }
    }

    /** The HELP reply: usage line, the given lines, then HELP itself. */
    static void help(Reply r, String command, String... lines) {
        r.array(lines.length + 3);
        r.simple(command + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : lines) {
            r.simple(line);
        }
        r.simple("HELP");
        r.simple("    Print this help.");
    }
}
