package io.hstorekv;

import static io.hstorekv.ListEnd.LEFT;
import static io.hstorekv.ListEnd.RIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hstorekv.testing.StoreTestBase;
import io.hstorekv.testing.TestSql;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ListsTest extends StoreTestBase {

    @Test
    void pushPopAtBothEnds() {
        Lists l = ns.lists();
        assertThat(l.push("q", LEFT, "a", "b", "c")).isEqualTo(3);
        assertThat(l.push("q", RIGHT, "x", "y")).isEqualTo(5);
        assertThat(l.range("q", 0, -1)).containsExactly("c", "b", "a", "x", "y");
        assertThat(l.size("q")).isEqualTo(5);
        assertThat(l.pop("q", LEFT)).isEqualTo("c");
        assertThat(l.pop("q", RIGHT)).isEqualTo("y");
        assertThat(l.pop("q", LEFT, 2)).containsExactly("b", "a");
        assertThat(l.pop("q", RIGHT, 10)).containsExactly("x");
        assertThat(ns.exists("q")).isFalse();
        assertThat(l.pop("q", LEFT)).isNull();
        assertThat(l.pop("q", LEFT, 0)).isNull();
        assertThat(l.size("q")).isZero();
        assertThat(ns.type("q")).isEqualTo(KeyType.NONE);
    }

    @Test
    void indexesRangesAndSet() {
        Lists l = ns.lists();
        l.push("q", RIGHT, "a", "b", "c", "d");
        assertThat(l.get("q", 0)).isEqualTo("a");
        assertThat(l.get("q", -1)).isEqualTo("d");
        assertThat(l.get("q", 4)).isNull();
        assertThat(l.get("q", -5)).isNull();
        assertThat(l.range("q", -2, 100)).containsExactly("c", "d");
        assertThat(l.range("q", 2, 1)).isEmpty();
        assertThat(l.range("q", -100, 0)).containsExactly("a");
        l.set("q", -1, "D");
        assertThat(l.range("q", 0, -1)).containsExactly("a", "b", "c", "D");
        assertThatThrownBy(() -> l.set("q", 4, "z")).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> l.set("none", 0, "z")).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void insertRemoveTrimKeepOrder() {
        Lists l = ns.lists();
        l.push("q", RIGHT, "a", "b", "c", "b", "e");
        assertThat(l.insert("q", true, "b", "x")).isEqualTo(6);
        assertThat(l.insert("q", false, "e", "z")).isEqualTo(7);
        assertThat(l.insert("q", true, "nope", "z")).isEqualTo(-1);
        assertThat(l.insert("none", true, "a", "z")).isZero();
        assertThat(l.range("q", 0, -1)).containsExactly("a", "x", "b", "c", "b", "e", "z");
        assertThat(l.remove("q", -1, "b")).isEqualTo(1);
        assertThat(l.range("q", 0, -1)).containsExactly("a", "x", "b", "c", "e", "z");
        assertThat(l.get("q", 4)).isEqualTo("e");
        assertThat(l.remove("q", 0, "a")).isEqualTo(1);
        l.trim("q", 1, -2);
        assertThat(l.range("q", 0, -1)).containsExactly("b", "c", "e");
        assertThat(l.push("q", LEFT, "h")).isEqualTo(4);
        assertThat(l.range("q", 0, -1)).containsExactly("h", "b", "c", "e");
        l.trim("q", 5, 10);
        assertThat(ns.exists("q")).isFalse();
    }

    @Test
    void positionsAndMoves() {
        Lists l = ns.lists();
        l.push("q", RIGHT, "a", "b", "c", "b", "b");
        byte[] b = "b".getBytes(StandardCharsets.UTF_8);
        assertThat(l.positions("q", b, 1, 0, 0)).containsExactly(1L, 3L, 4L);
        assertThat(l.positions("q", b, 2, 1, 0)).containsExactly(3L);
        assertThat(l.positions("q", b, -1, 2, 0)).containsExactly(4L, 3L);
        assertThat(l.positions("q", b, 1, 0, 2)).containsExactly(1L);
        assertThat(new String(l.move("q", "r", LEFT, RIGHT), StandardCharsets.UTF_8)).isEqualTo("a");
        assertThat(l.range("r", 0, -1)).containsExactly("a");
        assertThat(l.move("none", "r", LEFT, RIGHT)).isNull();
        ns.set("s", "v");
        assertThatThrownBy(() -> l.move("q", "s", LEFT, RIGHT)).isInstanceOf(WrongTypeException.class);
        assertThat(l.size("q")).isEqualTo(4);
        PoppedItems popped = l.popFirst(List.of("none", "q"), LEFT, 2);
        assertThat(popped.key()).isEqualTo("q");
        assertThat(popped.strings()).containsExactly("b", "c");
    }

    @Test
    void wrongTypesAndBadInputChangeNothing() {
        ns.set("s", "v");
        Lists l = ns.lists();
        assertThatThrownBy(() -> l.push("s", LEFT, "a")).isInstanceOf(WrongTypeException.class);
        assertThatThrownBy(() -> l.pop("s", LEFT)).isInstanceOf(WrongTypeException.class);
        assertThatThrownBy(() -> l.range("s", 0, -1)).isInstanceOf(WrongTypeException.class);
        assertThatThrownBy(() -> l.size("s")).isInstanceOf(WrongTypeException.class);
        assertThatThrownBy(() -> l.trim("s", 0, 1)).isInstanceOf(WrongTypeException.class);
        assertThatThrownBy(() -> l.push("q", LEFT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> l.push("q", LEFT, "a", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> l.pop("q", LEFT, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ns.get("s")).isEqualTo("v");
        assertThat(ns.exists("q")).isFalse();
    }

    @Test
    void binaryValuesRoundTrip() {
        byte[] raw = {0, 1, (byte) 0xff, 2};
        ns.lists().pushBytes("q", RIGHT, List.of(raw, "text".getBytes(StandardCharsets.UTF_8)));
        assertThat(ns.lists().rangeBytes("q", 0, -1)).containsExactly(raw, "text".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void expiryRenameAndDeleteTakeTheItemsAlong() throws Exception {
        Lists l = ns.lists();
        l.push("q", RIGHT, "a", "b");
        ns.rename("q", "r");
        assertThat(l.range("r", 0, -1)).containsExactly("a", "b");
        l.push("q", RIGHT, "new");
        ns.rename("q", "r");
        assertThat(l.range("r", 0, -1)).containsExactly("new");
        ns.expire("r", Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(11));
        assertThat(l.size("r")).isZero();
        assertThat(l.push("r", RIGHT, "fresh")).isEqualTo(1);
        assertThat(l.range("r", 0, -1)).containsExactly("fresh");
        String listId = TestSql.query("SELECT list_id FROM " + schema + ".entries WHERE ns = '" + ns.name() + "' AND key = 'r'");
        ns.delete("r");
        kv.sweepExpired();
        assertThat(TestSql.queryLong("SELECT count(*) FROM " + schema + ".list_items WHERE list_id = " + listId)).isZero();
        assertThat(TestSql.queryLong("SELECT count(*) FROM " + schema + ".list_items i WHERE NOT EXISTS (SELECT 1 FROM "
                + schema + ".entries e WHERE e.list_id = i.list_id AND e.type = 'list')")).isZero();
    }

    @Test
    void blockingPopIsWokenByAPush() {
        CompletableFuture<PoppedItems> waiting = ns.lists().popBlocking(List.of("a", "b"), LEFT, 1, null);
        assertThat(waiting).isNotDone();
        ns.lists().push("b", RIGHT, "x");
        PoppedItems popped = waiting.join();
        assertThat(popped.key()).isEqualTo("b");
        assertThat(popped.strings()).containsExactly("x");
        assertThat(ns.exists("b")).isFalse();
    }

    @Test
    void blockingPopTimesOutWithNull() {
        assertThat(ns.lists().popBlocking(List.of("a"), LEFT, 1, Duration.ofMillis(50)).join()).isNull();
    }
}
