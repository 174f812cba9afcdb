package io.hstorekv.server.command;

import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** SRANDMEMBER's and HRANDFIELD's count: distinct picks when positive, picks with repeats when negative. */
final class RandomPicks {
    /**
     * The most picks with repeats one reply may hold: Redis would stream a reply of any size, here a
     * reply is built first, so a count like -2^62 is refused rather than exhausting the heap.
     */
    static final long MAX_REPEATED_PICKS = 10_000_000;

    private RandomPicks() {}

    /** The count argument at {@code i}; Redis rejects the one value whose magnitude has no long. */
    static long count(Args a, int i) {
        long count = a.integer(i);
        if (count == Long.MIN_VALUE) {
            throw RedisError.countOutOfRange();
        }
        if (count < -MAX_REPEATED_PICKS) {
            throw RedisError.valueOutOfRange();
        }
        return count;
    }

    /** Indexes into {@code size} items, as Redis chooses them for {@code count}. */
    static List<Integer> indexes(int size, long count) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<Integer> picked = new ArrayList<>();
        if (size == 0 || count == 0) {
            return picked;
        }
        if (count < 0) {
            for (long n = 0; n < -count; n++) {
                picked.add(random.nextInt(size));
            }
            return picked;
        }
        for (int i = 0; i < size; i++) {
            picked.add(i);
        }
        Collections.shuffle(picked, random);
        return picked.subList(0, (int) Math.min(count, size));
    }
}
