package io.hstorekv.server.command;

import io.hstorekv.KeyType;
import io.hstorekv.ScoredMember;
import io.hstorekv.SortedSets;
import io.hstorekv.SortedSets.Aggregate;
import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisError;
import io.hstorekv.server.resp.Reply;
import java.util.List;

/** ZUNION, ZINTER, ZDIFF and their STORE forms: numkeys key [key ...] [WEIGHTS w ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]. */
final class SortedSetAlgebra {
    /** ZINTERCARD is INTER counted: no weights, no aggregate, LIMIT instead. */
    private enum Operation { UNION, INTER, DIFF, INTERCARD }

    /** The parsed arguments. */
    private record Request(List<String> keys, double[] weights, Aggregate aggregate, boolean withScores, long limit) {}

    private SortedSetAlgebra() {}

    static void register(CommandTable table) {
        table.read("zunion", -3, 0, 0, 0, (c, a, r) -> combine(c, a, r, Operation.UNION))
             .read("zinter", -3, 0, 0, 0, (c, a, r) -> combine(c, a, r, Operation.INTER))
             .read("zdiff", -3, 0, 0, 0, (c, a, r) -> combine(c, a, r, Operation.DIFF))
             .read("zintercard", -3, 0, 0, 0, (c, a, r) -> {
                 Request q = parse(c, a, 1, Operation.INTERCARD, true);
                 r.integer(SortedSetCommands.z(c).intersectionSize(q.keys(), q.limit()));
             })
             .write("zunionstore", -4, 1, 1, 1, (c, a, r) -> store(c, a, r, Operation.UNION))
             .write("zinterstore", -4, 1, 1, 1, (c, a, r) -> store(c, a, r, Operation.INTER))
             .write("zdiffstore", -4, 1, 1, 1, (c, a, r) -> store(c, a, r, Operation.DIFF));
    }

    private static void combine(Session c, Args a, Reply r, Operation op) {
        Request q = parse(c, a, 1, op, false);
        SortedSets z = SortedSetCommands.z(c);
        List<ScoredMember> result = switch (op) {
            case UNION -> z.union(q.keys(), q.weights(), q.aggregate());
            case INTER -> z.intersection(q.keys(), q.weights(), q.aggregate());
            case DIFF, INTERCARD -> z.difference(q.keys());
        };
        SortedSetCommands.members(c, r, result, q.withScores());
    }

    private static void store(Session c, Args a, Reply r, Operation op) {
        Request q = parse(c, a, 2, op, true);
        SortedSets z = SortedSetCommands.z(c);
        String destination = a.text(1);
        r.integer(switch (op) {
            case UNION -> z.unionStore(destination, q.keys(), q.weights(), q.aggregate());
            case INTER -> z.intersectionStore(destination, q.keys(), q.weights(), q.aggregate());
            case DIFF, INTERCARD -> z.differenceStore(destination, q.keys());
        });
    }

    /**
     * Redis's order: numkeys, the keys (whose types Redis checks before the options: a bad option
     * with a key of another type answers WRONGTYPE), then the options.
     */
    private static Request parse(Session c, Args a, int numkeysAt, Operation op, boolean store) {
        long numkeys = a.integer(numkeysAt);
        if (numkeys < 1) {
            throw RedisError.noInputKeys(a.name());
        }
        if (numkeys > a.count() - (numkeysAt + 1)) {
            throw RedisError.syntax();
        }
        int n = (int) numkeys;
        List<String> keys = a.texts(numkeysAt + 1).subList(0, n);
        try {
            return options(a, numkeysAt + 1 + n, keys, op, store);
        } catch (RedisError e) {
            for (String key : keys) {
                KeyType type = c.namespace().type(key);
                if (type != KeyType.NONE && type != KeyType.ZSET && type != KeyType.SET) {
                    throw RedisError.wrongType();
                }
            }
            throw e;
        }
    }

    private static Request options(Args a, int from, List<String> keys, Operation op, boolean store) {
        double[] weights = null;
        Aggregate aggregate = Aggregate.SUM;
        boolean withScores = false;
        long limit = 0;
        boolean weighted = op == Operation.UNION || op == Operation.INTER;
        for (int j = from; j < a.count(); j++) {
            int remaining = a.count() - j;
            String option = a.option(j);
            if (op == Operation.INTERCARD && remaining >= 2 && option.equals("LIMIT")) {
                limit = limit(a, ++j);
            } else if (weighted && remaining >= keys.size() + 1 && option.equals("WEIGHTS")) {
                weights = new double[keys.size()];
                for (int i = 0; i < weights.length; i++) {
                    weights[i] = weight(a, ++j);
                }
            } else if (weighted && remaining >= 2 && option.equals("AGGREGATE")) {
                aggregate = switch (a.option(++j)) {
                    case "SUM" -> Aggregate.SUM;
                    case "MIN" -> Aggregate.MIN;
                    case "MAX" -> Aggregate.MAX;
                    default -> throw RedisError.syntax();
                };
            } else if (!store && option.equals("WITHSCORES")) {
                withScores = true;
            } else {
                throw RedisError.syntax();
            }
        }
        return new Request(keys, weights, aggregate, withScores, limit);
    }

    private static long limit(Args a, int i) {
        long limit;
        try {
            limit = a.integer(i);
        } catch (RedisError notInteger) {
            throw RedisError.negativeLimit();
        }
        if (limit < 0) {
            throw RedisError.negativeLimit();
        }
        return limit;
    }

    private static double weight(Args a, int i) {
        try {
            return a.decimal(i);
        } catch (RedisError notFloat) {
            throw RedisError.weightNotFloat();
        }
    }
}
