package io.hstorekv.server.command;

import io.hstorekv.KeyType;
import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisError;
import io.hstorekv.server.resp.Reply;

/** The MATCH / COUNT (/ NOVALUES) options of HSCAN and SSCAN; COUNT is checked, then moot (one page). */
record ScanOptions(String pattern, boolean noValues) {

    static ScanOptions parse(Args a, int from, boolean allowNoValues) {
        String pattern = "*";
        boolean noValues = false;
        for (int i = from; i < a.count(); i++) {
            String option = a.option(i);
            if (option.equals("NOVALUES") && allowNoValues) {
                noValues = true;
            } else if (i + 1 < a.count() && option.equals("MATCH")) {
                pattern = a.text(++i);
            } else if (i + 1 < a.count() && option.equals("COUNT")) {
                if (a.integer(++i) < 1) {
                    throw RedisError.syntax();
                }
            } else {
                throw RedisError.syntax();
            }
        }
        return new ScanOptions(pattern, noValues);
    }

    /**
     * HSCAN/SSCAN key cursor [options] in Redis's order: the cursor is checked first, then the key is
     * looked up (absent: an empty scan, another type: WRONGTYPE), then the options are parsed. Null
     * means "reply with an empty scan". The key is only looked up here when the options are bad.
     */
    static ScanOptions parseForKey(Session c, Args a, KeyType type, boolean allowNoValues) {
        ScanCursors.check(a.string(2));
        try {
            return parse(a, 3, allowNoValues);
        } catch (RedisError e) {
            KeyType actual = c.namespace().type(a.text(1));
            if (actual == KeyType.NONE) {
                return null;
            }
            if (actual != type) {
                throw RedisError.wrongType();
            }
            throw e;
        }
    }

    /** The reply of a scan that found nothing: cursor 0, no items. */
    static void emptyScan(Reply r) {
        r.array(2);
        r.bulk("0");
        r.array(0);
    }
}
