package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.imports.ImportReport;
import io.hstorekv.imports.ImportSpec;
import io.hstorekv.imports.OnConflict;
import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.StoreTestBase;
import io.hstorekv.testing.TestSql;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hash fields and values far above what one index entry can hold (about 2.7 kB) are stored and
 * found like small ones: by the facade, by a table import and by a JSONL restore.
 */
class LargeHashValuesTest extends StoreTestBase {
    /** Random letters: PostgreSQL compresses an index entry, so repetitive text would fit. */
    private static final String TEXT_3K = letters(3 * 1024, 3);
    private static final String FIELD_3K = letters(3 * 1024, 4);

    private static String letters(int length, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private static byte[] binary8k() {
        byte[] bytes = new byte[8 * 1024];
        new Random(8).nextBytes(bytes);
        return bytes;
    }

    @Test
    void theFacadeStoresAndFindsLargeTextBinaryAndFieldNames() {
        byte[] binary = binary8k();
        assertThat(ns.hashes().set("doc", "body", TEXT_3K)).isTrue();
        assertThat(ns.hashes().set("doc", "blob", binary)).isTrue();
        assertThat(ns.hashes().set("doc", FIELD_3K, "small")).isTrue();
        ns.hashes().set("other", Map.of("body", TEXT_3K + "!", "plan", "pro"));

        assertThat(ns.hashes().get("doc", "body")).isEqualTo(TEXT_3K);
        assertThat(ns.hashes().getBytes("doc", "blob")).isEqualTo(binary);
        assertThat(ns.hashes().get("doc", FIELD_3K)).isEqualTo("small");
        assertThat(ns.hashes().findContaining(Map.of("body", TEXT_3K), 10)).containsExactly("doc");
        assertThat(ns.hashes().findContaining(Map.of(FIELD_3K, "small", "body", TEXT_3K), 10)).containsExactly("doc");
        assertThat(ns.hashes().findContaining(Map.of("body", TEXT_3K + "!"), 10)).containsExactly("other");
        assertThat(ns.hashes().findContaining(Map.of("plan", "pro", "body", TEXT_3K), 10)).isEmpty();
    }

    @Test
    void aTableImportAsHashesTakesLargeColumns() throws Exception {
        String src = StoreFixture.uniqueName("src");
        TestSql.execute("CREATE SCHEMA " + src,
                "CREATE TABLE " + src + ".docs (id int PRIMARY KEY, body text, blob bytea)",
                "INSERT INTO " + src + ".docs VALUES (1, (SELECT string_agg(md5(g::text), '') FROM generate_series(1, 96) g), "
                        + "(SELECT decode(string_agg(md5(g::text), ''), 'hex') FROM generate_series(1, 512) g))");
        ImportReport report = kv.importTable(ImportSpec.table(src + ".docs").keyColumns("id").into(ns.name()));
        assertThat(report.ok()).as(report.describe()).isTrue();
        String body = TestSql.query("SELECT body FROM " + src + ".docs");
        assertThat(ns.hashes().get("1", "body")).isEqualTo(body);
        assertThat(ns.hashes().findContaining(Map.of("body", body), 10)).containsExactly("1");
    }

    @Test
    void aJsonlRestoreTakesLargeBinaryValues() {
        byte[] binary = binary8k();
        String dump = "{\"key\": \"doc\", \"type\": \"hash\", \"fields\": {\"body\": \"" + TEXT_3K + "\"}, "
                + "\"fields_base64\": {\"blob\": \"" + Base64.getEncoder().encodeToString(binary) + "\"}}\n";
        assertThat(kv.importJsonl(ns.name(), new BufferedReader(new StringReader(dump)), OnConflict.FAIL)).isEqualTo(1);
        assertThat(ns.hashes().getBytes("doc", "blob")).isEqualTo(binary);
        assertThat(ns.hashes().get("doc", "body")).isEqualTo(TEXT_3K);
        StringWriter exported = new StringWriter();
        kv.exportJsonl(ns.name(), exported);
        assertThat(exported.toString()).isEqualTo(dump);
    }
}
