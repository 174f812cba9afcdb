package io.hstorekv.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Redis clients expect SCAN cursors to be numbers (redis-py parses them), while our scan resumes
 * after a key. This maps issued numbers to keys; the oldest are forgotten past a bound, and a
 * forgotten or made-up cursor is an error rather than a silent restart.
 */
final class ScanCursors {
    private static final int MAX_OPEN = 100_000;

    private final Map<Long, String> open = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            return size() > MAX_OPEN;
        }
    };
    private long next = 1;

    /** The number to hand out for a scan that goes on after {@code key}. */
    synchronized long issue(String key) {
        long id = next++;
        open.put(id, key);
        return id;
    }

    /**
     * Checks a HSCAN/SSCAN cursor as Redis parses one (strtoul, base 10): "invalid cursor" unless
     * empty or an optionally signed run of digits within 64 bits.
     */
    static void check(String cursor) {
        String digits = cursor.startsWith("-") || cursor.startsWith("+") ? cursor.substring(1) : cursor;
        boolean valid = cursor.isEmpty() || (!digits.isEmpty() && digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')
                && new java.math.BigInteger(digits).bitLength() <= 64);
        if (!valid) {
            throw new RedisError("ERR invalid cursor");
        }
    }

    /** The key to resume after; "0" starts a scan. */
    synchronized String resume(String cursor) {
        if (cursor.equals("0")) {
            return io.hstorekv.ScanPage.START;
        }
        String key;
        try {
            key = open.remove(Long.parseLong(cursor));
        } catch (NumberFormatException e) {
            key = null;
        }
        if (key == null) {
            throw new RedisError("ERR invalid cursor");
        }
        return key;
    }
}
