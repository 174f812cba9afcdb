package io.hstorekv.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store's containment query on a namespace large enough for the planner to prefer the index by
 * itself (no planner settings): it looks the pairs' digests up in the GIN index, with the values
 * known (custom plan) and as parameters (generic plan, as a prepared statement runs after a few
 * executions), and its answers are exactly those of plain @> on every row.
 */
class ContainmentIndexTest {
    private static final int ROWS = 20_000;
    private static final Pattern NAMED_PARAMETER = Pattern.compile("(?<!:):([A-Za-z]\\w*)");

    static Jdbi jdbi;
    static String schema;
    static String ns;
    static String find;

    @BeforeAll
    static void fill() {
        Database database = Database.open(TestDatabase.dataSource(), (failure, message, cause) -> new IllegalStateException(failure + ": " + message, cause),
                StoreFixture.uniqueName("contains"), "hstorekv_schema_history", "public", true);
        schema = database.schema();
        ns = StoreFixture.uniqueName("n");
        database.createNamespace(ns, NamespaceDurability.DURABLE);
        find = Sql.render(schema, database.hstoreSchema(), ns, false)[Sql.FIND_CONTAINING.ordinal()];
        jdbi = Jdbi.create(TestDatabase.dataSource());
        jdbi.useHandle(h -> {
            // one row in 100 is "pro"; every n is unique; two rows whose pairs would run together
            // without the field's length in the digest
            h.execute("INSERT INTO " + schema + ".entries (ns, key, type, fields, version) "
                    + "SELECT ?, 'u' || g, 'hash', hstore(ARRAY['plan', 'n'], ARRAY[CASE WHEN g % 100 = 0 THEN 'pro' ELSE 'free' END, g::text]), g "
                    + "FROM generate_series(1, " + ROWS + ") g", ns);
            h.execute("INSERT INTO " + schema + ".entries (ns, key, type, fields, version) "
                    + "VALUES (?, 'ab', 'hash', hstore('ab', 'c'), 0), (?, 'a', 'hash', hstore('a', 'bc'), 0)", ns, ns);
            h.execute("ANALYZE " + schema + ".entries");
        });
    }

    @Test
    void withKnownValuesTheIndexIsUsedAndRechecked() {
        String plan = jdbi.withHandle(h -> String.join("\n", h.createQuery("EXPLAIN " + find)
                .bindArray("fields", String.class, List.of("plan")).bindArray("values", String.class, List.of("pro"))
                .bind("now", Instant.now()).bind("limit", 10).mapTo(String.class).list()));
        assertUsesTheIndex(plan);
    }

    @Test
    void asAGenericPlanTheIndexIsUsedAndRechecked() {
        String plan = jdbi.withHandle(h -> {
            h.execute("SET plan_cache_mode = force_generic_plan");
            try {
                return String.join("\n", explainPrepared(h, Map.of("fields", "'{plan}'", "values", "'{pro}'", "now", "now()", "limit", "10")));
            } finally {
                h.execute("DEALLOCATE find");
                h.execute("RESET plan_cache_mode");
            }
        });
        assertThat(plan).as(plan).contains("pair_digests(hstore($");
        assertUsesTheIndex(plan);
    }

    @Test
    void answersAreExactlyThoseOfContainmentOnEveryRow() {
        List<List<List<String>>> queries = List.of(
                List.of(List.of("plan"), List.of("pro")),
                List.of(List.of("plan", "n"), List.of("pro", "300")),
                List.of(List.of("plan", "n"), List.of("pro", "301")),
                List.of(List.of("n"), List.of("7")),
                List.of(List.of("plan"), List.of("gold")),
                List.of(List.of("a"), List.of("bc")),
                List.of(List.of("ab"), List.of("c")));
        for (List<List<String>> query : queries) {
            assertThat(find(query.get(0), query.get(1))).as(query.toString()).isEqualTo(containing(query.get(0), query.get(1)));
        }
        assertThat(find(List.of("plan"), List.of("pro"))).hasSize(ROWS / 100);
        assertThat(find(List.of("plan", "n"), List.of("pro", "300"))).containsExactly("u300");
        assertThat(find(List.of("a"), List.of("bc"))).containsExactly("a");
    }

    private static void assertUsesTheIndex(String plan) {
        assertThat(plan).as(plan).contains("Bitmap Index Scan").containsPattern("Index Cond: .*pair_digests\\(fields\\) @> ");
        // the digests only narrow the rows down: @> on the hstore decides
        assertThat(plan).as(plan).containsPattern("Filter: .*fields @> ");
    }

    /** The store's answer, through the index. */
    private static List<String> find(List<String> fields, List<String> values) {
        return jdbi.withHandle(h -> h.createQuery(find).bindArray("fields", String.class, fields).bindArray("values", String.class, values)
                .bind("now", Instant.now()).bind("limit", ROWS).mapTo(String.class).list());
    }

    /** Plain @> on every row of the namespace, in the same order. */
    private static List<String> containing(List<String> fields, List<String> values) {
        return jdbi.withHandle(h -> h.createQuery("SELECT key FROM " + schema + ".entries WHERE ns = :ns AND type = 'hash' "
                        + "AND fields @> hstore(:fields::text[], :values::text[]) ORDER BY key")
                .bind("ns", ns).bindArray("fields", String.class, fields).bindArray("values", String.class, values)
                .mapTo(String.class).list());
    }

    /** EXPLAIN EXECUTE of the query prepared with positional parameters, given as SQL literals by name. */
    private static List<String> explainPrepared(Handle h, Map<String, String> arguments) {
        List<String> names = new ArrayList<>();
        String positional = NAMED_PARAMETER.matcher(find).replaceAll(m -> {
            if (!names.contains(m.group(1))) {
                names.add(m.group(1));
            }
            return "\\$" + (names.indexOf(m.group(1)) + 1);
        });
        h.execute("PREPARE find AS " + positional);
        List<String> literals = names.stream().map(arguments::get).toList();
        return h.createQuery("EXPLAIN EXECUTE find(" + String.join(", ", literals) + ")").mapTo(String.class).list();
    }
}
