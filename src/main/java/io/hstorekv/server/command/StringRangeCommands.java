package io.hstorekv.server.command;

import io.hstorekv.KeyType;
import io.hstorekv.Namespace.TypedValue;
import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisError;
import io.hstorekv.server.resp.Reply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** SETRANGE, GETRANGE (and its old name SUBSTR), SETBIT, GETBIT and LCS, with Redis 7's rules for ranges and errors. */
final class StringRangeCommands {
    private StringRangeCommands() {}

    static void register(CommandTable table) {
        table.write("setrange", 4, 1, 1, 1, StringRangeCommands::setrange)
             .read("getrange", 4, 1, 1, 1, StringRangeCommands::getrange)
             .read("substr", 4, 1, 1, 1, StringRangeCommands::getrange)
             .read("lcs", -3, 1, 2, 1, StringRangeCommands::lcs)
             .write("setbit", 4, 1, 1, 1, StringRangeCommands::setbit)
             .read("getbit", 3, 1, 1, 1, StringRangeCommands::getbit);
    }

    private static void setbit(Session c, Args a, Reply r) {
        long offset = bitOffset(c, a);
        String bit = a.string(3);
        if (!bit.equals("0") && !bit.equals("1")) {
            throw RedisError.notABit();
        }
        r.integer(c.namespace().setBit(a.text(1), offset, bit.equals("1")) ? 1 : 0);
    }

    private static void getbit(Session c, Args a, Reply r) {
        long offset = bitOffset(c, a);
        byte[] value = c.namespace().getBytes(a.text(1));
        long index = offset / 8;
        boolean set = value != null && index < value.length && (value[(int) index] & (0x80 >>> (int) (offset % 8))) != 0;
        r.integer(set ? 1 : 0);
    }

    /** Redis's getBitOffsetFromArgument: a bit inside a string of at most proto-max-bulk-len bytes. */
    private static long bitOffset(Session c, Args a) {
        long offset;
        try {
            offset = a.integer(2);
        } catch (RedisError notInteger) {
            throw RedisError.bitOffset();
        }
        if (offset < 0 || offset / 8 >= c.server().settings().protoMaxBulkLen()) {
            throw RedisError.bitOffset();
        }
        return offset;
    }

    private static void setrange(Session c, Args a, Reply r) {
        long offset = a.integer(2);
        byte[] value = a.bytes(3);
        if (offset < 0) {
            throw RedisError.offsetOutOfRange();
        }
        if (value.length > 0 && offset > c.server().settings().protoMaxBulkLen() - value.length) {
            throw RedisError.stringTooLong();
        }
        r.integer(c.namespace().setRange(a.text(1), offset, value));
    }

    /** Redis's getrangeCommand: negative indexes count from the end, the range is clamped, a missing key is "". */
    private static void getrange(Session c, Args a, Reply r) {
        long start = a.integer(2);
        long end = a.integer(3);
        byte[] value = c.namespace().getBytes(a.text(1));
        long length = value == null ? 0 : value.length;
        if (start < 0 && end < 0 && start > end) {
            r.bulk(new byte[0]);
            return;
        }
        start = start < 0 ? Math.max(0, length + start) : start;
        end = end < 0 ? Math.max(0, length + end) : Math.min(end, length - 1);
        r.bulk(start > end || length == 0 ? new byte[0] : Arrays.copyOfRange(value, (int) start, (int) end + 1));
    }

    /** LCS key1 key2 [LEN] [IDX] [MINMATCHLEN n] [WITHMATCHLEN], as Redis 7.0's lcsCommand computes and replies. */
    private static void lcs(Session c, Args a, Reply r) {
        List<TypedValue> values = c.namespace().getEach(List.of(a.text(1), a.text(2)));
        for (TypedValue v : values) {
            if (v.type() != KeyType.STRING && v.type() != KeyType.NONE) {
                throw RedisError.lcsNotStrings();
            }
        }
        boolean len = false;
        boolean idx = false;
        boolean withMatchLen = false;
        long minMatchLen = 0;
        for (int i = 3; i < a.count(); i++) {
            switch (a.option(i)) {
                case "LEN" -> len = true;
                case "IDX" -> idx = true;
                case "WITHMATCHLEN" -> withMatchLen = true;
                case "MINMATCHLEN" -> {
                    if (i + 1 >= a.count()) {
                        throw RedisError.syntax();
                    }
                    minMatchLen = Math.max(0, a.integer(++i));
                }
                default -> throw RedisError.syntax();
            }
        }
        if (len && idx) {
            throw RedisError.lcsLenAndIdx();
        }
        byte[] x = bytesOf(values.get(0));
        byte[] y = bytesOf(values.get(1));
        if ((long) (x.length + 1) * (y.length + 1) * Integer.BYTES > c.server().settings().protoMaxBulkLen()) {
            throw RedisError.lcsTooLarge();
        }
        new Lcs(x, y).reply(r, len, idx, withMatchLen, minMatchLen);
    }

    private static byte[] bytesOf(TypedValue value) {
        return value.bytes() == null ? new byte[0] : value.bytes();
    }

    /** The dynamic-programming table of a longest common subsequence and Redis's walk back through it. */
    private record Lcs(byte[] a, byte[] b, int[] table) {
        Lcs(byte[] a, byte[] b) {
            this(a, b, new int[(a.length + 1) * (b.length + 1)]);
            for (int i = 1; i <= a.length; i++) {
                for (int j = 1; j <= b.length; j++) {
                    table[at(i, j)] = a[i - 1] == b[j - 1] ? table[at(i - 1, j - 1)] + 1
                            : Math.max(table[at(i - 1, j)], table[at(i, j - 1)]);
                }
            }
        }

        private int at(int i, int j) {
            return i * (b.length + 1) + j;
        }

        void reply(Reply r, boolean len, boolean idx, boolean withMatchLen, long minMatchLen) {
            int length = table[at(a.length, b.length)];
            if (len) {
                r.integer(length);
                return;
            }
            byte[] common = new byte[length];
            List<long[]> matches = new ArrayList<>();
            int k = length;
            int i = a.length;
            int j = b.length;
            int aStart = a.length;
            int aEnd = 0;
            int bStart = 0;
            int bEnd = 0;
            while (i > 0 && j > 0) {
                boolean emit = false;
                if (a[i - 1] == b[j - 1]) {
                    common[--k] = a[i - 1];
                    if (aStart == a.length) {
                        aStart = i - 1;
                        aEnd = i - 1;
                        bStart = j - 1;
                        bEnd = j - 1;
                    } else if (aStart == i && bStart == j) {
                        aStart--;
                        bStart--;
                    } else {
                        emit = true;
                    }
                    emit |= aStart == 0 || bStart == 0;
                    i--;
                    j--;
                } else {
                    if (table[at(i - 1, j)] > table[at(i, j - 1)]) {
                        i--;
                    } else {
                        j--;
                    }
                    emit = aStart != a.length;
                }
                if (emit) {
                    long matchLength = aEnd - aStart + 1;
                    if (minMatchLen == 0 || matchLength >= minMatchLen) {
                        matches.add(new long[] {aStart, aEnd, bStart, bEnd, matchLength});
                    }
                    aStart = a.length;
                }
            }
            if (!idx) {
                r.bulk(common);
                return;
            }
            r.map(2);
            r.bulk("matches");
            r.array(matches.size());
            for (long[] m : matches) {
                r.array(withMatchLen ? 3 : 2);
                r.array(2);
                r.integer(m[0]);
                r.integer(m[1]);
                r.array(2);
                r.integer(m[2]);
                r.integer(m[3]);
                if (withMatchLen) {
                    r.integer(m[4]);
                }
            }
            r.bulk("len");
            r.integer(length);
        }
    }
}
