package io.hstorekv.internal.store;

import io.hstorekv.internal.store.Connections.Isolation;
import io.hstorekv.internal.store.Statements.Reader;
import io.hstorekv.internal.store.Statements.Session;
import io.hstorekv.internal.store.Statements.Work;
import io.hstorekv.util.Utf8;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The SQL of importing one table into one namespace: checks, counts, a preview, the batched
 * {@code INSERT ... SELECT} (which runs entirely inside PostgreSQL) with its job row, and the
 * verification query. The rows never pass through the JVM.
 *
 * <p>Batches follow the key columns in their own type and order (keyset: {@code (k1, k2) > (last)
 * ORDER BY k1, k2 LIMIT n}), so an index on them (the primary key, usually) makes each batch
 * cheap and no batch holds anything for long. Each batch writes its rows and moves the job's
 * position in one transaction: whatever stops the import, the job resumes from a clean point.
 * Every query runs under {@link SourceTable#SETTINGS}, so that values always get the same text.
 */
public final class TableCopy {
    /** What to copy, in the store's terms. {@code valueColumn} null: one hash per row. */
    public record Plan(String table, List<String> keyColumns, String keySeparator, String valueColumn, String where,
                       String namespace, ConflictMode onConflict, int maxKeyBytes, long maxValueBytes) {}

    /** The job row: its options, how far it got, and when it finished (null: not yet). */
    public record Job(String spec, List<String> position, long rowsRead, long rowsWritten, Instant expiresAt,
                      Instant finishedAt) {}

    /** Source rows (after the filter), and how many of them carry a value (an all-NULL row does not). */
    public record Counts(long rows, long withValue) {}

    /** One row as it would be stored: string value or hash fields, decoded for display. */
    public record Mapped(String key, String type, String text) {}

    /** Rows read and entries written by one batch, and the job's position after it. */
    public record Batch(long rowsRead, long rowsWritten, List<String> position) {}

    /**
     * The full comparison of the source with the namespace: entries expected (source rows with a
     * value), present, and identical to their source row (type, value or every field, expiry); the
     * first key (in byte order) that is missing or differs, or null.
     */
    public record Comparison(long expected, long present, long identical, String firstDifference) {
        /** Nothing compared yet. */
        public static final Comparison NONE = new Comparison(0, 0, 0, null);

        /** Both comparisons together (of two key ranges). */
        public Comparison plus(Comparison other) {
            String first = firstDifference == null ? other.firstDifference : other.firstDifference == null ? firstDifference
                    : Utf8.compare(firstDifference, other.firstDifference) <= 0 ? firstDifference : other.firstDifference;
            return new Comparison(expected + other.expected, present + other.present, identical + other.identical, first);
        }
    }

    /**
     * Keys of the namespace that rows still to copy would meet: how many are live, the first of
     * those, and how many rows (live or expired) there are in all.
     */
    public record Conflicts(long count, String firstKey, long rows) {}

    private final Statements statements;
    private final String schemaName;
    private final String schema;
    private final String hstore;
    private final Plan plan;
    private final SourceTable source;
    private final List<SourceTable.Column> keys;
    private final List<SourceTable.Column> payload;
    private final String partition;
    private final String keyExpression;

    TableCopy(Statements statements, String schema, String hstoreSchema, Plan plan) {
        this.statements = statements;
        this.schemaName = schema;
        this.schema = Identifiers.quote(schema);
        this.hstore = Identifiers.quote(hstoreSchema);
        this.plan = plan;
        this.partition = this.schema + "." + Identifiers.quote(Identifiers.partition(Identifiers.namespace(plan.namespace())));
        if (plan.keyColumns().isEmpty()) {
            throw new IllegalArgumentException("at least one key column is required");
        }
        this.source = statements.onPooledConnection(session -> SourceTable.describe(session, plan.table()));
        this.keys = new ArrayList<>();
        for (String name : plan.keyColumns()) {
            SourceTable.Column c = source.column(name);
            if (c.isBytea() || keys.contains(c)) {
                throw new IllegalArgumentException("key column " + name + " of " + source.qualifiedName
                        + (c.isBytea() ? " is bytea: keys are text" : " is named twice"));
            }
            keys.add(c);
        }
        if (plan.valueColumn() != null) {
            SourceTable.Column value = source.column(plan.valueColumn());
            if (keys.contains(value)) {
                throw new IllegalArgumentException("column " + value.name() + " cannot be both key and value");
            }
            this.payload = List.of(value);
        } else {
            this.payload = source.columnsExcept(plan.keyColumns());
            if (payload.isEmpty()) {
                throw new IllegalArgumentException("table " + source.qualifiedName + " has no column besides the key columns");
            }
        }
        this.keyExpression = keys.stream().map(SourceTable.Column::text)
                .collect(Collectors.joining(" || " + literal(plan.keySeparator()) + " || "));
    }

    /** The source as the catalog named it, schema-qualified. */
    public String sourceName() {
        return source.qualifiedName;
    }

    private boolean asHash() {
        return plan.valueColumn() == null;
    }

    private String type() {
        return asHash() ? "hash" : "string";
    }

    /** The string value (NULL for hashes). */
    private String valueExpression() {
        return asHash() ? "NULL::text" : payload.get(0).stored(schemaName);
    }

    /** The hash (NULL for strings): every payload column a field, NULL columns left out. */
    private String fieldsExpression() {
        if (!asHash()) {
            return "NULL::" + hstore + ".hstore";
        }
        String names = payload.stream().map(c -> literal(c.name())).collect(Collectors.joining(", "));
        String values = payload.stream().map(c -> c.stored(schemaName)).collect(Collectors.joining(", "));
        String hash = hstore + ".hstore(ARRAY[" + names + "]::text[], ARRAY[" + values + "]::text[])";
        List<SourceTable.Column> nullable = payload.stream().filter(c -> !c.notNull()).toList();
        if (nullable.isEmpty()) {
            return hash;
        }
        String nulls = nullable.stream().map(c -> "CASE WHEN " + c.ref() + " IS NULL THEN " + literal(c.name()) + " END")
                .collect(Collectors.joining(", "));
        String anyNull = nullable.stream().map(c -> c.ref() + " IS NULL").collect(Collectors.joining(" OR "));
        // Rows without NULLs (the usual case) skip the delete, which copies the hash.
        return "CASE WHEN " + anyNull + " THEN " + hstore + ".delete(" + hash + ", ARRAY[" + nulls + "]::text[]) ELSE " + hash + " END";
    }

    /** Whether a source row (alias t) has anything to store: a value, or some field that is not NULL. */
    private String valuePresent() {
        if (payload.stream().anyMatch(SourceTable.Column::notNull)) {
            return "true";
        }
        return "(" + payload.stream().map(c -> c.ref() + " IS NOT NULL").collect(Collectors.joining(" OR ")) + ")";
    }

    /** Whether a mapped row has anything to store. */
    private static String hasValue(String alias) {
        return alias + ".has_value";
    }

    private String filter() {
        return plan.where() == null || plan.where().isBlank() ? "true" : "(" + plan.where() + ")";
    }

    /** Every source row mapped: the key columns (k_0, k_1...), key, value, fields, has_value. */
    private String mapped(String extraCondition, String orderAndLimit) {
        StringBuilder keyColumns = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            keyColumns.append(keys.get(i).ref()).append(" AS k_").append(i).append(", ");
        }
        return "SELECT " + keyColumns + keyExpression + " AS key, " + valueExpression()
                + " AS value, " + fieldsExpression() + " AS fields, " + valuePresent() + " AS has_value FROM " + source.sql + " t WHERE " + filter()
                + extraCondition + orderAndLimit;
    }

    /** Rows after the position (the key columns as text), in key-column order; nothing when there is none. */
    private String after(List<String> position) {
        return position == null ? "" : bound(position, ">");
    }

    /** Key columns compared with a bound: the key columns' values as text, cast back to their types. */
    private String bound(List<String> values, String operator) {
        List<String> left = new ArrayList<>();
        List<String> right = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            left.add(keys.get(i).ref());
            right.add(literal(values.get(i)) + "::" + keys.get(i).sqlType());
        }
        return " AND (" + String.join(", ", left) + ") " + operator + " (" + String.join(", ", right) + ")";
    }

    /** "Entry e has not expired at {@code now}." */
    private static String live(Instant now) {
        return Sql.live(timestamp(now));
    }

    private String keyOrder() {
        return " ORDER BY " + keys.stream().map(SourceTable.Column::ref).collect(Collectors.joining(", "));
    }

    /**
     * Runs the work in a transaction with the settings that fix text output. Errors in what the
     * user wrote (a {@code where} that does not parse or names no column) become
     * IllegalArgumentException. The work's statements hold the user's names and SQL, so they run
     * with their values inlined (see {@link Session#queryInlined}).
     */
    private <T> T withSettings(Work<T> work) {
        return withSettings(Isolation.DEFAULT, work);
    }

    private <T> T withSettings(Isolation isolation, Work<T> work) {
        return statements.inOwnTransaction(isolation, session -> {
            session.updateInlined(SourceTable.SETTINGS);
            return work.run(session);
        }, e -> !SqlState.syntaxError(e) ? null : new IllegalArgumentException("cannot read " + source.qualifiedName
                + (plan.where() == null ? "" : " where " + plan.where()) + ": " + SqlErrors.serverMessage(e), e));
    }

    /** The first row of a query, mapped; or null when there is none. */
    private static <T> T first(Session session, String sql, Reader<T> row) throws SQLException {
        return session.queryInlined(sql, Statements.firstRow(row));
    }

    private static List<String> textArray(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? null : List.of((String[]) array.getArray());
    }

    /**
     * Counts the source rows, in one scan that also fails (IllegalArgumentException naming the row
     * and column) on a NULL key column, a key longer than the limit, or a value larger than the
     * limit; then fails on a key that two rows share (composite keys compare joined), unless a
     * unique index on the one key column rules that out.
     */
    public Counts checkAndCount() {
        List<String> problems = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        for (SourceTable.Column k : keys) {
            conditions.add(k.ref() + " IS NULL");
            problems.add("key column " + k.name() + " is NULL");
        }
        conditions.add("octet_length(" + keyExpression + ") > " + plan.maxKeyBytes());
        problems.add("the key is longer than " + plan.maxKeyBytes() + " bytes");
        boolean smallLimit = plan.maxValueBytes() < SourceTable.Column.MOST_NOT_LARGE;
        for (SourceTable.Column c : payload.stream().filter(c -> smallLimit || c.mayBeLarge()).toList()) {
            conditions.add(c.byteLength() + " > " + plan.maxValueBytes());
            problems.add("column " + c.name() + " holds a value larger than " + plan.maxValueBytes() + " bytes");
        }
        StringBuilder which = new StringBuilder("CASE");
        for (int i = 0; i < conditions.size(); i++) {
            which.append(" WHEN ").append(conditions.get(i)).append(" THEN ").append(literal(problems.get(i)));
        }
        which.append(" END");
        String sql = "SELECT count(*) AS rows, count(*) FILTER (WHERE " + valuePresent() + ") AS with_value, (array_agg(" + which
                + " || ' in row ' || left(t::text, 200)) FILTER (WHERE " + String.join(" OR ", conditions) + "))[1] AS problem "
                + "FROM " + source.sql + " t WHERE " + filter();
        String[] problem = {null};
        Counts counts = withSettings(session -> first(session, sql, rs -> {
            problem[0] = rs.getString("problem");
            return new Counts(rs.getLong("rows"), rs.getLong("with_value"));
        }));
        if (problem[0] != null) {
            throw new IllegalArgumentException(problem[0] + " of " + source.qualifiedName);
        }
        if (!uniqueByIndex()) {
            String duplicates = "SELECT m.key FROM (" + mapped("", "") + ") m GROUP BY m.key HAVING count(*) > 1 LIMIT 1";
            String key = withSettings(session -> first(session, duplicates, rs -> rs.getString(1)));
            if (key != null) {
                throw new IllegalArgumentException("key '" + key + "' occurs in more than one row of " + source.qualifiedName
                        + " (key columns " + String.join(", ", plan.keyColumns()) + ")");
            }
        }
        return counts;
    }

    /**
     * Whether a unique index on the single key column (no predicate, no expression) makes every key
     * distinct: distinct values of a column have distinct text forms.
     */
    private boolean uniqueByIndex() {
        return keys.size() == 1 && statements.onPooledConnection(session -> session.query("""
                        SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                                       WHERE i.indrelid = to_regclass(:table) AND i.indisunique AND i.indpred IS NULL
                                         AND i.indexprs IS NULL AND i.indnkeyatts = 1 AND a.attname = :column)""",
                b -> b.text("table", source.sql).text("column", keys.get(0).name()), Statements.firstRow(rs -> rs.getBoolean(1))));
    }

    /** Source rows after the position whose key is live in the namespace already (none when it does not exist). */
    public Conflicts conflicts(List<String> position, Instant now) {
        boolean exists = statements.onPooledConnection(session -> session.query("SELECT to_regclass(:t) IS NOT NULL",
                b -> b.text("t", partition), Statements.firstRow(rs -> rs.getBoolean(1))));
        if (!exists) {
            return new Conflicts(0, null, 0);
        }
        String sql = "SELECT count(*) FILTER (WHERE " + live(now) + ") AS n, min(m.key COLLATE \"C\") FILTER (WHERE " + live(now)
                + ") AS example, count(*) AS rows FROM (" + mapped(after(position), "") + ") m JOIN "
                + partition + " e ON e.ns = " + literal(plan.namespace()) + " AND e.key = m.key WHERE " + hasValue("m");
        return withSettings(session -> first(session, sql, rs -> new Conflicts(rs.getLong("n"), rs.getString("example"), rs.getLong("rows"))));
    }

    /** The first rows as they would be stored (hash fields in hstore's text form). */
    public List<Mapped> preview(int rows) {
        String sql = "SELECT m.key, m.value, m.fields::text AS fields FROM (" + mapped("", keyOrder() + " LIMIT " + rows) + ") m";
        return withSettings(session -> session.queryInlined(sql, rs -> {
            List<Mapped> preview = new ArrayList<>();
            while (rs.next()) {
                String value = rs.getString("value");
                preview.add(new Mapped(rs.getString("key"), type(),
                        asHash() ? rs.getString("fields") : value == null ? null : StoredForm.decodeString(value)));
            }
            return preview;
        }));
    }


    /** The job's row, if there is one. */
    public Optional<Job> job(String job) {
        return Optional.ofNullable(statements.onPooledConnection(session -> session.query(
                "SELECT spec, position, rows_read, rows_written, expires_at, finished_at FROM " + schema + ".imports WHERE job = :job",
                b -> b.text("job", job),
                Statements.firstRow(rs -> new Job(rs.getString(1), textArray(rs, "position"), rs.getLong(3), rs.getLong(4),
                        instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)))))));
    }

    /** Starts the job afresh (forgetting any earlier progress of the same name). */
    public void startJob(String job, String spec, Instant expiresAt) {
        statements.onPooledConnection(session -> session.update("INSERT INTO " + schema + ".imports (job, ns, spec, expires_at) "
                        + "VALUES (:job, :ns, :spec, :expiresAt) "
                        + "ON CONFLICT (job) DO UPDATE SET ns = EXCLUDED.ns, spec = EXCLUDED.spec, position = NULL, rows_read = 0, "
                        + "rows_written = 0, expires_at = EXCLUDED.expires_at, started_at = now(), updated_at = now(), finished_at = NULL",
                b -> b.text("job", job).text("ns", plan.namespace()).text("spec", spec).time("expiresAt", expiresAt)));
    }

    public void finishJob(String job) {
        statements.onPooledConnection(session -> session.update(
                "UPDATE " + schema + ".imports SET finished_at = now(), updated_at = now() WHERE job = :job", b -> b.text("job", job)));
    }

    /**
     * Copies the next batch after the job's position, and moves the position past it, in one
     * statement. {@code now} decides which existing keys are live (for skip and fail). With
     * {@code plainInsert} ({@link ConflictMode#FAIL}, and the namespace holds none of the keys) the batch is
     * a plain INSERT, which is cheaper than an upsert; a key written meanwhile fails the batch.
     */
    public Batch copyBatch(String job, List<String> position, int rows, Instant expiresAt, Instant now, boolean plainInsert) {
        String keyColumns = IntStream.range(0, keys.size()).mapToObj(i -> keys.get(i).ref() + " AS k_" + i)
                .collect(Collectors.joining(", "));
        String last = IntStream.range(0, keys.size()).mapToObj(i -> "b.k_" + i + " DESC")
                .collect(Collectors.joining(", "));
        String lastPosition = IntStream.range(0, keys.size()).mapToObj(i -> "b.k_" + i + "::text")
                .collect(Collectors.joining(", "));
        // The batch's extent first, from the key columns alone (an index-only scan, usually); then
        // the copy of that key range, which needs no LIMIT and so no intermediate result.
        String extent = "WITH b AS MATERIALIZED (SELECT " + keyColumns + " FROM " + source.sql + " t WHERE " + filter()
                + after(position) + keyOrder() + " LIMIT " + rows + ") "
                + "SELECT (SELECT count(*) FROM b) AS n, (SELECT ARRAY[" + lastPosition + "] FROM b ORDER BY " + last + " LIMIT 1) AS last";
        // One snapshot for the extent and the copy, so that both see the same rows.
        return withSettings(Isolation.REPEATABLE_READ, session -> {
            // A batch need not wait for the disk: its rows and its position commit together, so a
            // crash that loses the last batches loses their positions too, and a resume copies them
            // again. finishJob's commit waits, and with it everything before it.
            session.updateInlined("SET LOCAL synchronous_commit = off");
            Batch found = first(session, extent, rs -> new Batch(rs.getLong("n"), 0, textArray(rs, "last")));
            if (found.rowsRead() == 0) {
                return new Batch(0, 0, position);
            }
            String insert = "INSERT INTO " + partition + " AS e (ns, key, type, value, fields, version, expires_at) "
                    + "SELECT " + literal(plan.namespace()) + ", m.key, '" + type() + "', m.value, m.fields, nextval('" + schema
                    + ".versions'), " + timestamp(expiresAt) + " FROM (" + mapped(after(position) + bound(found.position(), "<="), "")
                    + ") m WHERE " + hasValue("m")
                    + (plainInsert ? "" : ConflictClause.render(plan.onConflict(), schema, plan.namespace(), live(now)));
            int written;
            try {
                written = session.updateInlined(insert);
            } catch (SQLException e) {
                if (SqlState.UNIQUE_VIOLATION.is(e)) { // a plain insert (onConflict FAIL) met a key someone wrote meanwhile
                    throw new IllegalStateException("a key of this batch was written into namespace " + plan.namespace()
                            + " while the import ran (" + SqlErrors.serverMessage(e) + "); the batch was rolled back: "
                            + "run the import again to resume, with onConflict OVERWRITE or SKIP to keep going", e);
                }
                throw e;
            }
            session.updateInlined(Sql.logWholeNamespace(schema, plan.namespace()));
            session.updateInlined("UPDATE " + schema + ".imports SET position = " + textArray(found.position()) + ", rows_read = rows_read + "
                    + found.rowsRead() + ", rows_written = rows_written + " + written + ", updated_at = now() WHERE job = " + literal(job));
            return new Batch(found.rowsRead(), written, found.position());
        });
    }

    /**
     * Compares the source rows of a key range (after {@code from}, up to and including {@code to};
     * null: open) with their entries in the namespace, in one query joining them on the key.
     */
    public Comparison compare(List<String> from, List<String> to, Instant expiresAt) {
        String same = "e.key IS NOT NULL AND e.type = '" + type() + "' AND "
                + (asHash() ? "e.fields OPERATOR(" + hstore + ".=) s.fields" : "e.value = s.value")
                + " AND e.expires_at IS NOT DISTINCT FROM " + timestamp(expiresAt);
        String range = (from == null ? "" : bound(from, ">")) + (to == null ? "" : bound(to, "<="));
        String sql = "SELECT count(*) AS expected, count(e.key) AS present, count(*) FILTER (WHERE " + same + ") AS identical, "
                + "min(s.key COLLATE \"C\") FILTER (WHERE NOT (" + same + ")) AS first_difference "
                + "FROM (" + mapped(range, "") + ") s LEFT JOIN " + partition + " e ON e.ns = " + literal(plan.namespace())
                + " AND e.key = s.key WHERE " + hasValue("s");
        return withSettings(session -> {
            if (from != null || to != null) {
                // A range is a small part of the namespace: look its keys up in the primary key. (The
                // planner, with statistics from when the partition was empty, would scan all of it.)
                session.updateInlined("SELECT set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)");
            }
            return first(session, sql, rs -> new Comparison(rs.getLong("expected"), rs.getLong("present"), rs.getLong("identical"),
                    rs.getString("first_difference")));
        });
    }

    /** The source rows (after the filter) now. */
    public long count() {
        return withSettings(session -> first(session, "SELECT count(*) FROM " + source.sql + " t WHERE " + filter(), rs -> rs.getLong(1)));
    }

    /** A string literal (standard_conforming_strings is on: see {@link SourceTable#SETTINGS}). */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String textArray(List<String> values) {
        return "ARRAY[" + values.stream().map(TableCopy::literal).collect(Collectors.joining(", ")) + "]::text[]";
    }

    private static String timestamp(Instant instant) {
        return instant == null ? "NULL::timestamptz" : literal(instant.toString()) + "::timestamptz";
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }
}
