package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hstorekv.imports.OnConflict;
import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.StoreTestBase;
import io.hstorekv.testing.TestSql;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** exportJsonl / importJsonl: an exact round trip of every type, TTLs and binary values. */
class JsonlDumpTest extends StoreTestBase {

    private String export(Namespace namespace) {
        StringWriter out = new StringWriter();
        kv.exportJsonl(namespace.name(), out);
        return out.toString();
    }

    private long restore(Namespace target, String dump, OnConflict mode) {
        return kv.importJsonl(target.name(), new BufferedReader(new StringReader(dump)), mode);
    }

    private void fill(Namespace n) {
        n.set("plain", "hello \"world\" => ünïcödé 🎉\nsecond line");
        n.set("binary", new byte[] {0, 1, 2, (byte) 0xff});
        n.set("marked", "\u0001looks binary");
        n.set("empty", "");
        n.set("session", "alice", Duration.ofMinutes(30));
        n.hashes().set("user:1", Map.of("name", "Alice", "quote", "a=>\"b\"", "empty", ""));
        n.hashes().set("user:1", "avatar", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0});
        n.sets().add("roles", "admin", "editor", "x=>y");
        n.expire("roles", Duration.ofHours(2));
    }

    @Test
    void aDumpRoundTripsExactly() throws Exception {
        fill(ns);
        String dump = export(ns);
        assertThat(dump.lines()).hasSize(7);
        assertThat(dump).contains("\"key\": \"binary\"", "\"value_base64\": \"AAEC/w==\"", "\"fields_base64\": {\"avatar\": \"iVBORwA=\"}",
                "\"members\": [", "\"expires_at\": \"");

        Namespace copy = kv.namespace(StoreFixture.uniqueName("ns"));
        assertThat(restore(copy, dump, OnConflict.FAIL)).isEqualTo(7);
        assertThat(export(copy)).isEqualTo(dump);
        assertThat(copy.getBytes("binary")).containsExactly(0, 1, 2, 0xff);
        assertThat(copy.get("marked")).isEqualTo("\u0001looks binary");
        assertThat(copy.get("plain")).isEqualTo(ns.get("plain"));
        assertThat(copy.hashes().getAll("user:1")).containsEntry("quote", "a=>\"b\"").containsEntry("empty", "");
        assertThat(copy.hashes().getBytes("user:1", "avatar")).isEqualTo(ns.hashes().getBytes("user:1", "avatar"));
        assertThat(copy.sets().members("roles")).containsExactlyInAnyOrder("admin", "editor", "x=>y");
        assertThat(copy.expiresAt("session")).isEqualTo(ns.expiresAt("session"));
        assertThat(copy.expiresAt("roles")).isEqualTo(ns.expiresAt("roles"));
        assertThat(copy.ttlMillis("plain")).isEqualTo(-1);
        // stored forms, byte for byte
        String stored = "SELECT string_agg(key || type || coalesce(value, fields::text) || coalesce(expires_at::text, ''), '|' "
                + "ORDER BY key) FROM " + schema + ".entries WHERE ns = '%s'";
        assertThat(TestSql.query(stored.formatted(copy.name()))).isEqualTo(TestSql.query(stored.formatted(ns.name())));
    }

    @Test
    void expiredKeysAreLeftOutAndConflictsFollowTheMode() throws Exception {
        fill(ns);
        String dump = export(ns);
        Namespace later = kv.namespace(StoreFixture.uniqueName("ns"));
        later.set("plain", "existing");
        assertThatThrownBy(() -> restore(later, dump, OnConflict.FAIL)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key plain exists");
        assertThat(later.count()).isEqualTo(1);
        assertThat(restore(later, dump, OnConflict.SKIP)).isEqualTo(6);
        assertThat(later.get("plain")).isEqualTo("existing");
        clock.advance(Duration.ofHours(1));
        try {
            Namespace afterAnHour = kv.namespace(StoreFixture.uniqueName("ns"));
            assertThat(restore(afterAnHour, dump, OnConflict.OVERWRITE)).isEqualTo(6); // the session expired
            assertThat(afterAnHour.exists("session")).isFalse();
        } finally {
            clock.advance(Duration.ofHours(-1));
        }
    }

    @Test
    void aBadLineIsNamedAndNothingIsWritten() {
        String dump = "{\"key\": \"a\", \"type\": \"string\", \"value\": \"1\"}\n\n"
                + "{\"key\": \"b\", \"type\": \"list\", \"value\": \"2\"}\n";
        assertThatThrownBy(() -> restore(ns, dump, OnConflict.FAIL)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("line 3: not an entry");
        assertThatThrownBy(() -> restore(ns, "{\"key\": \"a\", \"type\": \"string\", \"value\": \"1\"}\n{not json\n", OnConflict.FAIL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("line 2: invalid input syntax for type json");
        assertThatThrownBy(() -> restore(ns, "{\"key\": \"a\", \"type\": \"string\", \"value_base64\": \"%%%\"}\n", OnConflict.FAIL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("line 1: ");
        String twice = "{\"key\": \"a\", \"type\": \"string\", \"value\": \"1\"}\n";
        assertThatThrownBy(() -> restore(ns, twice + twice, OnConflict.OVERWRITE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key a appears more than once");
        StringBuilder many = new StringBuilder(twice); // the second copy in a later statement of the restore
        for (int i = 0; i < 1500; i++) {
            many.append("{\"key\": \"k").append(i).append("\", \"type\": \"string\", \"value\": \"v\"}\n");
        }
        many.append(twice);
        assertThatThrownBy(() -> restore(ns, many.toString(), OnConflict.OVERWRITE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key a appears more than once");
        assertThat(ns.count()).isZero();
        assertThatThrownBy(() -> kv.exportJsonl("no_such_namespace", new StringWriter()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("there is no namespace no_such_namespace");
    }
}
