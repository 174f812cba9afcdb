package io.hstorekv.server.command;

import io.hstorekv.BinaryKeys;
import io.hstorekv.KeyType;
import io.hstorekv.Namespace;
import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisError;
import io.hstorekv.server.resp.Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OBJECT ENCODING/FREQ/IDLETIME/REFCOUNT/HELP as far as they mean something here. ENCODING names the
 * encoding Redis 7.0 would choose for the value, from the thresholds CONFIG SET stores (the storage
 * here is the same whatever it says); IDLETIME is 0 (access times are not kept); REFCOUNT is 1; FREQ
 * is Redis's error for a server without an LFU policy. A missing key is the null reply.
 */
final class ObjectCommand {
    /** Redis's sdsEncodedObject limit: longer strings are "raw". */
    private static final int EMBSTR_MAX = 44;

    private ObjectCommand() {}

    static void register(CommandTable table) {
        table.read("object", -2, 2, 2, 1, ObjectCommand::handle);
    }

    private static void handle(Session c, Args a, Reply r) {
        String sub = a.option(1);
        if (sub.equals("HELP") && a.count() != 2) {
            throw RedisError.subcommandArity("object", a.string(1));
        }
        if (sub.equals("HELP")) {
            Subcommands.help(r, "OBJECT",
                    "ENCODING <key>", "    Return the kind of internal representation used in order to store the value",
                    "    associated with a <key>.",
                    "FREQ <key>", "    Return the access frequency index of the <key>. The returned integer is",
                    "    proportional to the logarithm of the recent access frequency of the key.",
                    "IDLETIME <key>", "    Return the idle time of the <key>, that is the approximated number of",
                    "    seconds elapsed since the last access to the key.",
                    "REFCOUNT <key>", "    Return the number of references of the value associated with the specified",
                    "    <key>.");
            return;
        }
        if (!List.of("ENCODING", "FREQ", "IDLETIME", "REFCOUNT").contains(sub)) {
            throw RedisError.unknownSubcommand(a);
        }
        if (a.count() != 3) {
            throw RedisError.subcommandArity("object", a.string(1));
        }
        Namespace ns = c.namespace();
        String key = a.text(2);
        KeyType type = ns.type(key);
        if (type == KeyType.NONE) {
            r.nil();
            return;
        }
        switch (sub) {
            case "ENCODING" -> r.bulk(encoding(c, ns, key, type));
            case "FREQ" -> throw RedisError.lfuNotSelected();
            case "IDLETIME" -> r.integer(0);
            default -> r.integer(1);
        }
    }

    private static String encoding(Session c, Namespace ns, String key, KeyType type) {
        AcceptedParameters limits = c.server().settings().accepted();
        return switch (type) {
            case STRING -> {
                byte[] value = ns.getBytes(key);
                yield isInteger(new String(value, StandardCharsets.ISO_8859_1)) ? "int" : value.length <= EMBSTR_MAX ? "embstr" : "raw";
            }
            case HASH -> {
                Map<String, byte[]> fields = ns.hashes().getAllBytes(key);
                long maxValue = Long.parseLong(limits.get("hash-max-listpack-value"));
                boolean small = fields.size() <= Long.parseLong(limits.get("hash-max-listpack-entries"))
                        && fields.entrySet().stream().allMatch(e ->
                                BinaryKeys.bytes(e.getKey()).length <= maxValue && e.getValue().length <= maxValue);
                yield small ? "listpack" : "hashtable";
            }
            case SET -> {
                Set<String> members = ns.sets().members(key);
                boolean integers = members.size() <= Long.parseLong(limits.get("set-max-intset-entries"))
                        && members.stream().allMatch(ObjectCommand::isInteger);
                yield integers ? "intset" : "hashtable";
            }
            case LIST -> "quicklist";
            case ZSET -> "skiplist";
            case NONE -> throw new IllegalStateException("an absent key has no encoding");
        };
    }

    /** Whether Redis would keep the string as a long: canonical decimal digits, in long range. */
    private static boolean isInteger(String s) {
        if (s.isEmpty() || s.length() > 20 || s.startsWith("+") || s.length() > 1 && (s.startsWith("0") || s.startsWith("-0"))
                || s.equals("-")) {
            return false;
        }
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
