package io.hstorekv.server.command;

import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisError;
import io.hstorekv.server.resp.Reply;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** CLIENT and its subcommands (ID SETNAME GETNAME INFO LIST SETINFO KILL NO-EVICT NO-TOUCH HELP). */
final class ClientCommand {
    private static final Set<String> CLIENT_TYPES = Set.of("NORMAL", "MASTER", "REPLICA", "SLAVE", "PUBSUB");

    private ClientCommand() {}

    static void register(CommandTable table) {
        table.keyless("client", -2, ClientCommand::handle);
    }

    private static void handle(Session c, Args a, Reply r) {
        String sub = a.option(1);
        switch (sub) {
            case "ID" -> {
                Subcommands.arity(a, 2, "client", sub);
                r.integer(c.id());
            }
            case "SETNAME" -> {
                Subcommands.arity(a, 3, "client", sub);
                String name = a.string(2);
                checkName(name);
                c.name(name);
                r.ok();
            }
            case "GETNAME" -> {
                Subcommands.arity(a, 2, "client", sub);
                r.bulk(c.name());
            }
            case "INFO" -> {
                Subcommands.arity(a, 2, "client", sub);
                r.verbatim(describe(c) + "\n");
            }
            case "LIST" -> list(c, a, r);
            case "SETINFO" -> {
                Subcommands.arity(a, 4, "client", sub);
                setInfo(c, a.option(2), a.string(3));
                r.ok();
            }
            case "KILL" -> kill(c, a, r);
            case "NO-EVICT", "NO-TOUCH" -> {
                Subcommands.arity(a, 3, "client", sub);
                String mode = a.option(2);
                if (!mode.equals("ON") && !mode.equals("OFF")) {
                    throw RedisError.syntax();
                }
                r.ok();
            }
            case "HELP" -> Subcommands.help(r, "CLIENT",
                    "GETNAME", "    Return the name of the current connection.",
                    "ID", "    Return the ID of the current connection.",
                    "INFO", "    Return information about the current client connection.",
                    "KILL <ip:port> | KILL <option> <value> [<option> <value> [...]]",
                    "    Kill connections by address (ID, ADDR, LADDR, SKIPME).",
                    "LIST [TYPE normal] [ID <id> [<id> ...]]", "    Return information about client connections.",
                    "SETINFO <LIB-NAME|LIB-VER> <value>", "    Set client meta attributes.",
                    "SETNAME <name>", "    Assign the name <name> to the current connection.");
            default -> throw RedisError.unknownSubcommand(a);
        }
    }

    /** Names and library attributes are printable ASCII without spaces, as CLIENT LIST shows them. */
    private static boolean printable(String text) {
        return text.chars().allMatch(ch -> ch >= '!' && ch <= '~');
    }

    static void checkName(String name) {
        if (!printable(name)) {
            throw RedisError.clientName();
        }
    }

    private static void setInfo(Session c, String attribute, String value) {
        if (!attribute.equals("LIB-NAME") && !attribute.equals("LIB-VER")) {
            throw RedisError.unrecognizedOption(attribute);
        }
        if (!printable(value)) {
            throw RedisError.clientAttribute(attribute.toLowerCase(Locale.ROOT));
        }
        if (attribute.equals("LIB-NAME")) {
            c.libName(value);
        } else {
            c.libVersion(value);
        }
    }

    private static void list(Session c, Args a, Reply r) {
        Set<Long> ids = null;
        for (int i = 2; i < a.count(); i++) {
            String option = a.option(i);
            if (option.equals("TYPE") && i + 1 < a.count()) {
                String type = a.option(++i);
                if (!CLIENT_TYPES.contains(type)) {
                    throw RedisError.unknownClientType(a.string(i));
                }
                if (!type.equals("NORMAL")) {
                    ids = Set.of();
                }
            } else if (option.equals("ID") && i + 1 < a.count()) {
                Set<Long> wanted = new HashSet<>();
                while (i + 1 < a.count()) {
                    long id;
                    try {
                        id = a.integer(++i);
                    } catch (RedisError e) {
                        throw RedisError.invalidClientId();
                    }
                    if (id <= 0) {
                        throw RedisError.invalidClientId();
                    }
                    wanted.add(id);
                }
                ids = ids == null ? wanted : ids;
            } else {
                throw RedisError.syntax();
            }
        }
        StringBuilder out = new StringBuilder();
        for (Session other : c.server().clients()) {
            if (ids == null || ids.contains(other.id())) {
                out.append(describe(other)).append('\n');
            }
        }
        r.verbatim(out.toString());
    }

    private static void kill(Session c, Args a, Reply r) {
        if (a.count() == 3) {
            String address = a.string(2);
            for (Session other : c.server().clients()) {
                if (other.address().equals(address)) {
                    kill(c, other);
                    r.ok();
                    return;
                }
            }
            throw RedisError.noSuchClient();
        }
        if (a.count() < 4 || a.count() % 2 != 0) {
            throw RedisError.syntax();
        }
        Long id = null;
        String addr = null;
        String laddr = null;
        boolean skipMe = true;
        for (int i = 2; i < a.count(); i += 2) {
            String option = a.option(i);
            switch (option) {
                case "ID" -> {
                    try {
                        id = a.integer(i + 1);
                    } catch (RedisError e) {
                        throw RedisError.clientIdNotPositive();
                    }
                    if (id <= 0) {
                        throw RedisError.clientIdNotPositive();
                    }
                }
                case "ADDR" -> addr = a.string(i + 1);
                case "LADDR" -> laddr = a.string(i + 1);
                case "SKIPME" -> {
                    String v = a.option(i + 1);
                    if (!v.equals("YES") && !v.equals("NO")) {
                        throw RedisError.syntax();
                    }
                    skipMe = v.equals("YES");
                }
                case "TYPE", "USER", "MAXAGE" -> {
                    // accepted; every client is a normal one of the default user
                }
                default -> throw RedisError.syntax();
            }
        }
        int killed = 0;
        for (Session other : c.server().clients()) {
            if ((id != null && other.id() != id) || (addr != null && !other.address().equals(addr))
                    || (laddr != null && !other.localAddress().equals(laddr)) || (skipMe && other == c)) {
                continue;
            }
            kill(c, other);
            killed++;
        }
        r.integer(killed);
    }

    private static void kill(Session me, Session other) {
        if (other == me) {
            me.closeAfterReply();
        } else {
            other.close();
        }
    }

    private static String describe(Session c) {
        long now = System.currentTimeMillis();
        String name = c.name() == null ? "" : c.name();
        MultiState multi = c.multi();
        return "id=" + c.id() + " addr=" + c.address() + " laddr=" + c.localAddress() + " fd=-1 name=" + name
                + " age=" + (now - c.createdMillis()) / 1000 + " idle=" + (now - c.lastInteractionMillis()) / 1000
                + " flags=" + (multi.open() ? "x" : "N") + " db=" + c.db() + " sub=0 psub=0 ssub=0 multi="
                + multi.queuedCount() + " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0"
                + " tot-mem=0 events=r cmd=" + c.lastCommand() + " user=default redir=-1 resp=" + c.protocol()
                + " lib-name=" + c.libName() + " lib-ver=" + c.libVersion();
    }
}
