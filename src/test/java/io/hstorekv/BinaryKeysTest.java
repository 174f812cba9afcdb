package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hstorekv.testing.StoreTestBase;
import io.hstorekv.testing.TestSql;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys, fields and members that are any bytes, through {@link BinaryKeys}, and what SQL shows of them. */
class BinaryKeysTest extends StoreTestBase {
    private static final byte[] NOT_UTF8 = {'k', (byte) 0xFF, 'x'};
    private static final byte[] WITH_NUL = {'k', 0, 'z'};
    private static final byte[] MARKED = {1, 'k'};

    @Test
    void textStaysTextAndOtherBytesGetTheMarkedForm() {
        assertThat(BinaryKeys.of("plain ключ".getBytes(StandardCharsets.UTF_8))).isEqualTo("plain ключ");
        assertThat(BinaryKeys.of(NOT_UTF8)).isEqualTo("\u0001a/94");
        assertThat(BinaryKeys.of(MARKED)).isEqualTo("\u0001AWs=");
        for (byte[] bytes : List.of(NOT_UTF8, WITH_NUL, MARKED, new byte[0])) {
            assertThat(BinaryKeys.bytes(BinaryKeys.of(bytes))).isEqualTo(bytes);
        }
        assertThat(BinaryKeys.isBinary(BinaryKeys.of(WITH_NUL))).isTrue();
        assertThat(BinaryKeys.isBinary("text")).isFalse();
    }

    @Test
    void binaryNamesWorkEverywhereAndSqlShowsTheMarkedForm() throws Exception {
        String key = BinaryKeys.of(NOT_UTF8);
        String field = BinaryKeys.of(WITH_NUL);
        ns.set(key, "v");
        ns.hashes().set("h", field, "f");
        ns.sets().add("s", BinaryKeys.of(MARKED), "text");

        assertThat(ns.get(key)).isEqualTo("v");
        assertThat(ns.hashes().fieldNames("h")).containsExactly(field);
        assertThat(ns.sets().members("s")).containsExactlyInAnyOrder(BinaryKeys.of(MARKED), "text");
        String where = " FROM " + schema + ".entries WHERE ns = '" + ns.name() + "'";
        assertThat(TestSql.query("SELECT key" + where + " AND key = chr(1) || 'a/94'")).isEqualTo(key);
        assertThat(TestSql.query("SELECT encode(" + schema + ".bytes(key), 'hex')" + where + " AND key = '" + key + "'"))
                .isEqualTo("6bff78");
    }

    @Test
    void aNameStartingWithTheMarkMustBeTheMarkedFormOfBytes() {
        for (String bad : List.of("\u0001not base64!", "\u0001dGV4dA==", "\u0001")) {
            assertThatThrownBy(() -> ns.set(bad, "v")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("BinaryKeys.of");
            assertThatThrownBy(() -> ns.sets().add("s", bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(ns.exists("s")).isFalse();
    }

    @Test
    void patternsMatchBinaryNamesByTheirBytesAndPrefixScansFindThem() {
        ns.set(BinaryKeys.of(WITH_NUL), "1");
        ns.set(BinaryKeys.of(NOT_UTF8), "2");
        ns.set("k1", "3");
        ns.set("other", "4");

        assertThat(scanAll("k*", 1)).containsExactlyInAnyOrder(BinaryKeys.of(WITH_NUL), BinaryKeys.of(NOT_UTF8), "k1");
        assertThat(scanAll(BinaryKeys.of(new byte[] {'k', 0, '*'}), 1)).containsExactly(BinaryKeys.of(WITH_NUL));
        assertThat(scanAll("k?", 10)).containsExactly("k1");
        assertThat(scanAll("k??", 10)).containsExactlyInAnyOrder(BinaryKeys.of(WITH_NUL), BinaryKeys.of(NOT_UTF8));
        assertThat(scanAll("*", 2)).hasSize(4);
    }

    private List<String> scanAll(String pattern, int count) {
        List<String> keys = new ArrayList<>();
        ScanPage page = ns.scan(pattern, ScanPage.START, count);
        keys.addAll(page.keys());
        while (!page.isLast()) {
            page = ns.scan(pattern, page.cursor(), count);
            keys.addAll(page.keys());
        }
        return keys;
    }
}
