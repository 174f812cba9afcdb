package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.StoreTestBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class KeysTest extends StoreTestBase {

    @Test
    void typeOfEachKind() {
        ns.set("s", "v");
        ns.hashes().set("h", "f", "v");
        ns.sets().add("t", "m");
        assertThat(ns.type("s")).isEqualTo(KeyType.STRING);
        assertThat(ns.type("h")).isEqualTo(KeyType.HASH);
        assertThat(ns.type("t")).isEqualTo(KeyType.SET);
        assertThat(ns.type("none")).isEqualTo(KeyType.NONE);
    }

    @Test
    void renameCarriesValueTypeAndTtl() {
        ns.hashes().set("src", "f", "v");
        ns.expire("src", Duration.ofSeconds(30));
        ns.set("dst", "old");
        ns.rename("src", "dst");
        assertThat(ns.exists("src")).isFalse();
        assertThat(ns.hashes().getAll("dst")).containsEntry("f", "v");
        assertThat(ns.ttlMillis("dst")).isEqualTo(30_000);
        assertThatThrownBy(() -> ns.rename("src", "x")).isInstanceOf(NoSuchElementException.class);
        ns.set("a", "1");
        ns.set("b", "2");
        assertThat(ns.renameIfAbsent("a", "b")).isFalse();
        assertThat(ns.get("a")).isEqualTo("1");
        assertThat(ns.renameIfAbsent("a", "c")).isTrue();
        assertThat(ns.get("c")).isEqualTo("1");
        ns.rename("c", "c");
        assertThat(ns.get("c")).isEqualTo("1");
        assertThat(ns.renameIfAbsent("c", "c")).isFalse();
        ns.set("gone", "x", Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(2));
        assertThatThrownBy(() -> ns.rename("gone", "y")).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void scanReturnsEveryKeyOnceAcrossPages() {
        Map<String, String> entries = new HashMap<>();
        for (int i = 0; i < 250; i++) {
            entries.put("user:" + i, "v");
            entries.put("order:" + i, "v");
        }
        ns.setAll(entries);
        List<String> seen = new ArrayList<>();
        String cursor = ScanPage.START;
        int pages = 0;
        do {
            ScanPage page = ns.scan("user:*", cursor, 40);
            seen.addAll(page.keys());
            cursor = page.cursor();
            pages++;
            if (pages == 3) {
                ns.set("user:999", "added mid-scan");
                ns.delete("order:1");
            }
        } while (!cursor.equals(ScanPage.START));
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).hasSizeBetween(250, 251).allMatch(k -> k.startsWith("user:"));
        for (int i = 0; i < 250; i++) {
            assertThat(seen).contains("user:" + i);
        }
        assertThat(pages).isGreaterThan(5);
    }

    @Test
    void globPatterns() {
        for (String k : List.of("hello", "hallo", "hxllo", "hllo", "heeeello", "h[llo", "h*llo", "a.b", "aXb")) {
            ns.set(k, "v");
        }
        assertThat(match("h?llo")).containsExactlyInAnyOrder("hello", "hallo", "hxllo", "h[llo", "h*llo");
        assertThat(match("h*llo")).containsExactlyInAnyOrder("hello", "hallo", "hxllo", "hllo", "heeeello", "h[llo", "h*llo");
        assertThat(match("h[ae]llo")).containsExactlyInAnyOrder("hello", "hallo");
        assertThat(match("h[^e]llo")).containsExactlyInAnyOrder("hallo", "hxllo", "h[llo", "h*llo");
        assertThat(match("h[a-b]llo")).containsExactlyInAnyOrder("hallo");
        assertThat(match("h\\*llo")).containsExactly("h*llo");
        assertThat(match("h\\[llo")).containsExactly("h[llo");
        assertThat(match("a.b")).containsExactly("a.b");
        assertThat(match("*")).hasSize(9);
        assertThatThrownBy(() -> ns.scan("h[llo", ScanPage.START, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ns.scan("abc\\", ScanPage.START, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scanByType() {
        ns.set("s", "v");
        ns.hashes().set("h", "f", "v");
        ns.sets().add("t", "m");
        assertThat(ns.scan("*", KeyType.HASH, ScanPage.START, 100).keys()).containsExactly("h");
    }

    private List<String> match(String pattern) {
        List<String> keys = new ArrayList<>();
        String cursor = ScanPage.START;
        do {
            ScanPage page = ns.scan(pattern, cursor, 3);
            keys.addAll(page.keys());
            cursor = page.cursor();
        } while (!page(cursor));
        return keys;
    }

    private static boolean page(String cursor) {
        return cursor.equals(ScanPage.START);
    }

    @Test
    void countAndFlush() {
        Map<String, String> entries = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            entries.put("k" + i, "v");
        }
        ns.setAll(entries);
        ns.set("ttl", "v", Duration.ofSeconds(1));
        assertThat(ns.count()).isEqualTo(1001);
        clock.advance(Duration.ofSeconds(2));
        assertThat(ns.count()).isEqualTo(1000);
        Namespace other = kv.namespace(StoreFixture.uniqueName("other"));
        other.set("keep", "me");
        ns.flush();
        assertThat(ns.count()).isZero();
        assertThat(other.get("keep")).isEqualTo("me");
    }
}
