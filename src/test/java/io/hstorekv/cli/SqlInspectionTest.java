package io.hstorekv.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.ServeCommandLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: from {@code serve} with its defaults (an embedded PostgreSQL) to the keys in SQL: the ready
 * line's and INFO's connection strings, the inspection views, and the {@code sql} subcommand, with the
 * README's inspection section run as written. One server for the class; each test writes its own database.
 */
class SqlInspectionTest {
    private static final Pattern PSQL_LINE = Pattern.compile("  SQL:  (psql -h localhost -p (\\d+) -U postgres -d postgres)");
    private static final Pattern JDBC_LINE = Pattern.compile("  JDBC: (jdbc:postgresql://localhost:(\\d+)/postgres\\?user=postgres)");

    @TempDir
    static Path dataDir;

    private static ServeCommand.Running server;
    private static String readyOutput;

    @BeforeAll
    static void serveWithDefaults() throws Exception {
        StringWriter out = new StringWriter();
        server = ServeCommandLine.parse(Map.of(), "--port", "0", "--data-dir", dataDir.toString()).start(new PrintWriter(out, true));
        readyOutput = out.toString();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private record Run(int exit, String out, String err) {}

    /** {@code java -jar hstore-kv.jar <args>} in this process, the data dir from the environment, psql's PATH as given. */
    private static Run run(String path, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new HashMap<>();
        env.put("HSTOREKV_DATA_DIR", dataDir.toString());
        env.put("PATH", path);
        int exit = Main.execute(args.toArray(String[]::new), env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    private static Run sql(String... args) {
        List<String> all = new ArrayList<>(List.of("sql"));
        all.addAll(List.of(args));
        return run(System.getenv().getOrDefault("PATH", ""), all);
    }

    private static RespClient client(int db) {
        RespClient c = new RespClient(server.port());
        assertThat(c.call("SELECT", Integer.toString(db))).isEqualTo("OK");
        return c;
    }

    @Test
    void theReadyLineAndInfoSayHowToConnect() throws Exception {
        Matcher psql = PSQL_LINE.matcher(readyOutput);
        Matcher jdbc = JDBC_LINE.matcher(readyOutput);
        assertThat(psql.find()).as(readyOutput).isTrue();
        assertThat(jdbc.find()).as(readyOutput).isTrue();
        assertThat(psql.group(2)).isEqualTo(jdbc.group(2));
        assertThat(readyOutput).contains("hstore-kv ready: redis protocol on 127.0.0.1:" + server.port(),
                "(or: java -jar hstore-kv.jar sql --data-dir " + dataDir.toAbsolutePath().normalize() + ")");
        try (Connection c = DriverManager.getConnection(jdbc.group(1)); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT inet_server_addr() IS NULL OR host(inet_server_addr()) IN ('127.0.0.1', '::1'),"
                     + " current_setting('listen_addresses'), count(*) FROM hstorekv.keys")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("connected over loopback").isTrue();
            assertThat(rs.getString(2)).isEqualTo("localhost");
        }
        try (RespClient c = client(0)) {
            String persistence = (String) c.call("INFO", "persistence");
            assertThat(persistence).contains("storage_psql:" + psql.group(1) + "\r\n", "storage_jdbc_url:" + jdbc.group(1) + "\r\n");
        }
    }

    @Test
    void readmeInspectionSectionRunsAsWritten() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = lines.indexOf("### Inspecting the pairs");
        assertThat(start).as("README section").isNotNegative();
        try (RespClient flush = client(0)) {
            flush.call("FLUSHALL");
        }
        List<String> pendingSql = null;
        int redisCommands = 0;
        int sqlExamples = 0;
        String fence = null;
        List<String> block = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (fence == null && line.startsWith("#")) {
                break;
            }
            if (fence == null && line.startsWith("```")) {
                fence = line.substring(3);
                block.clear();
            } else if (fence != null && line.equals("```")) {
                if (fence.equals("text") && pendingSql != null) {
                    Run result = run(System.getenv().getOrDefault("PATH", ""), pendingSql);
                    assertThat(result.err()).as(String.join(" ", pendingSql)).isEmpty();
                    assertThat(result.exit()).isZero();
                    assertThat(result.out()).as(String.join(" ", pendingSql)).isEqualTo(String.join("\n", block) + "\n");
                    pendingSql = null;
                    sqlExamples++;
                }
                fence = null;
            } else if (fence != null && fence.equals("sh")) {
                List<String> words = ShellWords.split(line);
                if (words.get(0).equals("redis-cli")) {
                    redis(words);
                    redisCommands++;
                } else {
                    assertThat(pendingSql).as("every sql example is followed by its output").isNull();
                    assertThat(words.subList(0, 3)).containsExactly("java", "-jar", "target/hstore-kv.jar");
                    pendingSql = words.subList(3, words.size());
                }
            } else if (fence != null) {
                block.add(line);
            }
        }
        assertThat(pendingSql).isNull();
        assertThat(redisCommands).isEqualTo(8);
        assertThat(sqlExamples).isEqualTo(9);
    }

    @Test
    void sqlShowsTextAndBinaryValuesAndLeavesOutExpiredOnes() {
        try (RespClient c = client(2)) {
            c.call("FLUSHDB");
            c.call("SET", "text", "héllo, \"world\"");
            c.call("SET", "blob", new byte[] {0, 1, (byte) 0xff});
            c.call("SET", "gone", "soon", "EX", "100");
        }
        Run csv = sql("--csv", "-c", "SELECT key, value, bytes, ttl IS NOT NULL AS expires FROM hstorekv.strings"
                + " WHERE namespace = 'db2' ORDER BY key");
        assertThat(csv.err()).isEmpty();
        assertThat(csv.out()).isEqualTo("""
                key,value,bytes,expires
                blob,,\\x0001ff,f
                gone,soon,\\x736f6f6e,t
                text,"héllo, ""world\"\"",\\x68c3a96c6c6f2c2022776f726c6422,f
                """);
        // Expired but not swept yet: inside one transaction, so the sweeper (SKIP LOCKED) cannot take it away meanwhile.
        Run expired = sql("-c", "BEGIN; UPDATE hstorekv.entries SET expires_at = now() - interval '1 second'"
                + " WHERE ns = 'db2' AND key = 'gone';"
                + " SELECT (SELECT count(*) FROM hstorekv.entries WHERE ns = 'db2' AND key = 'gone') AS stored,"
                + " (SELECT count(*) FROM hstorekv.strings WHERE namespace = 'db2' AND key = 'gone') AS shown,"
                + " (SELECT count(*) FROM hstorekv.keys WHERE namespace = 'db2' AND key = 'gone') AS listed; ROLLBACK");
        assertThat(expired.err()).isEmpty();
        assertThat(expired.exit()).isZero();
        assertThat(expired.out()).isEqualTo("""
                (0 rows changed)
                (1 row changed)
                 stored | shown | listed
                --------+-------+--------
                      1 |     0 |      0
                (1 row)
                (0 rows changed)
                """);
    }

    @Test
    void hashesAndSetsThroughTheViews() throws Exception {
        try (RespClient c = client(3)) {
            c.call("FLUSHDB");
            c.call("HSET", "h", "plain", "v", "binary", new byte[] {(byte) 0xfe, 0});
            c.call("SADD", "s", "b", "a");
            c.call("HSET", "expired", "f", "v");
            c.call("SADD", "expired-set", "m");
        }
        Run hash = sql("-c", "BEGIN; UPDATE hstorekv.entries SET expires_at = now() - interval '1 second'"
                + " WHERE ns = 'db3' AND key IN ('expired', 'expired-set');"
                + " SELECT db, key, field, value, bytes FROM hstorekv.hash_fields WHERE namespace = 'db3' ORDER BY key, field;"
                + " SELECT db, key, member FROM hstorekv.set_members WHERE namespace = 'db3' ORDER BY key, member; ROLLBACK");
        assertThat(hash.err()).isEmpty();
        assertThat(hash.out()).isEqualTo("""
                (0 rows changed)
                (2 rows changed)
                 db | key | field  | value | bytes
                ----+-----+--------+-------+--------
                  3 | h   | binary |       | \\xfe00
                  3 | h   | plain  | v     | \\x76
                (2 rows)
                 db | key | member
                ----+-----+--------
                  3 | s   | a
                  3 | s   | b
                (2 rows)
                (0 rows changed)
                """);
        Matcher jdbc = JDBC_LINE.matcher(readyOutput);
        assertThat(jdbc.find()).isTrue();
        try (Connection c = DriverManager.getConnection(jdbc.group(1)); Statement s = c.createStatement()) {
            s.execute("SET enable_seqscan = off");
            for (String view : List.of("keys", "strings", "hash_fields", "set_members")) {
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = s.executeQuery("EXPLAIN SELECT * FROM hstorekv." + view + " WHERE namespace = 'db3' AND key = 'h'")) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                assertThat(plan.toString()).as(view).contains("Index").doesNotContain("Seq Scan");
            }
        }
    }

    @Test
    void nothingListeningIsAClearError() {
        Run refused = sql("--database-url", "jdbc:postgresql://127.0.0.1:1/postgres", "-c", "SELECT 1");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).startsWith("hstore-kv sql: cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/postgres: ")
                .contains("refused");
        assertThat(refused.out()).isEmpty();

        Path empty = dataDir.resolveSibling(dataDir.getFileName() + "-empty");
        Run none = sql("--data-dir", empty.toString(), "-c", "SELECT 1");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).startsWith("hstore-kv sql: no database in " + empty.toAbsolutePath().normalize());
        assertThat(empty).doesNotExist();
    }

    @Test
    void badOptionsExitWithTwo() {
        assertThat(sql("--csv").exit()).isEqualTo(2);
        Run both = sql("-c", "SELECT 1", "--", "-x");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("do not go with -c");
    }

    @Test
    void withoutPsqlItExplainsHowToGetThere(@TempDir Path noPsqlHere) {
        Run explained = run(noPsqlHere.toString(), List.of("sql"));
        Matcher jdbc = JDBC_LINE.matcher(readyOutput);
        assertThat(jdbc.find()).isTrue();
        assertThat(explained.exit()).isEqualTo(1);
        assertThat(explained.err()).contains("psql is not installed", "sql -c \"SELECT", "postgresql-client", jdbc.group(1));
    }

    @Test
    void withPsqlItHandsOverTheConnection(@TempDir Path outputDir) throws Exception {
        String path = System.getenv().getOrDefault("PATH", "");
        assumeTrue(SqlCommand.Psql.find(Map.of("PATH", path)).isPresent(), "psql is not installed");
        try (RespClient c = client(4)) {
            c.call("SET", "via-psql", "yes");
        }
        Path output = outputDir.resolve("psql.out");
        Run psql = run(path, List.of("sql", "--", "-X", "-A", "-t", "-o", output.toString(),
                "-c", "SELECT value FROM hstorekv.strings WHERE namespace = 'db4' AND key = 'via-psql'"));
        assertThat(psql.err()).isEmpty();
        assertThat(psql.exit()).isZero();
        assertThat(Files.readString(output)).isEqualTo("yes\n");
    }

    /** {@code redis-cli -p 6380 [-n DB] COMMAND ARGS...} against our server. */
    private static void redis(List<String> words) {
        assertThat(words.subList(1, 3)).containsExactly("-p", "6380");
        int db = 0;
        int first = 3;
        if (words.get(3).equals("-n")) {
            db = Integer.parseInt(words.get(4));
            first = 5;
        }
        try (RespClient c = client(db)) {
            assertThat(c.call(words.subList(first, words.size()).toArray())).isNotInstanceOf(RespClient.Err.class);
        }
    }

    /** Shell words, with the quoting the README uses: '...' and "..." (no escapes inside). */
    static final class ShellWords {
        private ShellWords() {}

        static List<String> split(String line) {
            List<String> words = new ArrayList<>();
            StringBuilder word = null;
            char quote = 0;
            for (char ch : line.toCharArray()) {
                if (quote != 0) {
                    if (ch == quote) {
                        quote = 0;
                    } else {
                        word.append(ch);
                    }
                } else if (ch == '\'' || ch == '"') {
                    quote = ch;
                    word = word == null ? new StringBuilder() : word;
                } else if (ch == ' ') {
                    if (word != null) {
                        words.add(word.toString());
                        word = null;
                    }
                } else {
                    word = word == null ? new StringBuilder() : word;
                    word.append(ch);
                }
            }
            assertThat((int) quote).as("quotes closed in: " + line).isZero();
            if (word != null) {
                words.add(word.toString());
            }
            return words;
        }
    }
}
