package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.StoreTestBase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operations that exist mostly for the Redis server: GETDEL, GETEX, MSETNX, set algebra, SMOVE, transactions. */
class RedisExtrasTest extends StoreTestBase {

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void getAndDeleteAndGetAndExpire() {
        ns.set("k", "v", Duration.ofSeconds(50));
        assertThat(ns.getAndPersist("k")).isEqualTo(b("v"));
        assertThat(ns.ttlMillis("k")).isEqualTo(-1);
        assertThat(ns.getAndExpire("k", Duration.ofSeconds(5))).isEqualTo(b("v"));
        assertThat(ns.ttlMillis("k")).isEqualTo(5000);
        assertThat(ns.getAndExpireAt("k", clock.instant().plusSeconds(9))).isEqualTo(b("v"));
        assertThat(ns.ttlMillis("k")).isEqualTo(9000);
        assertThat(ns.getAndDelete("k")).isEqualTo(b("v"));
        assertThat(ns.exists("k")).isFalse();
        assertThat(ns.getAndDelete("k")).isNull();
        assertThat(ns.getAndPersist("k")).isNull();
        ns.sets().add("s", "m");
        assertThatThrownBy(() -> ns.getAndDelete("s")).isInstanceOf(WrongTypeException.class);
        assertThat(ns.exists("s")).isTrue();
    }

    @Test
    void setAllIfAbsentIsAllOrNothing() {
        Map<String, String> batch = new LinkedHashMap<>();
        batch.put("a", "1");
        batch.put("b", "2");
        assertThat(ns.setAllIfAbsent(batch)).isTrue();
        Map<String, String> overlapping = new LinkedHashMap<>();
        overlapping.put("c", "3");
        overlapping.put("b", "x");
        assertThat(ns.setAllIfAbsent(overlapping)).isFalse();
        assertThat(ns.exists("c")).isFalse();
        assertThat(ns.get("b")).isEqualTo("2");
        ns.expire("b", Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(2));
        assertThat(ns.setAllIfAbsent(overlapping)).isTrue();
        assertThat(ns.getAll(List.of("a", "b", "c"))).containsExactly("1", "x", "3");
    }

    @Test
    void setAlgebraAndMove() {
        ns.sets().add("x", "a", "b", "c");
        ns.sets().add("y", "b", "c", "d");
        assertThat(ns.sets().intersection(List.of("x", "y"))).containsExactlyInAnyOrder("b", "c");
        assertThat(ns.sets().union(List.of("x", "y", "missing"))).containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(ns.sets().difference(List.of("x", "y"))).containsExactly("a");
        assertThat(ns.sets().intersection(List.of("x", "missing"))).isEmpty();
        assertThat(ns.sets().move("x", "y", "a")).isTrue();
        assertThat(ns.sets().move("x", "y", "a")).isFalse();
        assertThat(ns.sets().members("y")).containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(ns.sets().move("x", "x", "b")).isTrue();
        ns.set("str", "v");
        assertThatThrownBy(() -> ns.sets().move("x", "str", "b")).isInstanceOf(WrongTypeException.class);
        assertThat(ns.sets().members("x")).containsExactlyInAnyOrder("b", "c");
        assertThatThrownBy(() -> ns.sets().union(List.of("x", "str"))).isInstanceOf(WrongTypeException.class);
        assertThat(ns.sets().scan("x", "[b]")).containsExactly("b");
    }

    @Test
    void hashExtras() {
        ns.hashes().set("h", Map.of("name", "Ann", "nick", "An", "age", "30"));
        assertThat(ns.hashes().valueLength("h", "name")).isEqualTo(3);
        assertThat(ns.hashes().valueLength("h", "missing")).isZero();
        assertThat(ns.hashes().scan("h", "n*").keySet()).containsExactlyInAnyOrder("name", "nick");
    }

    @Test
    void transactionCommitsTogetherOrNotAtAll() {
        Namespace other = kv.namespace(StoreFixture.uniqueName("other"), Durability.ASYNC);
        kv.inTransaction(() -> {
            ns.set("a", "1");
            other.set("b", "2");
            return null;
        });
        assertThat(ns.get("a")).isEqualTo("1");
        assertThat(other.get("b")).isEqualTo("2");
        assertThatThrownBy(() -> kv.inTransaction(() -> {
            ns.set("a", "changed");
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(ns.get("a")).isEqualTo("1");
        // A failing operation inside undoes only itself, as a command in a Redis EXEC.
        String result = kv.inTransaction(() -> {
            ns.set("c", "3");
            try {
                ns.hashes().set("a", "f", "v");
            } catch (WrongTypeException expected) {
                // the transaction goes on
            }
            ns.increment("n");
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(ns.get("c")).isEqualTo("3");
        assertThat(ns.get("n")).isEqualTo("1");
    }

    @Test
    void watchTokenChangesOnWriteExpiryAndDelete() {
        assertThat(ns.watchToken("k")).isZero();
        ns.set("k", "v");
        long t1 = ns.watchToken("k");
        assertThat(t1).isPositive();
        assertThat(ns.watchToken("k")).isEqualTo(t1);
        ns.expire("k", Duration.ofSeconds(1));
        long t2 = ns.watchToken("k");
        assertThat(t2).isNotEqualTo(t1);
        clock.advance(Duration.ofSeconds(2));
        assertThat(ns.watchToken("k")).isZero();
        assertThat(ns.randomKey()).isNull();
        ns.set("only", "v");
        assertThat(ns.randomKey()).isEqualTo("only");
    }
}
