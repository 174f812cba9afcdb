package io.hstorekv.server.command;

import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisError;
import io.hstorekv.server.resp.Reply;
import io.hstorekv.util.Glob;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** COMMAND [COUNT|INFO|DOCS|LIST|GETKEYS|HELP]: what the command table knows, in Redis 7's shapes. */
final class CommandCommand {
    private CommandCommand() {}

    static void register(CommandTable table) {
        table.keyless("command", -1, CommandCommand::handle);
    }

    private static void handle(Session c, Args a, Reply r) {
        CommandTable table = c.server().commands();
        if (a.count() == 1) {
            r.array(table.all().size());
            table.all().forEach(spec -> info(spec, r));
            return;
        }
        String sub = a.option(1);
        switch (sub) {
            case "COUNT" -> {
                if (a.count() != 2) {
                    throw RedisError.subcommandArity("command", sub);
                }
                r.integer(table.all().size());
            }
            case "INFO" -> {
                if (a.count() == 2) {
                    r.array(table.all().size());
                    table.all().forEach(spec -> info(spec, r));
                    return;
                }
                r.array(a.count() - 2);
                for (int i = 2; i < a.count(); i++) {
                    CommandTable.Spec spec = table.find(a.string(i));
                    if (spec == null) {
                        r.nilArray();
                    } else {
                        info(spec, r);
                    }
                }
            }
            case "DOCS" -> {
                List<CommandTable.Spec> specs = new ArrayList<>();
                if (a.count() == 2) {
                    specs.addAll(table.all());
                }
                for (int i = 2; i < a.count(); i++) {
                    CommandTable.Spec spec = table.find(a.string(i));
                    if (spec != null) {
                        specs.add(spec);
                    }
                }
                r.map(specs.size());
                for (CommandTable.Spec spec : specs) {
                    r.bulk(spec.name());
                    r.map(3);
                    r.bulk("summary");
                    r.bulk(spec.name().toUpperCase(Locale.ROOT) + " (hstore-kv)");
                    r.bulk("since");
                    r.bulk("1.0.0");
                    r.bulk("group");
                    r.bulk(spec.firstKey() > 0 ? "generic" : "server");
                }
            }
            case "LIST" -> {
                List<String> names = new ArrayList<>();
                Glob pattern = null;
                if (a.count() == 5 && a.option(2).equals("FILTERBY") && a.option(3).equals("PATTERN")) {
                    pattern = Glob.compile(a.string(4));
                } else if (a.count() != 2 && !(a.count() == 5 && a.option(2).equals("FILTERBY"))) {
                    throw RedisError.syntax();
                }
                for (CommandTable.Spec spec : table.all()) {
                    if (pattern == null || pattern.matches(spec.name())) {
                        names.add(spec.name());
                    }
                }
                r.array(names.size());
                names.forEach(r::bulk);
            }
            case "GETKEYS" -> {
                if (a.count() < 3) {
                    throw RedisError.subcommandArity("command", sub);
                }
                CommandTable.Spec spec = table.find(a.string(2));
                if (spec == null) {
                    throw RedisError.invalidCommandSpecified();
                }
                int argc = a.count() - 2;
                if (!spec.arityAccepts(argc)) {
                    throw RedisError.invalidArgumentCount();
                }
                if (spec.firstKey() <= 0) {
                    throw RedisError.noKeyArguments();
                }
                List<byte[]> keys = spec.keyPositions(argc).mapToObj(i -> a.bytes(i + 2)).toList();
                r.array(keys.size());
                keys.forEach(r::bulk);
            }
            case "HELP" -> Subcommands.help(r, "COMMAND",
                    "(no subcommand)", "    Return details about all commands.",
                    "COUNT", "    Return the total number of commands in this server.",
                    "LIST", "    Return a list of all commands in this server.",
                    "INFO [<command-name> ...]", "    Return details about the specified commands.",
                    "DOCS [<command-name> ...]", "    Return documentation details about multiple commands.",
                    "GETKEYS <full-command>", "    Return the keys from a full command.");
            default -> throw RedisError.unknownSubcommand(a);
        }
    }

    /** Redis 7's 10-element command info. */
    private static void info(CommandTable.Spec spec, Reply r) {
        r.array(10);
        r.bulk(spec.name());
        r.integer(spec.arity());
        List<String> flags = new ArrayList<>();
        if (spec.firstKey() > 0 || spec.write()) {
            flags.add(spec.write() ? "write" : "readonly");
        }
        if (Dispatcher.NO_AUTH.contains(spec.name())) {
            flags.add("no_auth");
        }
        r.set(flags.size());
        flags.forEach(r::simple);
        r.integer(spec.firstKey());
        r.integer(spec.lastKey());
        r.integer(spec.keyStep());
        r.set(0);
        r.array(0);
        r.array(0);
        r.array(0);
    }
}
