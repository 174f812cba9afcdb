package io.hstorekv.server.command;

import com.sun.management.OperatingSystemMXBean;
import io.hstorekv.Namespace;
import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.Reply;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * INFO [section ...]: Redis's sections with what hstore-kv can tell. It only reads: the keyspace
 * section counts the databases whose namespaces exist and creates none.
 */
final class InfoCommand {
    private static final String RUN_ID = HexFormat.of().formatHex(new SecureRandom().generateSeed(20));
    private static final List<String> DEFAULT = List.of("server", "clients", "memory", "persistence", "stats",
            "replication", "cpu", "keyspace");
    private static final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(InfoCommand.class));

    private InfoCommand() {}

    static void register(CommandTable table) {
        table.keyless("info", -1, InfoCommand::handle);
    }

    private static void handle(Session c, Args a, Reply r) {
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
        r.verbatim(info(c.server(), sections.stream().distinct().toList()));
    }

    private static String info(Host server, List<String> sections) {
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

    /** A section's fields in order; null for a section INFO does not know. */
    private static Map<String, Object> fields(Host server, String section) {
        Map<String, Object> f = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        switch (section) {
            case "server" -> {
                long uptime = (now - server.startedMillis()) / 1000;
                f.put("redis_version", CommandTable.REDIS_VERSION);
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
                f.put("storage", server.storageDescription());
            }
            case "clients" -> {
                f.put("connected_clients", server.connectedClients());
                f.put("maxclients", server.settings().maxClients());
                f.put("blocked_clients", server.stats().blockedClients());
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
                f.put("database_status", server.databaseAvailable() ? "up" : "down");
                if (!server.storageJdbcUrl().isEmpty()) {
                    f.put("storage_psql", server.storagePsql());
                    f.put("storage_jdbc_url", server.storageJdbcUrl());
                }
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
                f.put("total_net_input_bytes", s.netInputBytes());
                f.put("total_net_output_bytes", s.netOutputBytes());
                f.put("cache_hit_ratio", String.format(Locale.ROOT, "%.4f", server.cacheHitRatio()));
            }
            case "replication" -> {
                f.put("role", "master");
                f.put("connected_slaves", 0);
            }
            case "cpu" -> {
                if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
                    f.put("used_cpu_total", String.format(Locale.ROOT, "%.6f", os.getProcessCpuTime() / 1e9));
                }
                f.put("available_processors", Runtime.getRuntime().availableProcessors());
            }
            case "keyspace" -> keyspace(server.databases(), f);
            default -> {
                return null;
            }
        }
        return f;
    }

    /** Redis's db<n> lines for the databases that hold keys; a database that cannot be counted is logged and left out. */
    private static void keyspace(Databases dbs, Map<String, Object> f) {
        for (int i = 0; i < dbs.count(); i++) {
            long keys;
            try {
                Optional<Namespace> ns = dbs.existing(i);
                keys = ns.isEmpty() ? 0 : ns.get().count();
            } catch (RuntimeException e) {
                log.failure("INFO keyspace: cannot count the keys of database " + i, e);
                continue;
            }
            if (keys > 0) {
                f.put("db" + i, "keys=" + keys + ",expires=0,avg_ttl=0");
            }
        }
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

    private static String version() {
        String v = InfoCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
