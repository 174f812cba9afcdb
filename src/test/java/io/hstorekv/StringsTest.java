package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hstorekv.testing.StoreTestBase;
import io.hstorekv.testing.TestDatabase;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StringsTest extends StoreTestBase {

    @Test
    void setGetDeleteExists() {
        assertThat(ns.get("a")).isNull();
        assertThat(ns.exists("a")).isFalse();
        ns.set("a", "1");
        assertThat(ns.get("a")).isEqualTo("1");
        assertThat(ns.exists("a")).isTrue();
        ns.set("a", "2");
        assertThat(ns.get("a")).isEqualTo("2");
        assertThat(ns.delete("a")).isTrue();
        assertThat(ns.delete("a")).isFalse();
        assertThat(ns.get("a")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "NULL", "a\"b", "back\\slash", "x=>y", "a,b", "line\nbreak", "tab\there",
            "ünïcödé ✓ 𝄞", "'quoted'", "\"=>\"", "\\\"", " spaces "})
    void trickyTextRoundTripsAsKeyValueFieldAndMember(String text) {
        String key = "k" + text;
        ns.set(key, text);
        assertThat(ns.get(key)).isEqualTo(text);
        ns.hashes().set("h", text, text);
        assertThat(ns.hashes().get("h", text)).isEqualTo(text);
        assertThat(ns.hashes().getAll("h")).containsEntry(text, text);
        ns.sets().add("s", text);
        assertThat(ns.sets().isMember("s", text)).isTrue();
        assertThat(ns.sets().members("s")).contains(text);
        assertThat(ns.scan("*", ScanPage.START, 1000).keys()).contains(key);
    }

    /**
     * Text that starts with U+0001 is a value like any other; as a key, field or member it is refused
     * (names in that form stand for bytes, see {@link BinaryKeys}), and nothing is written.
     */
    @Test
    void textStartingWithTheBinaryMarkIsAValueButNotAName() {
        String text = "\u0001starts with the binary mark";
        ns.set("k", text);
        assertThat(ns.get("k")).isEqualTo(text);
        ns.hashes().set("h", "f", text);
        assertThat(ns.hashes().get("h", "f")).isEqualTo(text);
        assertThatThrownBy(() -> ns.set(text, "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ns.hashes().set("h", text, "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ns.sets().add("s", text)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ns.hashes().getAll("h")).containsOnlyKeys("f");
        assertThat(ns.exists("s")).isFalse();
    }

    @Test
    void binaryValuesRoundTripExactly() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        ns.set("bin", all);
        assertThat(ns.getBytes("bin")).isEqualTo(all);
        assertThat(ns.length("bin")).isEqualTo(256);
        ns.hashes().set("h", "f", all);
        assertThat(ns.hashes().getBytes("h", "f")).isEqualTo(all);
        assertThat(ns.hashes().getAllBytes("h").get("f")).isEqualTo(all);
        byte[] invalidUtf8 = {(byte) 0xC3, (byte) 0x28};
        ns.set("bad", invalidUtf8);
        assertThat(ns.getBytes("bad")).isEqualTo(invalidUtf8);
        ns.set("nul", "a\0b");
        assertThat(ns.get("nul")).isEqualTo("a\0b");
    }

    @Test
    void plainTextStaysReadableInSql() throws Exception {
        ns.set("readable", "héllo");
        ns.set("bin", new byte[] {0, 1, 2});
        try (var c = TestDatabase.dataSource().getConnection();
             var st = c.prepareStatement("SELECT value, encode(" + schema + ".bytes(value), 'hex') FROM "
                     + schema + ".entries WHERE ns = ? ORDER BY key")) {
            st.setString(1, ns.name());
            try (var rs = st.executeQuery()) {
                rs.next();
                assertThat(rs.getString(2)).isEqualTo("000102");
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("héllo");
            }
        }
    }

    @Test
    void ttlWithInjectedClock() {
        ns.set("t", "v", Duration.ofSeconds(10));
        assertThat(ns.ttlMillis("t")).isEqualTo(10_000);
        clock.advance(Duration.ofSeconds(4));
        assertThat(ns.ttlMillis("t")).isEqualTo(6_000);
        clock.advance(Duration.ofSeconds(6));
        assertThat(ns.get("t")).isNull();
        assertThat(ns.exists("t")).isFalse();
        assertThat(ns.ttlMillis("t")).isEqualTo(-2);
        assertThat(ns.count()).isZero();
        assertThat(ns.scan("*", ScanPage.START, 100).keys()).isEmpty();
        assertThat(ns.type("t")).isEqualTo(KeyType.NONE);
        ns.set("p", "v");
        assertThat(ns.ttlMillis("p")).isEqualTo(-1);
    }

    @Test
    void plainSetClearsTtlAndKeepTtlKeepsIt() {
        ns.set("k", "v", Duration.ofMinutes(1));
        ns.set("k", "w");
        assertThat(ns.ttlMillis("k")).isEqualTo(-1);
        ns.set("k", "v", Duration.ofMinutes(1));
        ns.set("k", "x", SetOptions.none().keepTtl());
        assertThat(ns.ttlMillis("k")).isEqualTo(60_000);
        assertThat(ns.get("k")).isEqualTo("x");
    }

    @Test
    void expireFamilyWithConditions() {
        ns.set("k", "v");
        assertThat(ns.expire("k", Duration.ofSeconds(100), ExpireCondition.XX)).isFalse();
        assertThat(ns.expire("k", Duration.ofSeconds(100), ExpireCondition.GT)).isFalse();
        assertThat(ns.expire("k", Duration.ofSeconds(100), ExpireCondition.NX)).isTrue();
        assertThat(ns.expire("k", Duration.ofSeconds(50), ExpireCondition.GT)).isFalse();
        assertThat(ns.expire("k", Duration.ofSeconds(50), ExpireCondition.LT)).isTrue();
        assertThat(ns.ttlMillis("k")).isEqualTo(50_000);
        assertThat(ns.persist("k")).isTrue();
        assertThat(ns.persist("k")).isFalse();
        assertThat(ns.expire("k", Duration.ofSeconds(5), ExpireCondition.LT)).isTrue();
        assertThat(ns.expireAt("k", clock.instant().plusSeconds(7), ExpireCondition.ALWAYS)).isTrue();
        assertThat(ns.expiresAt("k")).isEqualTo(clock.instant().plusSeconds(7));
        assertThat(ns.expire("missing", Duration.ofSeconds(5))).isFalse();
        assertThat(ns.expire("k", Duration.ZERO)).isTrue();
        assertThat(ns.exists("k")).isFalse();
    }

    @Test
    void setOptions() {
        SetResult r = ns.set("k", "1", SetOptions.none().ifPresent());
        assertThat(r.written()).isFalse();
        assertThat(ns.exists("k")).isFalse();
        r = ns.set("k", "1", SetOptions.none().ifAbsent().returnPrevious());
        assertThat(r.written()).isTrue();
        assertThat(r.previous()).isNull();
        r = ns.set("k", "2", SetOptions.none().ifAbsent().returnPrevious());
        assertThat(r.written()).isFalse();
        assertThat(r.previous()).isEqualTo("1");
        assertThat(ns.get("k")).isEqualTo("1");
        r = ns.set("k", "3", SetOptions.none().ifPresent().returnPrevious().ttl(Duration.ofSeconds(9)));
        assertThat(r.written()).isTrue();
        assertThat(r.previous()).isEqualTo("1");
        assertThat(ns.get("k")).isEqualTo("3");
        assertThat(ns.ttlMillis("k")).isEqualTo(9_000);
        assertThat(ns.setIfAbsent("k", "4")).isFalse();
        clock.advance(Duration.ofSeconds(10));
        assertThat(ns.setIfAbsent("k", "4")).isTrue();
        assertThat(ns.get("k")).isEqualTo("4");
        ns.hashes().set("h", "f", "v");
        assertThatThrownBy(() -> ns.set("h", "x", SetOptions.none().returnPrevious()))
                .isInstanceOf(WrongTypeException.class);
        assertThat(ns.type("h")).isEqualTo(KeyType.HASH);
        ns.set("h", "x", SetOptions.none().ifPresent());
        assertThat(ns.get("h")).isEqualTo("x");
        assertThatThrownBy(() -> ns.set("k", "v", SetOptions.none().ifAbsent().ifPresent()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void batchOperations() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("b", "2");
        entries.put("a", "1");
        entries.put("c", "3");
        ns.setAll(entries);
        ns.hashes().set("h", "f", "v");
        assertThat(ns.getAll(List.of("c", "missing", "a", "h", "a"))).containsExactly("3", null, "1", null, "1");
        assertThat(ns.countExisting(List.of("a", "a", "missing", "h"))).isEqualTo(3);
        assertThat(ns.deleteAll(List.of("a", "b", "missing", "a"))).isEqualTo(2);
        assertThat(ns.count()).isEqualTo(2);
    }

    @Test
    void counters() {
        assertThat(ns.increment("c")).isEqualTo(1);
        assertThat(ns.increment("c", 41)).isEqualTo(42);
        assertThat(ns.decrement("c")).isEqualTo(41);
        assertThat(ns.decrement("c", 50)).isEqualTo(-9);
        ns.set("c", "9223372036854775806");
        assertThat(ns.increment("c")).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> ns.increment("c")).isInstanceOf(NotANumberException.class)
                .hasMessageContaining("overflow");
        assertThat(ns.get("c")).isEqualTo("9223372036854775807");
        for (String bad : List.of("abc", "1.5", " 1", "01", "", "-0", "99999999999999999999", "+1")) {
            ns.set("n", bad);
            assertThatThrownBy(() -> ns.increment("n")).as(bad).isInstanceOf(NotANumberException.class)
                    .hasMessage("value is not an integer or out of range");
            assertThat(ns.get("n")).isEqualTo(bad);
        }
        ns.set("t", "5", Duration.ofSeconds(30));
        assertThat(ns.increment("t")).isEqualTo(6);
        assertThat(ns.ttlMillis("t")).isEqualTo(30_000);
        ns.sets().add("s", "m");
        assertThatThrownBy(() -> ns.increment("s")).isInstanceOf(WrongTypeException.class);
    }

    @Test
    void floatCounters() {
        ns.set("f", "10.50");
        assertThat(ns.increment("f", 0.1)).isEqualByComparingTo("10.6");
        assertThat(ns.get("f")).isEqualTo("10.6");
        ns.set("f", "5.0e3");
        assertThat(ns.increment("f", 200.0).toPlainString()).isEqualTo("5200");
        assertThat(ns.increment("g", 1.5)).isEqualByComparingTo(new BigDecimal("1.5"));
        ns.set("x", "abc");
        assertThatThrownBy(() -> ns.increment("x", 1.0)).isInstanceOf(NotANumberException.class)
                .hasMessage("value is not a valid float");
        assertThatThrownBy(() -> ns.increment("x", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ns.get("x")).isEqualTo("abc");
    }

    @Test
    void appendAndLength() {
        assertThat(ns.append("a", "Hello")).isEqualTo(5);
        assertThat(ns.append("a", " World")).isEqualTo(11);
        assertThat(ns.get("a")).isEqualTo("Hello World");
        assertThat(ns.length("a")).isEqualTo(11);
        assertThat(ns.length("missing")).isZero();
        assertThat(ns.append("a", new byte[] {0, (byte) 0xFF})).isEqualTo(13);
        byte[] expected = Arrays.copyOf("Hello World".getBytes(StandardCharsets.UTF_8), 13);
        expected[12] = (byte) 0xFF;
        assertThat(ns.getBytes("a")).isEqualTo(expected);
        assertThat(ns.append("a", "!")).isEqualTo(14);
        ns.set("u", "é");
        assertThat(ns.length("u")).isEqualTo(2);
        ns.set("big", new byte[1024 * 1024 - 1]);
        assertThatThrownBy(() -> ns.append("big", "xy")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maximum allowed size");
        assertThat(ns.length("big")).isEqualTo(1024 * 1024 - 1);
    }

    @Test
    void compareAndSet() {
        assertThat(ns.getVersioned("k")).isNull();
        ns.set("k", "v1");
        Versioned v1 = ns.getVersioned("k");
        assertThat(v1.value()).isEqualTo("v1");
        assertThat(ns.compareAndSet("k", v1.version(), "v2", null)).isTrue();
        assertThat(ns.compareAndSet("k", v1.version(), "v3", null)).isFalse();
        assertThat(ns.get("k")).isEqualTo("v2");
        Versioned v2 = ns.getVersioned("k");
        assertThat(v2.version()).isNotEqualTo(v1.version());
        ns.delete("k");
        ns.set("k", "v2");
        assertThat(ns.compareAndSet("k", v2.version(), "stale", null)).as("no ABA").isFalse();
        Versioned v3 = ns.getVersioned("k");
        assertThat(ns.compareAndSet("k", v3.version(), "ttl", Duration.ofSeconds(3))).isTrue();
        assertThat(ns.ttlMillis("k")).isEqualTo(3000);
    }

    @Test
    void badInputIsRejectedAndChangesNothing() {
        ns.set("k", "v");
        assertThatThrownBy(() -> ns.set(null, "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key must not be null");
        assertThatThrownBy(() -> ns.set("k", (String) null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ns.set("a\0b", "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL");
        assertThatThrownBy(() -> ns.set("x".repeat(2049), "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds the limit");
        ns.set("x".repeat(2048), "max key");
        assertThat(ns.get("x".repeat(2048))).isEqualTo("max key");
        assertThatThrownBy(() -> ns.set("k", new byte[1024 * 1024 + 1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ns.set("k", "\uD800")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ns.set("k", "v", Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        Map<String, String> batch = new LinkedHashMap<>();
        batch.put("fresh", "1");
        batch.put(null, "2");
        assertThatThrownBy(() -> ns.setAll(batch)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ns.exists("fresh")).as("nothing of a rejected batch is written").isFalse();
        assertThatThrownBy(() -> kv.namespace("Bad-Name")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ns.get("k")).isEqualTo("v");
    }
}
