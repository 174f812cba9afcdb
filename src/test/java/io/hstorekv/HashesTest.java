package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hstorekv.testing.StoreTestBase;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HashesTest extends StoreTestBase {

    @Test
    void setGetDeleteAndCounts() {
        Hashes h = ns.hashes();
        assertThat(h.set("user:1", "name", "Ann")).isTrue();
        assertThat(h.set("user:1", "name", "Anna")).isFalse();
        Map<String, String> more = new LinkedHashMap<>();
        more.put("plan", "pro");
        more.put("name", "Anne");
        more.put("lang", "de");
        assertThat(h.set("user:1", more)).isEqualTo(2);
        assertThat(h.get("user:1", "name")).isEqualTo("Anne");
        assertThat(h.get("user:1", "missing")).isNull();
        assertThat(h.get("nobody", "name")).isNull();
        assertThat(h.get("user:1", List.of("lang", "missing", "plan"))).containsExactly("de", null, "pro");
        assertThat(h.get("nobody", List.of("a", "b"))).containsExactly(null, null);
        assertThat(h.getAll("user:1")).containsOnly(Map.entry("name", "Anne"), Map.entry("plan", "pro"),
                Map.entry("lang", "de"));
        assertThat(h.getAll("nobody")).isEmpty();
        assertThat(h.size("user:1")).isEqualTo(3);
        assertThat(h.size("nobody")).isZero();
        assertThat(h.fieldNames("user:1")).containsExactlyInAnyOrder("name", "plan", "lang");
        assertThat(h.values("user:1")).containsExactlyInAnyOrder("Anne", "pro", "de");
        assertThat(h.exists("user:1", "plan")).isTrue();
        assertThat(h.exists("user:1", "nope")).isFalse();
        assertThat(h.exists("nobody", "plan")).isFalse();
        assertThat(h.delete("user:1", "plan", "nope", "plan")).isEqualTo(1);
        assertThat(h.delete("nobody", "x")).isZero();
        assertThat(h.size("user:1")).isEqualTo(2);
        assertThat(ns.type("user:1")).isEqualTo(KeyType.HASH);
    }

    @Test
    void deletingTheLastFieldDeletesTheKey() {
        ns.hashes().set("h", "a", "1");
        ns.hashes().set("h", "b", "2");
        assertThat(ns.hashes().delete("h", "a", "b")).isEqualTo(2);
        assertThat(ns.exists("h")).isFalse();
        assertThat(ns.type("h")).isEqualTo(KeyType.NONE);
    }

    @Test
    void setIfAbsent() {
        assertThat(ns.hashes().setIfAbsent("h", "f", "1")).isTrue();
        assertThat(ns.hashes().setIfAbsent("h", "f", "2")).isFalse();
        assertThat(ns.hashes().get("h", "f")).isEqualTo("1");
        ns.set("s", "x");
        assertThatThrownBy(() -> ns.hashes().setIfAbsent("s", "f", "1")).isInstanceOf(WrongTypeException.class);
    }

    @Test
    void increments() {
        assertThat(ns.hashes().increment("h", "n", 5)).isEqualTo(5);
        assertThat(ns.hashes().increment("h", "n", -7)).isEqualTo(-2);
        ns.hashes().set("h", "word", "abc");
        assertThatThrownBy(() -> ns.hashes().increment("h", "word", 1)).isInstanceOf(NotANumberException.class)
                .hasMessage("hash value is not an integer");
        assertThat(ns.hashes().increment("h", "f", 0.25)).isEqualByComparingTo("0.25");
        assertThat(ns.hashes().increment("h", "f", 0.75).toPlainString()).isEqualTo("1");
        assertThatThrownBy(() -> ns.hashes().increment("h", "word", 1.0)).isInstanceOf(NotANumberException.class)
                .hasMessage("hash value is not a float");
        ns.hashes().set("h", "max", String.valueOf(Long.MAX_VALUE));
        assertThatThrownBy(() -> ns.hashes().increment("h", "max", 1)).isInstanceOf(NotANumberException.class)
                .hasMessage("increment or decrement would overflow");
        assertThat(ns.hashes().get("h", "max")).isEqualTo(String.valueOf(Long.MAX_VALUE));
    }

    @Test
    void wrongTypeEverywhereAndNothingChanges() {
        ns.set("str", "v");
        Hashes h = ns.hashes();
        List<Runnable> ops = Arrays.asList(
                () -> h.set("str", "f", "v"), () -> h.get("str", "f"), () -> h.getAll("str"),
                () -> h.delete("str", "f"), () -> h.size("str"), () -> h.exists("str", "f"),
                () -> h.fieldNames("str"), () -> h.values("str"), () -> h.increment("str", "f", 1),
                () -> h.get("str", List.of("f")), () -> ns.sets().add("str", "m"), () -> ns.sets().members("str"));
        for (Runnable op : ops) {
            assertThatThrownBy(op::run).isInstanceOf(WrongTypeException.class);
        }
        assertThat(ns.get("str")).isEqualTo("v");
        assertThat(ns.get("str2")).isNull();
        h.set("hash", "f", "v");
        assertThatThrownBy(() -> ns.get("hash")).isInstanceOf(WrongTypeException.class);
        assertThatThrownBy(() -> ns.append("hash", "x")).isInstanceOf(WrongTypeException.class);
        assertThatThrownBy(() -> ns.length("hash")).isInstanceOf(WrongTypeException.class);
    }

    @Test
    void expiredHashIsReplacedNotMerged() {
        ns.hashes().set("h", "old", "1");
        ns.expire("h", Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(2));
        assertThat(ns.hashes().set("h", "new", "2")).isTrue();
        assertThat(ns.hashes().getAll("h")).containsOnly(Map.entry("new", "2"));
        assertThat(ns.ttlMillis("h")).isEqualTo(-1);
    }

    @Test
    void findKeysWhoseHashContainsPairs() {
        ns.hashes().set("u1", Map.of("plan", "pro", "lang", "de"));
        ns.hashes().set("u2", Map.of("plan", "free", "lang", "de"));
        ns.hashes().set("u3", Map.of("plan", "pro", "lang", "en"));
        ns.hashes().set("u4", Map.of("plan", "pro"));
        ns.expire("u4", Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(2));
        ns.sets().add("s", "plan");
        assertThat(ns.hashes().findContaining(Map.of("plan", "pro"), 10)).containsExactly("u1", "u3");
        assertThat(ns.hashes().findContaining(Map.of("plan", "pro", "lang", "de"), 10)).containsExactly("u1");
        assertThat(ns.hashes().findContaining(Map.of("plan", "pro"), 1)).containsExactly("u1");
        assertThat(ns.hashes().findContaining(Map.of("plan", "gold"), 10)).isEmpty();
        assertThatThrownBy(() -> ns.hashes().findContaining(Map.of(), 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badInput() {
        assertThatThrownBy(() -> ns.hashes().set("h", null, "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field must not be null");
        Map<String, String> withNullField = new HashMap<>();
        withNullField.put("ok", "1");
        withNullField.put(null, "2");
        assertThatThrownBy(() -> ns.hashes().set("h", withNullField)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ns.hashes().set("h", "f\0", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ns.hashes().delete("h")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ns.exists("h")).isFalse();
    }
}
