package io.hstorekv.server.command;

import io.hstorekv.ExpireCondition;
import io.hstorekv.KeyType;
import io.hstorekv.Namespace;
import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisError;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * COPY and MOVE: a key's value and TTL written under another name or in another database, in one
 * transaction (every namespace of the store shares it). Each type has its own {@link TypeCopy}; a
 * type without one fails loudly and changes nothing, so a new type cannot be half copied.
 */
final class KeyCopyCommands {
    /** Writes the value of {@code source} (in {@code from}) to the absent key {@code target} (in {@code to}). */
    @FunctionalInterface
    interface TypeCopy {
        void copy(Namespace from, String source, Namespace to, String target);
    }

    private static final Map<KeyType, TypeCopy> COPIES = new EnumMap<>(Map.of(
            KeyType.STRING, (from, source, to, target) -> to.set(target, from.getBytes(source)),
            KeyType.HASH, (from, source, to, target) -> to.hashes().setBytes(target, from.hashes().getAllBytes(source)),
            KeyType.SET, (from, source, to, target) ->
                    to.sets().add(target, from.sets().members(source).toArray(String[]::new))));

    private KeyCopyCommands() {}

    static void register(CommandTable table) {
        table.write("copy", -3, 1, 2, 1, (c, a, r) -> r.integer(copyCommand(c, a) ? 1 : 0))
             .write("move", 3, 1, 1, 1, (c, a, r) -> r.integer(moveCommand(c, a) ? 1 : 0));
    }

    /** COPY source destination [DB db] [REPLACE]. */
    private static boolean copyCommand(Session c, Args a) {
        int db = c.db();
        boolean replace = false;
        for (int i = 3; i < a.count(); i++) {
            if (a.option(i).equals("REPLACE")) {
                replace = true;
            } else if (a.option(i).equals("DB") && i + 1 < a.count()) {
                db = c.server().databases().check(database(a, ++i));
            } else {
                throw RedisError.syntax();
            }
        }
        String source = a.text(1);
        String target = a.text(2);
        if (db == c.db() && source.equals(target)) {
            throw RedisError.sameObject();
        }
        return copy(c.namespace(), source, c.server().databases().get(db), target, replace, false);
    }

    /** MOVE key db: the key goes to the other database unless it exists there. */
    private static boolean moveCommand(Session c, Args a) {
        int db = c.server().databases().check(database(a, 2));
        if (db == c.db()) {
            throw RedisError.sameObject();
        }
        return copy(c.namespace(), a.text(1), c.server().databases().get(db), a.text(1), false, true);
    }

    /** A database index: an integer of int range, as Redis's getIntFromObjectOrReply. */
    private static int database(Args a, int i) {
        long db = a.integer(i);
        if (db < Integer.MIN_VALUE || db > Integer.MAX_VALUE) {
            throw RedisError.notInteger();
        }
        return (int) db;
    }

    /** False when the source is absent or the target exists without {@code replace}. */
    private static boolean copy(Namespace from, String source, Namespace to, String target, boolean replace,
                                boolean deleteSource) {
        return from.inTransaction(() -> {
            from.watchToken(source); // holds the source still until commit
            KeyType type = from.type(source);
            if (type == KeyType.NONE) {
                return false;
            }
            TypeCopy copy = COPIES.get(type);
            if (copy == null) {
                throw RedisError.cannotCopyType(type.redisName());
            }
            if (to.exists(target)) {
                if (!replace) {
                    return false;
                }
                to.delete(target);
            }
            Instant expiresAt = from.expiresAt(source);
            copy.copy(from, source, to, target);
            if (expiresAt != null) {
                to.expireAt(target, expiresAt, ExpireCondition.ALWAYS);
            }
            if (deleteSource) {
                from.delete(source);
            }
            return true;
        });
    }
}
