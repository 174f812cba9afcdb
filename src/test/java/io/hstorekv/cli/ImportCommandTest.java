package io.hstorekv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.TestDatabase;
import io.hstorekv.testing.TestSql;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import} and {@code export} in-process: exit codes, report text, progress lines, environment. */
class ImportCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final String schema = StoreFixture.uniqueName("cli");
    private String src;

    @BeforeEach
    void sourceTable() throws Exception {
        src = StoreFixture.uniqueName("src");
        TestSql.execute("CREATE SCHEMA " + src,
                "CREATE TABLE " + src + ".user_prefs (user_id int PRIMARY KEY, theme text, lang text, beta boolean)",
                "INSERT INTO " + src + ".user_prefs SELECT g, CASE WHEN g % 2 = 0 THEN 'dark' ELSE 'light' END, 'en', g > 40 "
                        + "FROM generate_series(1, 50) g");
    }

    private int run(Map<String, String> env, String... args) {
        String[] db = TestDatabase.connection();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--database-url", db[0], "--database-user", db[1], "--database-password", db[2], "--schema", schema));
        return Main.execute(all.toArray(String[]::new), env, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void importsAWideTableAndReportsTheVerification() throws Exception {
        int code = run(Map.of(), "import", "--table", src + ".user_prefs", "--key-column", "user_id", "--as-hash",
                "--namespace", "prefs", "--batch-rows", "20", "--where", "user_id <= 45");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("import " + src + ".user_prefs -> namespace prefs (hashes)",
                "source rows   45 (0 without a value", "45 of 45 entries present, 45 identical", "result        OK",
                "import: 45/45 rows (100%)");
        assertThat(TestSql.query("SELECT fields -> 'theme' FROM " + schema + ".entries WHERE ns = 'prefs' AND key = '2'")).isEqualTo("dark");
        assertThat(TestSql.query("SELECT count(*) FROM " + schema + ".entries WHERE ns = 'prefs' AND fields @> 'beta=>true'")).isEqualTo("5");
    }

    @Test
    void exitCodesForBadInputDryRunAndMismatch() throws Exception {
        assertThat(run(Map.of(), "import", "--table", src + ".nope", "--key-column", "id")).isEqualTo(2);
        assertThat(err.toString()).contains("table " + src + ".nope does not exist");
        assertThat(run(Map.of(), "import", "--table", src + ".user_prefs", "--key-column", "user_id", "--value-column", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("has no column x");
        assertThat(run(Map.of(), "import", "--table", src + ".user_prefs")).isEqualTo(2);
        assertThat(err.toString()).contains("--key-column is required");
        assertThat(run(Map.of(), "import", "--table", src + ".user_prefs", "--key-column", "user_id", "--resume")).isEqualTo(2);
        assertThat(err.toString()).contains("there is no import job '" + src + ".user_prefs -> user_prefs' to resume");
        assertThat(run(Map.of(), "import", "--table", src + ".user_prefs", "--key-column", "user_id", "--where", "nonsense(")).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read " + src + ".user_prefs where nonsense(");

        assertThat(run(Map.of(), "import", "--table", src + ".user_prefs", "--key-column", "user_id", "--value-column", "theme",
                "--namespace", "themes", "--dry-run")).isZero();
        assertThat(out.toString()).contains("dry run (nothing written)", "1 = light", "2 = dark");
        assertThat(TestSql.query("SELECT count(*) FROM " + schema + ".namespaces WHERE name = 'themes'")).isEqualTo("0");

        assertThat(run(Map.of(), "import", "--table", src + ".user_prefs", "--key-column", "user_id", "--value-column", "theme",
                "--namespace", "themes")).isZero();
        assertThat(run(Map.of(), "import", "--table", src + ".user_prefs", "--key-column", "user_id", "--value-column", "theme",
                "--namespace", "themes", "--restart")).isEqualTo(2);
        assertThat(err.toString()).contains("50 keys of " + src + ".user_prefs exist in namespace themes already");
        assertThat(err.toString()).contains("Choose --on-conflict overwrite or skip.");
        TestSql.execute("UPDATE " + schema + ".entries SET value = 'tampered' WHERE ns = 'themes' AND key = '7'");
        assertThat(run(Map.of(), "import", "--table", src + ".user_prefs", "--key-column", "user_id", "--value-column", "theme",
                "--namespace", "themes")).isEqualTo(3);
        assertThat(out.toString()).contains("49 identical", "MISMATCH");
    }

    @Test
    void optionsFromTheEnvironment() throws Exception {
        Map<String, String> env = Map.of("HSTOREKV_TABLE", src + ".user_prefs", "HSTOREKV_KEY_COLUMN", "user_id,lang",
                "HSTOREKV_KEY_SEPARATOR", "/", "HSTOREKV_VALUE_COLUMN", "theme", "HSTOREKV_NAMESPACE", "envns", "HSTOREKV_TTL", "60");
        assertThat(run(env, "import")).as(err.toString()).isZero();
        assertThat(TestSql.query("SELECT value FROM " + schema + ".entries WHERE ns = 'envns' AND key = '3/en'")).isEqualTo("light");
        assertThat(TestSql.query("SELECT count(*) FROM " + schema + ".entries WHERE ns = 'envns' AND expires_at IS NOT NULL")).isEqualTo("50");
    }

    @Test
    void exportThenImportFromJsonl(@TempDir Path dir) throws Exception {
        assertThat(run(Map.of(), "import", "--table", src + ".user_prefs", "--key-column", "user_id", "--namespace", "orig")).isZero();
        Path dump = dir.resolve("orig.jsonl");
        assertThat(run(Map.of(), "export", "--namespace", "orig", "--output", dump.toString())).isZero();
        assertThat(err.toString()).contains("exported 50 keys of namespace orig");
        assertThat(Files.readAllLines(dump)).hasSize(50).first().asString()
                .isEqualTo("{\"key\": \"1\", \"type\": \"hash\", \"fields\": {\"beta\": \"false\", \"lang\": \"en\", \"theme\": \"light\"}}");
        assertThat(run(Map.of(), "import", "--from-jsonl", dump.toString(), "--namespace", "restored")).isZero();
        assertThat(out.toString()).contains("imported 50 entries");
        String contents = "SELECT string_agg(key || fields::text, '|' ORDER BY key) FROM " + schema + ".entries WHERE ns = '%s'";
        assertThat(TestSql.query(contents.formatted("restored"))).isEqualTo(TestSql.query(contents.formatted("orig")));
        assertThat(run(Map.of(), "export", "--namespace", "orig", "--format", "csv")).isEqualTo(2);
        assertThat(run(Map.of(), "import", "--from-jsonl", dir.resolve("missing.jsonl").toString(), "--namespace", "x")).isEqualTo(1);
    }
}
