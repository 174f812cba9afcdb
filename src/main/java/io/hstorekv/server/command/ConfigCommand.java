package io.hstorekv.server.command;

import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisError;
import io.hstorekv.server.resp.Reply;
import io.hstorekv.util.Glob;
import io.hstorekv.util.MemorySize;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CONFIG GET/SET/RESETSTAT/REWRITE/HELP over the few parameters a hstore-kv server has, and the
 * Redis parameters it accepts without an effect ({@link AcceptedParameters}).
 */
final class ConfigCommand {
    private ConfigCommand() {}

    static void register(CommandTable table) {
        table.keyless("config", -2, ConfigCommand::handle);
    }

    private static final List<String> PARAMETERS = List.of("bind", "databases", "maxclients", "port",
            "proto-max-bulk-len", "requirepass");

    private static void handle(Session c, Args a, Reply r) {
        Host server = c.server();
        String sub = a.option(1);
        switch (sub) {
            case "GET" -> {
                if (a.count() < 3) {
                    throw RedisError.subcommandArity("config", sub);
                }
                Map<String, String> found = new TreeMap<>();
                for (int i = 2; i < a.count(); i++) {
                    Glob pattern = Glob.compile(a.string(i).toLowerCase(Locale.ROOT));
                    for (String parameter : PARAMETERS) {
                        if (pattern.matches(parameter)) {
                            found.put(parameter, get(server, parameter));
                        }
                    }
                    for (String parameter : AcceptedParameters.names()) {
                        if (pattern.matches(parameter)) {
                            found.put(parameter, server.settings().accepted().get(parameter));
                        }
                    }
                }
                r.map(found.size());
                found.forEach((k, v) -> {
                    r.bulk(k);
                    r.bulk(v);
                });
            }
            case "SET" -> {
                if (a.count() < 4 || a.count() % 2 != 0) {
                    throw RedisError.subcommandArity("config", sub);
                }
                set(server, a);
                r.ok();
            }
            case "RESETSTAT" -> {
                if (a.count() != 2) {
                    throw RedisError.subcommandArity("config", sub);
                }
                server.stats().reset();
                r.ok();
            }
            case "REWRITE" -> throw RedisError.noConfigFile();
            case "HELP" -> Subcommands.help(r, "CONFIG",
                    "GET <pattern>", "    Return parameters matching the glob-like <pattern> and their values.",
                    "SET <directive> <value>", "    Set the configuration <directive> to <value>.",
                    "RESETSTAT", "    Reset statistics reported by the INFO command.",
                    "REWRITE", "    Not supported: the server has no config file.");
            default -> throw RedisError.unknownSubcommand(a);
        }
    }

    private static String get(Host server, String parameter) {
        return switch (parameter) {
            case "bind" -> server.bind();
            case "databases" -> Integer.toString(server.databases().count());
            case "maxclients" -> Integer.toString(server.settings().maxClients());
            case "port" -> Integer.toString(server.port());
            case "proto-max-bulk-len" -> Long.toString(server.settings().protoMaxBulkLen());
            case "requirepass" -> server.settings().requirePass() == null ? "" : server.settings().requirePass();
            default -> throw new IllegalStateException(parameter);
        };
    }

    /** Validates every pair first, then applies them all (as Redis: all or nothing). */
    private static void set(Host server, Args a) {
        Map<String, Runnable> apply = new LinkedHashMap<>();
        for (int i = 2; i < a.count(); i += 2) {
            String parameter = a.string(i).toLowerCase(Locale.ROOT);
            String value = a.string(i + 1);
            if (!PARAMETERS.contains(parameter) && !AcceptedParameters.known(parameter)) {
                throw RedisError.unknownConfigOption(a.string(i));
            }
            if (apply.containsKey(parameter)) {
                throw failed(parameter, "duplicate parameter");
            }
            if (AcceptedParameters.known(parameter)) {
                String checked = AcceptedParameters.checked(parameter, value);
                apply.put(parameter, () -> server.settings().accepted().set(parameter, checked));
                continue;
            }
            apply.put(parameter, switch (parameter) {
                case "bind", "port", "databases" -> throw failed(parameter, "can't set immutable config");
                case "maxclients" -> {
                    long n = parseInteger(parameter, value);
                    if (n < 1 || n > Integer.MAX_VALUE) {
                        throw failed(parameter, "argument must be between 1 and 2147483647 inclusive");
                    }
                    yield () -> server.settings().maxClients((int) n);
                }
                case "proto-max-bulk-len" -> {
                    long n = parseMemory(parameter, value);
                    if (n < 1024 * 1024) {
                        throw failed(parameter, "argument must be between 1048576 and 9223372036854775807 inclusive");
                    }
                    yield () -> server.settings().protoMaxBulkLen(n);
                }
                case "requirepass" -> () -> server.settings().requirePass(value);
                default -> throw new IllegalStateException(parameter);
            });
        }
        apply.values().forEach(Runnable::run);
    }

    private static RedisError failed(String parameter, String why) {
        return RedisError.configSetFailed(parameter, why);
    }

    private static long parseInteger(String parameter, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw failed(parameter, "argument couldn't be parsed into an integer");
        }
    }

    /** Redis memory values: a number with an optional unit b, k, kb, m, mb, g, gb (k = 1000, kb = 1024). */
    static long parseMemory(String parameter, String value) {
        try {
            return MemorySize.parse(value);
        } catch (IllegalArgumentException e) {
            throw failed(parameter, "argument must be a memory value");
        }
    }
}
