package io.hstorekv.server.command;

import io.hstorekv.ScanPage;
import io.hstorekv.server.resp.RedisError;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One server's SCAN cursors. Redis clients expect a cursor to be a number (redis-py and redis-cli
 * parse it), too small to carry the key a scan resumes after, so the server remembers the key under
 * the number. A cursor can be used again (a client retries a page after a timeout, possibly on a
 * new connection) until it is among the least recently used past a bound; the number is a keyed
 * hash of database and key, so the same page always answers with the same cursor, another server
 * (another key) knows nothing of it, and a made-up or forgotten cursor is an error rather than a
 * silent restart.
 */
public final class ScanCursors {
    /** Open cursors kept: with keys of up to 2 KiB, at most about 20 MiB however clients scan. */
    private static final int MAX_OPEN = 10_000;

    private record Position(int db, String afterKey) {}

    private final byte[] secret = new SecureRandom().generateSeed(16);
    private final Map<Long, Position> open = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Position> eldest) {
            return size() > MAX_OPEN;
        }
    };

    /** The cursor to hand out for a scan of database {@code db} that goes on after {@code afterKey}. */
    public synchronized String issue(int db, String afterKey) {
        Position position = new Position(db, afterKey);
        long id = number(position);
        Position taken;
        while ((taken = open.get(id)) != null && !taken.equals(position)) {
            id = id == Long.MAX_VALUE ? 1 : id + 1; // another position hashed alike: the next free number
        }
        open.put(id, position);
        return Long.toString(id);
    }

    /** The key a scan of database {@code db} resumes after; "0" starts one. */
    public synchronized String resume(int db, String cursor) {
        if (cursor.equals("0")) {
            return ScanPage.START;
        }
        Position position;
        try {
            position = open.get(Long.parseLong(cursor));
        } catch (NumberFormatException e) {
            position = null;
        }
        if (position == null || position.db() != db) {
            throw RedisError.invalidCursor();
        }
        return position.afterKey();
    }

    /** A positive 63-bit number: fits every client's idea of a cursor (signed or unsigned 64 bits). */
    private long number(Position position) {
        MessageDigest digest = Digests.sha256();
        digest.update(secret);
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(position.db()).array());
        digest.update(position.afterKey().getBytes(StandardCharsets.UTF_8));
        long id = ByteBuffer.wrap(digest.digest()).getLong() & Long.MAX_VALUE;
        return id == 0 ? 1 : id;
    }

    /**
     * Checks a HSCAN/SSCAN cursor as Redis parses one (strtoul, base 10): "invalid cursor" unless
     * empty or an optionally signed run of digits within 64 bits.
     */
    static void check(String cursor) {
        String digits = cursor.startsWith("-") || cursor.startsWith("+") ? cursor.substring(1) : cursor;
        boolean valid = cursor.isEmpty() || (!digits.isEmpty() && digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')
                && new BigInteger(digits).bitLength() <= 64);
        if (!valid) {
            throw RedisError.invalidCursor();
        }
    }
}
