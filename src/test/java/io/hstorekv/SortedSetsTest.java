package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hstorekv.SortedSets.AddOptions;
import io.hstorekv.SortedSets.AddResult;
import io.hstorekv.SortedSets.Aggregate;
import io.hstorekv.testing.StoreTestBase;
import io.hstorekv.testing.TestSql;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SortedSetsTest extends StoreTestBase {

    private static Map<String, Double> scores(Object... memberScore) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < memberScore.length; i += 2) {
            map.put((String) memberScore[i], ((Number) memberScore[i + 1]).doubleValue());
        }
        return map;
    }

    private static List<String> names(List<ScoredMember> members) {
        return members.stream().map(ScoredMember::member).toList();
    }

    private long memberRows() throws Exception {
        return Long.parseLong(TestSql.query("SELECT count(*) FROM " + schema + ".zset_members WHERE ns = '" + ns.name() + "'"));
    }

    @Test
    void addScoreRankRange() {
        SortedSets z = ns.sortedSets();
        assertThat(z.add("board", scores("alice", 10, "bob", 5, "carol", 10))).isEqualTo(3);
        assertThat(z.add("board", scores("bob", 7, "dave", -1))).isEqualTo(1);
        assertThat(ns.type("board")).isEqualTo(KeyType.ZSET);
        assertThat(z.size("board")).isEqualTo(4);
        assertThat(z.score("board", "bob")).isEqualTo(7.0);
        assertThat(z.score("board", "nobody")).isNull();
        assertThat(z.scores("board", List.of("alice", "x", "dave"))).containsExactly(10.0, null, -1.0);
        assertThat(names(z.range("board", 0, -1))).containsExactly("dave", "bob", "alice", "carol");
        assertThat(names(z.reverseRange("board", 0, 1))).containsExactly("carol", "alice");
        assertThat(names(z.range("board", -2, 100))).containsExactly("alice", "carol");
        assertThat(z.range("board", 3, 1)).isEmpty();
        assertThat(z.rank("board", "alice")).isEqualTo(2);
        assertThat(z.reverseRank("board", "alice")).isEqualTo(1);
        assertThat(z.rank("board", "nobody")).isNull();
        assertThat(names(z.rangeByScore("board", ScoreRange.closed(5, 10), 0, -1))).containsExactly("bob", "alice", "carol");
        assertThat(names(z.rangeByScore("board", new ScoreRange(7, true, 10, false), 1, 1))).containsExactly("carol");
        assertThat(names(z.reverseRangeByScore("board", ScoreRange.all(), 0, 2))).containsExactly("carol", "alice");
        assertThat(z.count("board", new ScoreRange(Double.NEGATIVE_INFINITY, false, 10, true))).isEqualTo(2);
        assertThat(z.incrementScore("board", "dave", 20)).isEqualTo(19.0);
        assertThat(names(z.range("board", -1, -1))).containsExactly("dave");
    }

    @Test
    void addOptions() {
        SortedSets z = ns.sortedSets();
        z.add("k", scores("a", 1, "b", 2));
        assertThat(z.add("k", scores("a", 5, "c", 3), AddOptions.none().ifAbsent())).isEqualTo(new AddResult(1, 0));
        assertThat(z.add("k", scores("a", 5, "d", 3), AddOptions.none().ifPresent())).isEqualTo(new AddResult(0, 1));
        assertThat(z.score("k", "d")).isNull();
        assertThat(z.add("k", scores("a", 4, "b", 9), AddOptions.none().ifGreater())).isEqualTo(new AddResult(0, 1));
        assertThat(z.scores("k", List.of("a", "b"))).containsExactly(5.0, 9.0);
        assertThat(z.add("k", scores("a", 4, "b", 10), AddOptions.none().ifLess())).isEqualTo(new AddResult(0, 1));
        assertThat(z.add("k", scores("a", 4))).isZero();
        assertThat(z.incrementScore("k", "a", 1, AddOptions.none().ifAbsent())).isNull();
        assertThat(z.incrementScore("k", "a", -1, AddOptions.none().ifGreater())).isNull();
        assertThat(z.incrementScore("k", "a", 1, AddOptions.none().ifGreater())).isEqualTo(5.0);
        assertThat(z.add("absent", scores("a", 1), AddOptions.none().ifPresent())).isEqualTo(new AddResult(0, 0));
        assertThat(ns.exists("absent")).isFalse();
        assertThatThrownBy(() -> AddOptions.none().ifAbsent().ifPresent()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void infinitiesAndNaN() {
        SortedSets z = ns.sortedSets();
        z.add("k", scores("top", Double.POSITIVE_INFINITY, "bottom", Double.NEGATIVE_INFINITY, "zero", 0));
        assertThat(names(z.range("k", 0, -1))).containsExactly("bottom", "zero", "top");
        assertThatThrownBy(() -> z.incrementScore("k", "top", Double.NEGATIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThat(z.score("k", "top")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> z.add("k", "x", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(z.size("k")).isEqualTo(3);
    }

    @Test
    void removalsDeleteTheEmptiedKey() throws Exception {
        SortedSets z = ns.sortedSets();
        z.add("k", scores("a", 1, "b", 2, "c", 3, "d", 4, "e", 5));
        assertThat(z.remove("k", "a", "zz", "a")).isEqualTo(1);
        assertThat(z.removeRangeByScore("k", new ScoreRange(2, true, 4, false))).isEqualTo(2);
        assertThat(names(z.popMax("k", 1))).containsExactly("e");
        assertThat(z.size("k")).isEqualTo(1);
        assertThat(names(z.popMin("k", 5))).containsExactly("b");
        assertThat(ns.exists("k")).isFalse();
        assertThat(memberRows()).isZero();
        z.add("k", scores("a", 0, "b", 0, "c", 0));
        assertThat(z.removeRangeByLex("k", new LexRange("a", true, null, false))).isEqualTo(2);
        assertThat(z.removeRange("k", 0, -1)).isEqualTo(1);
        assertThat(memberRows()).isZero();
    }

    @Test
    void lexRanges() {
        SortedSets z = ns.sortedSets();
        z.add("k", scores("a", 0, "b", 0, "c", 0, "d", 0));
        assertThat(names(z.rangeByLex("k", new LexRange("b", false, null, false), 0, -1))).containsExactly("b", "c", "d");
        assertThat(names(z.rangeByLex("k", new LexRange(null, false, "c", true), 0, -1))).containsExactly("a", "b");
        assertThat(names(z.reverseRangeByLex("k", LexRange.all(), 1, 2))).containsExactly("c", "b");
        assertThat(z.lexCount("k", new LexRange("a", true, "d", false))).isEqualTo(3);
    }

    @Test
    void deleteExpiryRenameFlushAndOverwriteTakeTheMembers() throws Exception {
        SortedSets z = ns.sortedSets();
        z.add("k", scores("a", 1, "b", 2));
        assertThat(ns.delete("k")).isTrue();
        assertThat(memberRows()).isZero();

        z.add("k", scores("a", 1, "b", 2));
        ns.expire("k", Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(11));
        assertThat(z.size("k")).isZero();
        assertThat(z.add("k", scores("c", 3))).isEqualTo(1);
        assertThat(names(z.range("k", 0, -1))).containsExactly("c");
        assertThat(ns.ttlMillis("k")).isEqualTo(-1);
        assertThat(memberRows()).isEqualTo(1);

        z.add("other", scores("x", 9, "c", 1));
        ns.rename("k", "other");
        assertThat(names(z.range("other", 0, -1))).containsExactly("c");
        assertThat(z.size("other")).isEqualTo(1);
        assertThat(memberRows()).isEqualTo(1);
        ns.sets().add("s", "m");
        ns.rename("s", "other");
        assertThat(ns.type("other")).isEqualTo(KeyType.SET);
        assertThat(memberRows()).isZero();

        z.add("k", scores("a", 1));
        ns.set("k", "now a string");
        assertThat(memberRows()).isZero();
        assertThatThrownBy(() -> z.add("k", "a", 1)).isInstanceOf(WrongTypeException.class);
        assertThatThrownBy(() -> z.range("k", 0, -1)).isInstanceOf(WrongTypeException.class);

        z.add("k2", scores("a", 1));
        ns.flush();
        assertThat(memberRows()).isZero();
        assertThat(ns.exists("k2")).isFalse();
    }

    @Test
    void storesAndCombinations() {
        SortedSets z = ns.sortedSets();
        z.add("a", scores("x", 1, "y", 2));
        z.add("b", scores("y", 10, "z", 20));
        ns.sets().add("s", "y", "w");
        assertThat(z.union(List.of("a", "b", "s"), null, Aggregate.SUM))
                .containsExactly(new ScoredMember("w", 1), new ScoredMember("x", 1), new ScoredMember("y", 13), new ScoredMember("z", 20));
        assertThat(z.intersection(List.of("a", "b"), new double[] {2, 1}, Aggregate.MAX)).containsExactly(new ScoredMember("y", 10));
        assertThat(z.difference(List.of("a", "b"))).containsExactly(new ScoredMember("x", 1));
        assertThat(z.unionStore("a", List.of("a", "b"), null, Aggregate.MIN)).isEqualTo(3);
        assertThat(z.range("a", 0, -1)).containsExactly(new ScoredMember("x", 1), new ScoredMember("y", 2), new ScoredMember("z", 20));
        assertThat(z.intersectionStore("dest", List.of("a", "missing"), null, Aggregate.SUM)).isZero();
        assertThat(ns.exists("dest")).isFalse();
        assertThat(z.rangeStore("dest", "a", 1, -1, true)).isEqualTo(2);
        assertThat(names(z.range("dest", 0, -1))).containsExactly("x", "y");
        assertThat(z.rangeStoreByScore("dest", "a", ScoreRange.closed(2, 100), false, 0, -1)).isEqualTo(2);
        assertThat(names(z.range("dest", 0, -1))).containsExactly("y", "z");
        assertThat(z.rangeStoreByLex("dest", "a", LexRange.all(), false, 0, 1)).isEqualTo(1);
        assertThat(z.size("dest")).isEqualTo(1);
        ns.set("str", "v");
        assertThatThrownBy(() -> z.union(List.of("a", "str"), null, Aggregate.SUM)).isInstanceOf(WrongTypeException.class);
        assertThat(z.differenceStore("str", List.of("a", "b"))).isEqualTo(1);
        assertThat(ns.type("str")).isEqualTo(KeyType.ZSET);
    }

    @Test
    void concurrentWritersKeepTheCountExact() throws Exception {
        SortedSets z = ns.sortedSets();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        z.add("k", "m" + (i % 10), thread);
                        z.incrementScore("k", "shared", 1);
                        if (i % 7 == 0) {
                            z.remove("k", "m" + (i % 10));
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(z.size("k")).isEqualTo(z.range("k", 0, -1).size()).isEqualTo(memberRows());
        assertThat(z.score("k", "shared")).isEqualTo(200.0);
    }

    @Test
    void blockingPopIsWokenByAnAdd() {
        SortedSets z = ns.sortedSets();
        CompletableFuture<PoppedMembers> waiting = z.popBlocking(List.of("a", "b"), false, 1, null);
        assertThat(waiting).isNotDone();
        z.add("b", scores("x", 2, "y", 1));
        PoppedMembers popped = waiting.join();
        assertThat(popped).isEqualTo(new PoppedMembers("b", List.of(new ScoredMember("y", 1))));
        assertThat(z.popBlocking(List.of("b"), true, 5, null).join().members()).containsExactly(new ScoredMember("x", 2));
        assertThat(z.popBlocking(List.of("a"), false, 1, Duration.ofMillis(50)).join()).isNull();
        assertThat(ns.inTransaction(() -> z.popBlocking(List.of("a"), false, 1, null).join())).isNull();
    }

    @Test
    void badInputChangesNothing() {
        SortedSets z = ns.sortedSets();
        assertThatThrownBy(() -> z.add("k", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> z.add("k", "m\0", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> z.add("k", "x".repeat(3000), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> z.popMin("k", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ns.exists("k")).isFalse();
    }
}
