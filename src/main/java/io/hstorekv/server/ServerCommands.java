package io.hstorekv.server;

import io.hstorekv.Namespace;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Connection and server commands with Redis 7's semantics and texts: PING, ECHO, HELLO, AUTH,
 * SELECT, QUIT, RESET, CLIENT, INFO, DBSIZE, FLUSHDB, FLUSHALL, TIME, COMMAND, CONFIG, and the
 * MULTI/EXEC/DISCARD/WATCH/UNWATCH entry points (whose work is the {@link TransactionRunner}'s).
 */
public final class ServerCommands {
    private static final String RUN_ID = HexFormat.of().formatHex(new SecureRandom().generateSeed(20));

    private ServerCommands() {}

    public static void register(CommandTable table) {
        table.keyless("ping", -1, ServerCommands::ping)
             .keyless("echo", 2, (c, a, r) -> r.bulk(a.bytes(1)))
             .keyless("hello", -1, ServerCommands::hello)
             .keyless("auth", -2, ServerCommands::auth)
             .keyless("select", 2, ServerCommands::select)
             .keyless("quit", -1, (c, a, r) -> {
                 conn(c).closeAfterReply();
                 r.ok();
             })
             .keyless("reset", 1, ServerCommands::reset)
             .keyless("client", -2, ClientCommand::handle)
             .keyless("info", -1, InfoCommand::handle)
             .keyless("dbsize", 1, (c, a, r) -> r.integer(c.namespace().count()))
             .write("flushdb", -1, 0, 0, 0, (c, a, r) -> {
                 flushMode(a);
                 c.namespace().flush();
                 r.ok();
             })
             .write("flushall", -1, 0, 0, 0, (c, a, r) -> {
                 flushMode(a);
                 Databases dbs = conn(c).server().databases();
                 for (int i = 0; i < dbs.count(); i++) {
                     dbs.get(i).flush();
                 }
                 r.ok();
             })
             .keyless("time", 1, ServerCommands::time)
             .keyless("command", -1, CommandCommand::handle)
             .keyless("config", -2, ConfigCommand::handle)
             .keyless("multi", 1, (c, a, r) -> dispatcher(c).multi(conn(c), r))
             .keyless("exec", 1, (c, a, r) -> dispatcher(c).exec(conn(c), r))
             .keyless("discard", 1, (c, a, r) -> dispatcher(c).discard(conn(c), r))
             .read("watch", -2, 1, -1, 1, (c, a, r) -> dispatcher(c).watch(conn(c), a.texts(1), r))
             .keyless("unwatch", 1, (c, a, r) -> dispatcher(c).unwatch(conn(c), r));
    }

    static ConnectionState conn(Client c) {
        return (ConnectionState) c;
    }

    private static Dispatcher dispatcher(Client c) {
        return conn(c).server().dispatcher();
    }

    /** A container command's subcommand arity error, as Redis 7 words it ("'client|setname'"). */
    static RedisError subcommandArity(String command, String sub) {
        return new RedisError(Dispatcher.wrongArity(command + "|" + sub.toLowerCase(Locale.ROOT)));
    }

    static RedisError unknownSubcommand(Args a) {
        String sub = a.string(1);
        if (sub.length() > 128) {
            sub = sub.substring(0, 128);
        }
        return new RedisError("ERR unknown subcommand '" + sub + "'. Try " + a.string(0).toUpperCase(Locale.ROOT) + " HELP.");
    }

    static void help(Reply r, String command, String... lines) {
        r.array(lines.length + 3);
        r.simple(command + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : lines) {
            r.simple(line);
        }
        r.simple("HELP");
        r.simple("    Print this help.");
    }

    private static void ping(Client c, Args a, Reply r) {
        if (a.count() > 2) {
            throw new RedisError(Dispatcher.wrongArity("ping"));
        }
        if (a.count() == 1) {
            r.simple("PONG");
        } else {
            r.bulk(a.bytes(1));
        }
    }

    private static void select(Client c, Args a, Reply r) {
        long db = a.integer(1);
        if (db < Integer.MIN_VALUE || db > Integer.MAX_VALUE) {
            throw RedisError.notInteger();
        }
        conn(c).select((int) db);
        r.ok();
    }

    private static void flushMode(Args a) {
        if (a.count() > 2 || (a.count() == 2 && !Set.of("ASYNC", "SYNC").contains(a.option(1)))) {
            throw RedisError.syntax();
        }
    }

    private static void time(Client c, Args a, Reply r) {
        Instant now = Instant.now();
        r.array(2);
        r.bulk(Long.toString(now.getEpochSecond()));
        r.bulk(Long.toString(now.getNano() / 1000));
    }

    private static void reset(Client c, Args a, Reply r) {
        ConnectionState conn = conn(c);
        if (conn.inMulti()) {
            conn.endMulti();
        }
        conn.server().commands().transactions().unwatch(conn);
        conn.select(0);
        conn.protocol(2);
        conn.name(null);
        conn.authenticated(conn.server().requirePass() == null);
        r.simple("RESET");
    }

    // ---- AUTH and HELLO ----

    private static void auth(Client c, Args a, Reply r) {
        if (a.count() > 3) {
            throw RedisError.syntax();
        }
        ConnectionState conn = conn(c);
        if (a.count() == 2 && conn.server().requirePass() == null) {
            throw new RedisError("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
        }
        byte[] user = a.count() == 3 ? a.bytes(1) : "default".getBytes(StandardCharsets.UTF_8);
        authenticate(conn, user, a.bytes(a.count() - 1));
        r.ok();
    }

    /** The only user is "default", with requirepass as its password (or none: any password). */
    private static void authenticate(ConnectionState conn, byte[] user, byte[] password) {
        boolean userOk = java.security.MessageDigest.isEqual(user, "default".getBytes(StandardCharsets.UTF_8));
        boolean passwordOk = conn.server().dispatcher().passwordMatches(password);
        if (!(userOk & passwordOk)) {
            throw new RedisError("WRONGPASS invalid username-password pair or user is disabled.");
        }
        conn.authenticated(true);
    }

    private static void hello(Client c, Args a, Reply r) {
        ConnectionState conn = conn(c);
        int version = 0;
        int next = 1;
        if (a.count() >= 2) {
            long v;
            try {
                v = a.integer(1);
            } catch (RedisError e) {
                throw new RedisError("ERR Protocol version is not an integer or out of range");
            }
            next = 2;
            if (v < 2 || v > 3) {
                throw new RedisError("NOPROTO unsupported protocol version");
            }
            version = (int) v;
        }
        byte[] user = null;
        byte[] password = null;
        String name = null;
        for (int j = next; j < a.count(); j++) {
            int more = a.count() - 1 - j;
            String option = a.option(j);
            if (option.equals("AUTH") && more >= 2) {
                user = a.bytes(j + 1);
                password = a.bytes(j + 2);
                j += 2;
            } else if (option.equals("SETNAME") && more >= 1) {
                name = a.string(j + 1);
                j++;
            } else {
                throw new RedisError("ERR Syntax error in HELLO option '" + a.string(j) + "'");
            }
        }
        if (user != null) {
            authenticate(conn, user, password);
        }
        if (!conn.authenticated()) {
            throw new RedisError("NOAUTH HELLO must be called with the client already authenticated, otherwise the "
                    + "HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select "
                    + "the RESP protocol version at the same time");
        }
        if (name != null) {
            ClientCommand.checkName(name);
            conn.name(name);
        }
        if (version != 0) {
            conn.protocol(version);
        }
        r.map(7);
        r.bulk("server");
        r.bulk("redis");
        r.bulk("version");
        r.bulk(RedisServer.REDIS_VERSION);
        r.bulk("proto");
        r.integer(conn.protocol());
        r.bulk("id");
        r.integer(conn.id());
        r.bulk("mode");
        r.bulk("standalone");
        r.bulk("role");
        r.bulk("master");
        r.bulk("modules");
        r.array(0);
    }

    // ---- CLIENT ----

    static final class ClientCommand {
        private ClientCommand() {}

        static void handle(Client c, Args a, Reply r) {
            ConnectionState conn = conn(c);
            String sub = a.option(1);
            switch (sub) {
                case "ID" -> {
                    arity(a, 2, sub);
                    r.integer(conn.id());
                }
                case "SETNAME" -> {
                    arity(a, 3, sub);
                    String name = a.string(2);
                    checkName(name);
                    conn.name(name);
                    r.ok();
                }
                case "GETNAME" -> {
                    arity(a, 2, sub);
                    r.bulk(conn.name());
                }
                case "INFO" -> {
                    arity(a, 2, sub);
                    verbatim(r, describe(conn) + "\n");
                }
                case "LIST" -> list(conn, a, r);
                case "SETINFO" -> {
                    arity(a, 4, sub);
                    setInfo(conn, a.option(2), a.string(3));
                    r.ok();
                }
                case "KILL" -> kill(conn, a, r);
                case "NO-EVICT", "NO-TOUCH" -> {
                    arity(a, 3, sub);
                    String mode = a.option(2);
                    if (!mode.equals("ON") && !mode.equals("OFF")) {
                        throw RedisError.syntax();
                    }
                    r.ok();
                }
                case "HELP" -> help(r, "CLIENT",
                        "GETNAME", "    Return the name of the current connection.",
                        "ID", "    Return the ID of the current connection.",
                        "INFO", "    Return information about the current client connection.",
                        "KILL <ip:port> | KILL <option> <value> [<option> <value> [...]]",
                        "    Kill connections by address (ID, ADDR, LADDR, SKIPME).",
                        "LIST [TYPE normal] [ID <id> [<id> ...]]", "    Return information about client connections.",
                        "SETINFO <LIB-NAME|LIB-VER> <value>", "    Set client meta attributes.",
                        "SETNAME <name>", "    Assign the name <name> to the current connection.");
                default -> throw unknownSubcommand(a);
            }
        }

        private static void arity(Args a, int wanted, String sub) {
            if (a.count() != wanted) {
                throw subcommandArity("client", sub);
            }
        }

        static void checkName(String name) {
            for (int i = 0; i < name.length(); i++) {
                char ch = name.charAt(i);
                if (ch < '!' || ch > '~') {
                    throw new RedisError("ERR Client names cannot contain spaces, newlines or special characters.");
                }
            }
        }

        private static void setInfo(ConnectionState conn, String attribute, String value) {
            String label = attribute.toLowerCase(Locale.ROOT);
            if (!attribute.equals("LIB-NAME") && !attribute.equals("LIB-VER")) {
                throw new RedisError("ERR Unrecognized option '" + attribute.toLowerCase(Locale.ROOT) + "'");
            }
            for (int i = 0; i < value.length(); i++) {
                char ch = value.charAt(i);
                if (ch < '!' || ch > '~') {
                    throw new RedisError("ERR " + label + " cannot contain spaces, newlines or special characters.");
                }
            }
            if (attribute.equals("LIB-NAME")) {
                conn.libName(value);
            } else {
                conn.libVersion(value);
            }
        }

        private static void list(ConnectionState conn, Args a, Reply r) {
            Set<Long> ids = null;
            for (int i = 2; i < a.count(); i++) {
                String option = a.option(i);
                if (option.equals("TYPE") && i + 1 < a.count()) {
                    String type = a.option(++i);
                    if (!Set.of("NORMAL", "MASTER", "REPLICA", "SLAVE", "PUBSUB").contains(type)) {
                        throw new RedisError("ERR Unknown client type '" + a.string(i) + "'");
                    }
                    if (!type.equals("NORMAL")) {
                        ids = Set.of();
                    }
                } else if (option.equals("ID") && i + 1 < a.count()) {
                    Set<Long> wanted = new java.util.HashSet<>();
                    while (i + 1 < a.count()) {
                        long id;
                        try {
                            id = a.integer(++i);
                        } catch (RedisError e) {
                            throw new RedisError("ERR Invalid client ID");
                        }
                        if (id <= 0) {
                            throw new RedisError("ERR Invalid client ID");
                        }
                        wanted.add(id);
                    }
                    ids = ids == null ? wanted : ids;
                } else {
                    throw RedisError.syntax();
                }
            }
            StringBuilder out = new StringBuilder();
            for (ConnectionState other : conn.server().clients()) {
                if (ids == null || ids.contains(other.id())) {
                    out.append(describe(other)).append('\n');
                }
            }
            verbatim(r, out.toString());
        }

        private static void kill(ConnectionState conn, Args a, Reply r) {
            if (a.count() == 3) {
                String address = a.string(2);
                for (ConnectionState other : conn.server().clients()) {
                    if (other.address().equals(address)) {
                        kill(conn, other);
                        r.ok();
                        return;
                    }
                }
                throw new RedisError("ERR No such client");
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
                            throw new RedisError("ERR client-id should be greater than 0");
                        }
                        if (id <= 0) {
                            throw new RedisError("ERR client-id should be greater than 0");
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
            for (ConnectionState other : conn.server().clients()) {
                if ((id != null && other.id() != id) || (addr != null && !other.address().equals(addr))
                        || (laddr != null && !other.localAddress().equals(laddr)) || (skipMe && other == conn)) {
                    continue;
                }
                kill(conn, other);
                killed++;
            }
            r.integer(killed);
        }

        private static void kill(ConnectionState me, ConnectionState other) {
            if (other == me) {
                me.closeAfterReply();
            } else {
                other.close();
            }
        }

        static String describe(ConnectionState c) {
            long now = System.currentTimeMillis();
            String name = c.name() == null ? "" : c.name();
            return "id=" + c.id() + " addr=" + c.address() + " laddr=" + c.localAddress() + " fd=-1 name=" + name
                    + " age=" + (now - c.createdMillis()) / 1000 + " idle=" + (now - c.lastInteractionMillis()) / 1000
                    + " flags=" + (c.inMulti() ? "x" : "N") + " db=" + c.db() + " sub=0 psub=0 ssub=0 multi="
                    + c.queuedCount() + " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0"
                    + " tot-mem=0 events=r cmd=" + c.lastCommand() + " user=default redir=-1 resp=" + c.protocol()
                    + " lib-name=" + c.libName() + " lib-ver=" + c.libVersion();
        }
    }

    static void verbatim(Reply r, String text) {
        if (r instanceof RespWriter w) {
            w.verbatim(text);
        } else {
            r.bulk(text);
        }
    }

    // ---- INFO ----

    static final class InfoCommand {
        private static final List<String> DEFAULT = List.of("server", "clients", "memory", "persistence", "stats",
                "replication", "cpu", "keyspace");

        private InfoCommand() {}

        static void handle(Client c, Args a, Reply r) {
            List<String> sections = new ArrayList<>();
            if (a.count() == 1) {
                sections.addAll(DEFAULT);
            }
            for (int i = 1; i < a.count(); i++) {
                String s = a.string(i).toLowerCase(Locale.ROOT);
                if (s.equals("all") || s.equals("default") || s.equals("everything")) {
                    sections.addAll(DEFAULT);
                } else if (!sections.contains(s)) {
                    sections.add(s);
                }
            }
            verbatim(r, info(conn(c).server(), sections.stream().distinct().toList()));
        }

        static String info(RedisServer server, List<String> sections) {
            StringBuilder out = new StringBuilder();
            for (String section : sections) {
                Map<String, Object> fields = fields(server, section);
                if (fields == null) {
                    continue;
                }
                if (out.length() > 0) {
                    out.append("\r\n");
                }
                out.append("# ").append(Character.toUpperCase(section.charAt(0))).append(section.substring(1)).append("\r\n");
                fields.forEach((k, v) -> out.append(k).append(':').append(v).append("\r\n"));
            }
            return out.toString();
        }

        private static Map<String, Object> fields(RedisServer server, String section) {
            Map<String, Object> f = new LinkedHashMap<>();
            long now = System.currentTimeMillis();
            switch (section) {
                case "server" -> {
                    long uptime = (now - server.startedMillis()) / 1000;
                    f.put("redis_version", RedisServer.REDIS_VERSION);
                    f.put("hstore_kv_version", version());
                    f.put("redis_mode", "standalone");
                    f.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                            + System.getProperty("os.arch"));
                    f.put("arch_bits", System.getProperty("sun.arch.data.model", "64"));
                    f.put("java_version", System.getProperty("java.version"));
                    f.put("process_id", ProcessHandle.current().pid());
                    f.put("run_id", RUN_ID);
                    f.put("tcp_port", server.port());
                    f.put("server_time_usec", now * 1000);
                    f.put("uptime_in_seconds", uptime);
                    f.put("uptime_in_days", uptime / 86400);
                    f.put("storage", server.config().storageDescription());
                }
                case "clients" -> {
                    f.put("connected_clients", server.connectedClients());
                    f.put("maxclients", server.maxClients());
                    f.put("blocked_clients", 0);
                    f.put("tracking_clients", 0);
                }
                case "memory" -> {
                    Runtime rt = Runtime.getRuntime();
                    long used = rt.totalMemory() - rt.freeMemory();
                    f.put("used_memory", used);
                    f.put("used_memory_human", human(used));
                    f.put("jvm_heap_committed", rt.totalMemory());
                    f.put("jvm_heap_max", rt.maxMemory());
                    f.put("maxmemory", 0);
                    f.put("maxmemory_policy", "noeviction");
                }
                case "persistence" -> {
                    f.put("loading", 0);
                    f.put("storage", "postgresql");
                    f.put("aof_enabled", 0);
                    f.put("rdb_bgsave_in_progress", 0);
                }
                case "stats" -> {
                    ServerStats s = server.stats();
                    f.put("total_connections_received", s.connectionsReceived());
                    f.put("total_commands_processed", s.commandsProcessed());
                    f.put("rejected_connections", s.rejectedConnections());
                    f.put("keyspace_hits", s.keyspaceHits());
                    f.put("keyspace_misses", s.keyspaceMisses());
                    f.put("total_error_replies", s.errorReplies());
                    f.put("total_net_output_bytes", s.netOutputBytes.sum());
                    f.put("cache_hit_ratio", String.format(Locale.ROOT, "%.4f", server.cacheHitRatio()));
                }
                case "replication" -> {
                    f.put("role", "master");
                    f.put("connected_slaves", 0);
                }
                case "cpu" -> {
                    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                        f.put("used_cpu_total", String.format(Locale.ROOT, "%.6f", os.getProcessCpuTime() / 1e9));
                    }
                    f.put("available_processors", Runtime.getRuntime().availableProcessors());
                }
                case "keyspace" -> {
                    Databases dbs = server.databases();
                    for (int i = 0; i < dbs.count(); i++) {
                        long keys;
                        try {
                            keys = dbs.get(i).count();
                        } catch (RuntimeException e) {
                            continue;
                        }
                        if (keys > 0) {
                            f.put("db" + i, "keys=" + keys + ",expires=0,avg_ttl=0");
                        }
                    }
                }
                default -> {
                    return null;
                }
            }
            return f;
        }

        private static String human(long bytes) {
            if (bytes < 1024) {
                return bytes + "B";
            }
            String[] units = {"K", "M", "G", "T"};
            double v = bytes;
            int u = -1;
            while (v >= 1024 && u < units.length - 1) {
                v /= 1024;
                u++;
            }
            return String.format(Locale.ROOT, "%.2f%s", v, units[u]);
        }
    }

    static String version() {
        String v = ServerCommands.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    // ---- COMMAND ----

    static final class CommandCommand {
        private CommandCommand() {}

        static void handle(Client c, Args a, Reply r) {
            CommandTable table = conn(c).server().commands();
            if (a.count() == 1) {
                r.array(table.all().size());
                table.all().forEach(spec -> info(spec, r));
                return;
            }
            String sub = a.option(1);
            switch (sub) {
                case "COUNT" -> {
                    if (a.count() != 2) {
                        throw subcommandArity("command", sub);
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
                    java.util.regex.Pattern pattern = null;
                    if (a.count() == 5 && a.option(2).equals("FILTERBY") && a.option(3).equals("PATTERN")) {
                        pattern = io.hstorekv.util.Glob.compile(a.string(4)).javaPattern();
                    } else if (a.count() != 2 && !(a.count() == 5 && a.option(2).equals("FILTERBY"))) {
                        throw RedisError.syntax();
                    }
                    for (CommandTable.Spec spec : table.all()) {
                        if (pattern == null || pattern.matcher(spec.name()).matches()) {
                            names.add(spec.name());
                        }
                    }
                    r.array(names.size());
                    names.forEach(r::bulk);
                }
                case "GETKEYS" -> {
                    if (a.count() < 3) {
                        throw subcommandArity("command", sub);
                    }
                    CommandTable.Spec spec = table.find(a.string(2));
                    if (spec == null) {
                        throw new RedisError("ERR Invalid command specified");
                    }
                    int argc = a.count() - 2;
                    if (!spec.arityAccepts(argc)) {
                        throw new RedisError("ERR Invalid number of arguments specified for command");
                    }
                    if (spec.firstKey() <= 0) {
                        throw new RedisError("ERR The command has no key arguments");
                    }
                    int last = spec.lastKey() < 0 ? argc + spec.lastKey() : spec.lastKey();
                    List<byte[]> keys = new ArrayList<>();
                    for (int i = spec.firstKey(); i <= last && i < argc; i += Math.max(1, spec.keyStep())) {
                        keys.add(a.bytes(i + 2));
                    }
                    r.array(keys.size());
                    keys.forEach(r::bulk);
                }
                case "HELP" -> help(r, "COMMAND",
                        "(no subcommand)", "    Return details about all commands.",
                        "COUNT", "    Return the total number of commands in this server.",
                        "LIST", "    Return a list of all commands in this server.",
                        "INFO [<command-name> ...]", "    Return details about the specified commands.",
                        "DOCS [<command-name> ...]", "    Return documentation details about multiple commands.",
                        "GETKEYS <full-command>", "    Return the keys from a full command.");
                default -> throw unknownSubcommand(a);
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
            if (Set.of("auth", "hello", "quit", "reset").contains(spec.name())) {
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

    // ---- CONFIG ----

    static final class ConfigCommand {
        private ConfigCommand() {}

        private static final List<String> PARAMETERS = List.of("bind", "databases", "maxclients", "port",
                "proto-max-bulk-len", "requirepass");

        static void handle(Client c, Args a, Reply r) {
            RedisServer server = conn(c).server();
            String sub = a.option(1);
            switch (sub) {
                case "GET" -> {
                    if (a.count() < 3) {
                        throw subcommandArity("config", sub);
                    }
                    Map<String, String> found = new java.util.TreeMap<>();
                    for (int i = 2; i < a.count(); i++) {
                        java.util.regex.Pattern pattern =
                                io.hstorekv.util.Glob.compile(a.string(i).toLowerCase(Locale.ROOT)).javaPattern();
                        for (String parameter : PARAMETERS) {
                            if (pattern.matcher(parameter).matches()) {
                                found.put(parameter, get(server, parameter));
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
                        throw subcommandArity("config", sub);
                    }
                    set(server, a);
                    r.ok();
                }
                case "RESETSTAT" -> {
                    if (a.count() != 2) {
                        throw subcommandArity("config", sub);
                    }
                    server.stats().reset();
                    r.ok();
                }
                case "REWRITE" -> throw new RedisError("ERR The server is running without a config file");
                case "HELP" -> help(r, "CONFIG",
                        "GET <pattern>", "    Return parameters matching the glob-like <pattern> and their values.",
                        "SET <directive> <value>", "    Set the configuration <directive> to <value>.",
                        "RESETSTAT", "    Reset statistics reported by the INFO command.",
                        "REWRITE", "    Not supported: the server has no config file.");
                default -> throw unknownSubcommand(a);
            }
        }

        private static String get(RedisServer server, String parameter) {
            return switch (parameter) {
                case "bind" -> server.config().bind();
                case "databases" -> Integer.toString(server.databases().count());
                case "maxclients" -> Integer.toString(server.maxClients());
                case "port" -> Integer.toString(server.port());
                case "proto-max-bulk-len" -> Long.toString(server.protoMaxBulkLen());
                case "requirepass" -> server.requirePass() == null ? "" : server.requirePass();
                default -> throw new IllegalStateException(parameter);
            };
        }

        /** Validates every pair first, then applies them all (as Redis: all or nothing). */
        private static void set(RedisServer server, Args a) {
            Map<String, Runnable> apply = new LinkedHashMap<>();
            for (int i = 2; i < a.count(); i += 2) {
                String parameter = a.string(i).toLowerCase(Locale.ROOT);
                String value = a.string(i + 1);
                if (!PARAMETERS.contains(parameter)) {
                    throw new RedisError("ERR Unknown option or number of arguments for CONFIG SET - '" + a.string(i) + "'");
                }
                if (apply.containsKey(parameter)) {
                    throw failed(parameter, "duplicate parameter");
                }
                apply.put(parameter, switch (parameter) {
                    case "bind", "port", "databases" -> throw failed(parameter, "can't set immutable config");
                    case "maxclients" -> {
                        long n = parseInteger(parameter, value);
                        if (n < 1 || n > Integer.MAX_VALUE) {
                            throw failed(parameter, "argument must be between 1 and 2147483647 inclusive");
                        }
                        yield () -> server.maxClients((int) n);
                    }
                    case "proto-max-bulk-len" -> {
                        long n = parseMemory(parameter, value);
                        if (n < 1024 * 1024) {
                            throw failed(parameter, "argument must be between 1048576 and 9223372036854775807 inclusive");
                        }
                        yield () -> server.protoMaxBulkLen(n);
                    }
                    case "requirepass" -> () -> server.requirePass(value);
                    default -> throw new IllegalStateException(parameter);
                });
            }
            apply.values().forEach(Runnable::run);
        }

        private static RedisError failed(String parameter, String why) {
            return new RedisError("ERR CONFIG SET failed (possibly related to argument '" + parameter + "') - " + why);
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
            String v = value.toLowerCase(Locale.ROOT);
            long multiplier = 1;
            String[][] units = {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"}, {"k", "1000"},
                    {"m", "1000000"}, {"g", "1000000000"}, {"b", "1"}};
            for (String[] unit : units) {
                if (v.endsWith(unit[0])) {
                    multiplier = Long.parseLong(unit[1]);
                    v = v.substring(0, v.length() - unit[0].length());
                    break;
                }
            }
            try {
                return Math.multiplyExact(Long.parseLong(v), multiplier);
            } catch (NumberFormatException | ArithmeticException e) {
                throw failed(parameter, "argument must be a memory value");
            }
        }
    }
}
