package io.hstorekv.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * The SQL of importing one table into one namespace: checks, counts, a preview, the batched
 * {@code INSERT ... SELECT} (which runs entirely inside PostgreSQL) with its job row, and the
 * verification query. The rows never pass through the JVM.
 *
 * <p>Batches follow the key columns in their own type and order (keyset: {@code (k1, k2) > (last)
 * ORDER BY k1, k2 LIMIT n}), so an index on them (the primary key, usually) makes each batch
 * cheap and no batch holds anything for long. Each batch writes its rows and moves the job's
 * position in one statement: whatever stops the import, the job resumes from a clean point.
 */
public final class TableCopy {
    /** What to copy, in the store's terms. {@code valueColumn} null: one hash per row. */
    public record Plan(String table, List<String> keyColumns, String keySeparator, String valueColumn, String where,
                       String namespace, String onConflict, int maxKeyBytes, long maxValueBytes) {}

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
     * value), present, and identical (type, value or fields, expiry), with md5 digests of the sorted
     * pairs on either side.
     */
    public record Comparison(long expected, long present, long identical, String sourceDigest, String namespaceDigest) {}

    /** Live keys of the namespace that rows still to copy would overwrite: how many, and the first. */
    public record Conflicts(long count, String firstKey) {}

    private final Jdbi jdbi;
    private final String schemaName;
    private final String schema;
    private final String hstore;
    private final Plan plan;
    private final SourceTable source;
    private final List<SourceTable.Column> keys;
    private final List<SourceTable.Column> payload;
    private final String partition;
    private final String keyExpression;

    TableCopy(Jdbi jdbi, String schema, String hstoreSchema, Plan plan) {
        this.jdbi = jdbi;
        this.schemaName = schema;
        this.schema = Identifiers.quote(schema);
        this.hstore = Identifiers.quote(hstoreSchema);
        this.plan = plan;
        this.partition = this.schema + "." + Identifiers.quote(Identifiers.partition(Identifiers.namespace(plan.namespace())));
        if (plan.keyColumns().isEmpty()) {
            throw new IllegalArgumentException("at least one key column is required");
        }
        this.source = jdbi.withHandle(h -> SourceTable.describe(h, plan.table()));
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
        return hstore + ".delete(" + hash + ", ARRAY[" + nulls + "]::text[])";
    }

    /** Whether a mapped row (columns value, fields) has anything to store. */
    private String hasValue(String alias) {
        return asHash() ? "cardinality(" + hstore + ".akeys(" + alias + ".fields)) > 0" : alias + ".value IS NOT NULL";
    }

    private String filter() {
        return plan.where() == null || plan.where().isBlank() ? "true" : "(" + plan.where() + ")";
    }

    /** Every source row mapped: position (key columns as text), key, value, fields. */
    private String mapped(String extraCondition, String orderAndLimit) {
        String position = keys.stream().map(c -> c.ref() + "::text").collect(Collectors.joining(", "));
        StringBuilder keyColumns = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            keyColumns.append(keys.get(i).ref()).append(" AS k_").append(i).append(", ");
        }
        return "SELECT " + keyColumns + "ARRAY[" + position + "] AS position, " + keyExpression + " AS key, " + valueExpression()
                + " AS value, " + fieldsExpression() + " AS fields FROM " + source.sql + " t WHERE " + filter()
                + extraCondition + orderAndLimit;
    }

    /** Rows after the position (the key columns as text), in key-column order. */
    private String after(boolean hasPosition) {
        if (!hasPosition) {
            return "";
        }
        List<String> left = new ArrayList<>();
        List<String> right = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            left.add(keys.get(i).ref());
            right.add("(:position::text[])[" + (i + 1) + "]::" + keys.get(i).sqlType());
        }
        return " AND (" + String.join(", ", left) + ") > (" + String.join(", ", right) + ")";
    }

    private String keyOrder() {
        return " ORDER BY " + keys.stream().map(SourceTable.Column::ref).collect(Collectors.joining(", "));
    }

    /**
     * Runs the work in a transaction with the settings that fix text output. Errors in what the
     * user wrote (a --where that does not parse or names no column) become IllegalArgumentException.
     */
    private <T> T withSettings(java.util.function.Function<Handle, T> work) {
        try {
            return jdbi.inTransaction(h -> {
                h.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
                h.execute(SourceTable.SETTINGS);
                return work.apply(h);
            });
        } catch (JdbiException e) {
            String state = SqlErrors.state(e);
            if (state != null && state.startsWith("42")) {
                throw new IllegalArgumentException("cannot read " + source.qualifiedName
                        + (plan.where() == null ? "" : " where " + plan.where()) + ": " + SqlErrors.serverMessage(e), e);
            }
            throw SqlErrors.translate(e);
        }
    }

    /**
     * Fails (IllegalArgumentException naming the row and column) on the first source row with a NULL
     * key column, a key longer than the limit, or a value larger than the limit.
     */
    public void checkRows() {
        List<String> problems = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        for (SourceTable.Column k : keys) {
            conditions.add(k.ref() + " IS NULL");
            problems.add("key column " + k.name() + " is NULL");
        }
        String keyBytes = "octet_length(" + keyExpression + ")";
        conditions.add(keyBytes + " > " + plan.maxKeyBytes());
        problems.add("the key is longer than " + plan.maxKeyBytes() + " bytes");
        for (SourceTable.Column c : payload) {
            conditions.add(c.byteLength() + " > " + plan.maxValueBytes());
            problems.add("column " + c.name() + " holds a value larger than " + plan.maxValueBytes() + " bytes");
        }
        StringBuilder which = new StringBuilder("CASE");
        for (int i = 0; i < conditions.size(); i++) {
            which.append(" WHEN ").append(conditions.get(i)).append(" THEN ").append(literal(problems.get(i)));
        }
        which.append(" END");
        String sql = "SELECT " + which + " AS problem, left(t::text, 200) AS row FROM " + source.sql + " t WHERE "
                + filter() + " AND (" + String.join(" OR ", conditions) + ") LIMIT 1";
        withSettings(h -> h.createQuery(sql).mapToMap().findOne()).ifPresent(row -> {
            throw new IllegalArgumentException(row.get("problem") + " in row " + row.get("row") + " of " + source.qualifiedName);
        });
    }

    /** Counts the source rows; fails on the first key that two rows share (composite keys compare joined). */
    public Counts countAndCheckDuplicates() {
        String sql = "SELECT coalesce(sum(n), 0) AS rows, coalesce(sum(v), 0) AS with_value, "
                + "(array_agg(key) FILTER (WHERE n > 1))[1] AS duplicate FROM (SELECT m.key, count(*) AS n, "
                + "count(*) FILTER (WHERE " + hasValue("m") + ") AS v FROM (" + mapped("", "") + ") m GROUP BY m.key) g";
        var row = withSettings(h -> h.createQuery(sql).mapToMap().one());
        if (row.get("duplicate") != null) {
            throw new IllegalArgumentException("key '" + row.get("duplicate") + "' occurs in more than one row of "
                    + source.qualifiedName + " (key columns " + String.join(", ", plan.keyColumns()) + ")");
        }
        return new Counts(((Number) row.get("rows")).longValue(), ((Number) row.get("with_value")).longValue());
    }

    /** Source rows after the position whose key is live in the namespace already (none when it does not exist). */
    public Conflicts conflicts(List<String> position, Instant now) {
        boolean exists = jdbi.withHandle(h -> h.createQuery("SELECT to_regclass(:t) IS NOT NULL")
                .bind("t", partition).mapTo(Boolean.class).one());
        if (!exists) {
            return new Conflicts(0, null);
        }
        String sql = "SELECT count(*) AS n, min(m.key) AS example FROM (" + mapped(after(position != null), "") + ") m JOIN "
                + partition + " e ON e.ns = :ns AND e.key = m.key WHERE " + Sql.LIVE + " AND " + hasValue("m");
        var row = withSettings(h -> h.createQuery(sql).bind("ns", plan.namespace()).bind("now", at(now))
                .bindArray("position", String.class, position == null ? new String[0] : position.toArray(String[]::new))
                .mapToMap().one());
        return new Conflicts(((Number) row.get("n")).longValue(), (String) row.get("example"));
    }

    /** The first rows as they would be stored (hash fields in hstore's text form). */
    public List<Mapped> preview(int rows) {
        String sql = "SELECT m.key, m.value, m.fields::text AS fields FROM (" + mapped("", keyOrder() + " LIMIT " + rows) + ") m";
        return withSettings(h -> h.createQuery(sql).map((rs, ctx) -> new Mapped(rs.getString("key"), type(),
                asHash() ? rs.getString("fields") : rs.getString("value") == null ? null
                        : ValueCodec.decodeString(rs.getString("value")))).list());
    }

    /** The job's row, if there is one. */
    public Optional<Job> job(String job) {
        return jdbi.withHandle(h -> h.createQuery("SELECT spec, position, rows_read, rows_written, expires_at, finished_at FROM "
                        + schema + ".imports WHERE job = :job")
                .bind("job", job)
                .map((rs, ctx) -> new Job(rs.getString(1),
                        rs.getArray(2) == null ? null : List.of((String[]) rs.getArray(2).getArray()),
                        rs.getLong(3), rs.getLong(4), instant(rs.getObject(5, OffsetDateTime.class)),
                        instant(rs.getObject(6, OffsetDateTime.class))))
                .findOne());
    }

    /** Starts the job afresh (forgetting any earlier progress of the same name). */
    public void startJob(String job, String spec, Instant expiresAt) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO " + schema + ".imports (job, ns, spec, expires_at) VALUES (:job, :ns, :spec, :expiresAt) "
                        + "ON CONFLICT (job) DO UPDATE SET ns = EXCLUDED.ns, spec = EXCLUDED.spec, position = NULL, rows_read = 0, "
                        + "rows_written = 0, expires_at = EXCLUDED.expires_at, started_at = now(), updated_at = now(), finished_at = NULL")
                .bind("job", job).bind("ns", plan.namespace()).bind("spec", spec).bind("expiresAt", at(expiresAt)).execute());
    }

    public void finishJob(String job) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE " + schema + ".imports SET finished_at = now(), updated_at = now() WHERE job = :job")
                .bind("job", job).execute());
    }

    /**
     * Copies the next batch after the job's position, and moves the position past it, in one
     * statement. {@code now} decides which existing keys are live (for skip and fail).
     */
    public Batch copyBatch(String job, List<String> position, int rows, Instant expiresAt, Instant now) {
        String last = java.util.stream.IntStream.range(0, keys.size()).mapToObj(i -> "b.k_" + i + " DESC")
                .collect(Collectors.joining(", "));
        String sql = "WITH batch AS MATERIALIZED (" + mapped(after(position != null), keyOrder() + " LIMIT :rows") + "), "
                + "written AS (INSERT INTO " + partition + " AS e (ns, key, type, value, fields, version, expires_at) "
                + "SELECT :ns, b.key, '" + type() + "', b.value, b.fields, nextval('" + schema + ".versions'), :expiresAt "
                + "FROM batch b WHERE " + hasValue("b") + " ORDER BY b.key "
                + ConflictClause.render(plan.onConflict(), schema, plan.namespace()) + " RETURNING 1), "
                + "moved AS (UPDATE " + schema + ".imports SET position = (SELECT b.position FROM batch b ORDER BY " + last + " LIMIT 1), "
                + "rows_read = rows_read + (SELECT count(*) FROM batch), rows_written = rows_written + (SELECT count(*) FROM written), "
                + "updated_at = now() WHERE job = :job AND EXISTS (SELECT 1 FROM batch) RETURNING position) "
                + "SELECT (SELECT count(*) FROM batch) AS read, (SELECT count(*) FROM written) AS written, (SELECT position FROM moved) AS position";
        return withSettings(h -> h.createQuery(sql)
                .bind("ns", plan.namespace()).bind("job", job).bind("rows", rows).bind("expiresAt", at(expiresAt))
                .bind("now", at(now))
                .bindArray("position", String.class, position == null ? new String[0] : position.toArray(String[]::new))
                .map((rs, ctx) -> new Batch(rs.getLong("read"), rs.getLong("written"), rs.getArray("position") == null ? position
                        : List.of((String[]) rs.getArray("position").getArray()))).one());
    }

    /** Compares every source row with its entry in the namespace (one query, a join on the key). */
    public Comparison compare(Instant expiresAt) {
        String same = "e.type = '" + type() + "' AND e.value IS NOT DISTINCT FROM s.value "
                + "AND e.fields::text IS NOT DISTINCT FROM s.fields::text AND e.expires_at IS NOT DISTINCT FROM :expiresAt";
        String pair = "md5(s.key || chr(2) || coalesce(s.value, s.fields::text))";
        String entryPair = "coalesce(md5(e.key || chr(2) || coalesce(e.value, e.fields::text)), 'missing')";
        String sql = "SELECT count(*) AS expected, count(e.key) AS present, count(*) FILTER (WHERE " + same + ") AS identical, "
                + "md5(coalesce(string_agg(" + pair + ", '' ORDER BY s.key), '')) AS source_digest, "
                + "md5(coalesce(string_agg(" + entryPair + ", '' ORDER BY s.key), '')) AS namespace_digest "
                + "FROM (" + mapped("", "") + ") s LEFT JOIN " + partition + " e ON e.ns = :ns AND e.key = s.key "
                + "WHERE " + hasValue("s");
        return withSettings(h -> h.createQuery(sql).bind("ns", plan.namespace()).bind("expiresAt", at(expiresAt))
                .map((rs, ctx) -> new Comparison(rs.getLong("expected"), rs.getLong("present"), rs.getLong("identical"),
                        rs.getString("source_digest"), rs.getString("namespace_digest"))).one());
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
