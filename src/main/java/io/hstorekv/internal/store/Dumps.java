package io.hstorekv.internal.store;

import io.hstorekv.internal.store.Connections.Isolation;
import io.hstorekv.internal.store.Statements.Session;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON Lines dumps of a namespace, built and parsed by PostgreSQL (jsonb). One live key a line, in
 * key order:
 * <pre>
 * {"key": "k", "type": "string", "value": "text"}              binary values: "value_base64": "..."
 * {"key": "h", "type": "hash", "fields": {"f": "v"}}           binary field values in "fields_base64"
 * {"key": "s", "type": "set", "members": ["a", "b"]}
 * ... "expires_at": "2030-01-01T00:00:00.000000Z"              keys with a TTL (absolute, UTC)
 * </pre>
 * Restoring writes exactly the stored forms that were dumped; keys already expired are left out.
 */
public final class Dumps {
    private static final int LINES_PER_STATEMENT = 1000;

    private final Statements statements;
    private final String schema;
    private final String hstore;
    private final String namespace;
    private final String partition;

    Dumps(Statements statements, String schema, String hstoreSchema, String namespace) {
        this.statements = statements;
        this.schema = Identifiers.quote(schema);
        this.hstore = Identifiers.quote(hstoreSchema);
        this.namespace = Identifiers.namespace(namespace);
        this.partition = this.schema + "." + Identifiers.quote(Identifiers.partition(namespace));
    }

    /** Writes every key live at {@code now}, one JSON line each, in key order; returns how many. */
    public long export(Writer out, Instant now) {
        String sql = "SELECT jsonb_strip_nulls(jsonb_build_object('key', e.key, 'type', e.type, "
                + "'value', CASE WHEN e.type = 'string' AND NOT starts_with(e.value, chr(1)) THEN e.value END, "
                + "'value_base64', CASE WHEN e.type = 'string' AND starts_with(e.value, chr(1)) THEN substr(e.value, 2) END, "
                + "'fields', CASE WHEN e.type = 'hash' THEN (SELECT coalesce(jsonb_object_agg(f.key, f.value), '{}') FROM "
                + hstore + ".each(e.fields) f WHERE NOT starts_with(f.value, chr(1))) END, "
                + "'fields_base64', CASE WHEN e.type = 'hash' THEN (SELECT jsonb_object_agg(f.key, substr(f.value, 2)) FROM "
                + hstore + ".each(e.fields) f WHERE starts_with(f.value, chr(1))) END, "
                + "'members', CASE WHEN e.type = 'set' THEN to_jsonb(" + hstore + ".akeys(e.fields)) END, "
                + "'expires_at', to_char(e.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')))::text "
                + "FROM " + partition + " e WHERE e.ns = :ns AND " + Sql.LIVE + " ORDER BY e.key";
        // In a transaction, so that the rows arrive in batches of the fetch size through a cursor.
        return statements.inOwnTransaction(Isolation.DEFAULT, session -> session.query(sql,
                b -> b.text("ns", namespace).time("now", now).fetchSize(LINES_PER_STATEMENT),
                rs -> {
                    long lines = 0;
                    while (rs.next()) {
                        write(out, rs.getString(1));
                        lines++;
                    }
                    return lines;
                }));
    }

    private static void write(Writer out, String line) {
        try {
            out.write(line);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Restores a dump into the namespace in one transaction: all of it, or (on a bad line, or a
     * key that exists with {@link ConflictMode#FAIL}) nothing, with an IllegalArgumentException naming the
     * line. Returns the entries written (skipped and expired ones not counted).
     */
    public long restore(BufferedReader in, ConflictMode onConflict, Instant now) {
        String sql = "WITH lines AS (SELECT l.n, l.line::jsonb AS j FROM unnest(:lines::text[]) WITH ORDINALITY AS l(line, n)), "
                + "parsed AS (SELECT j->>'key' AS key, j->>'type' AS type, "
                + "CASE WHEN j->>'type' = 'string' THEN coalesce(" + schema + ".stored_text(j->>'value'), "
                + schema + ".stored_bytes(decode(j->>'value_base64', 'base64'))) END AS value, "
                + "CASE j->>'type' WHEN 'hash' THEN " + hstore + ".hs_concat("
                + "coalesce((SELECT " + hstore + ".hstore(array_agg(f.key), array_agg(" + schema + ".stored_text(f.value))) "
                + "FROM jsonb_each_text(j->'fields') f), " + hstore + ".hstore('{}'::text[])), "
                + "coalesce((SELECT " + hstore + ".hstore(array_agg(f.key), array_agg(" + schema + ".stored_bytes(decode(f.value, 'base64')))) "
                + "FROM jsonb_each_text(j->'fields_base64') f), " + hstore + ".hstore('{}'::text[]))) "
                + "WHEN 'set' THEN " + hstore + ".hstore((SELECT array_agg(m) FROM jsonb_array_elements_text(j->'members') m), NULL) "
                + "END AS fields, (j->>'expires_at')::timestamptz AS expires_at, count(*) OVER (PARTITION BY j->>'key') AS copies FROM lines), "
                + "checked AS (SELECT * FROM parsed p WHERE CASE WHEN p.copies > 1 THEN "
                + SqlState.INVALID_ARGUMENT.raise(schema, "'key ' || p.key || ' appears more than once'", "NULL::boolean") + " "
                + "WHEN p.key IS NULL OR p.type IS NULL "
                + "OR p.type NOT IN ('string', 'hash', 'set') OR (p.type = 'string' AND p.value IS NULL) "
                + "OR (p.type <> 'string' AND coalesce(cardinality(" + hstore + ".akeys(p.fields)), 0) = 0) "
                + "THEN " + SqlState.INVALID_ARGUMENT.raise(schema, "'not an entry: a line needs \"key\", \"type\" "
                + "(string, hash or set) and \"value\", \"fields\" or \"members\"'", "NULL::boolean") + " ELSE true END) "
                + "INSERT INTO " + partition + " AS e (ns, key, type, value, fields, version, expires_at) "
                + "SELECT :ns, c.key, c.type, c.value, c.fields, nextval('" + schema + ".versions'), c.expires_at FROM checked c "
                + "WHERE c.expires_at IS NULL OR c.expires_at > :now ORDER BY c.key"
                + ConflictClause.renderOncePerTransaction(onConflict, schema, namespace, Sql.LIVE);
        List<String> batch = new ArrayList<>();
        List<Long> numbers = new ArrayList<>();
        try {
            return statements.inOwnTransaction(Isolation.DEFAULT, session -> {
                long written = 0;
                long lineNumber = 0;
                for (String line = readLine(in); line != null; line = readLine(in)) {
                    lineNumber++;
                    if (line.isBlank()) {
                        continue;
                    }
                    batch.add(line);
                    numbers.add(lineNumber);
                    if (batch.size() == LINES_PER_STATEMENT) {
                        written += restoreBatch(session, sql, batch, now);
                        batch.clear();
                        numbers.clear();
                    }
                }
                session.updateInlined(Sql.logWholeNamespace(schema, namespace));
                return batch.isEmpty() ? written : written + restoreBatch(session, sql, batch, now);
            });
        } catch (UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw badLine(e, sql, batch, numbers, now);
        }
    }

    private static String readLine(BufferedReader in) {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long restoreBatch(Session session, String sql, List<String> lines, Instant now) throws SQLException {
        return session.update(sql, b -> b.text("ns", namespace).time("now", now).texts("lines", lines));
    }

    /**
     * The failed batch's lines run again one by one, each in a transaction that rolls back, so that
     * the error names the line that caused it.
     */
    private RuntimeException badLine(RuntimeException error, String sql, List<String> batch, List<Long> numbers, Instant now) {
        for (int i = 0; i < batch.size(); i++) {
            List<String> one = List.of(batch.get(i));
            try {
                statements.inOwnTransaction(Isolation.DEFAULT, session -> {
                    restoreBatch(session, sql, one, now);
                    session.rollback();
                    return null;
                });
            } catch (RuntimeException e) {
                return new IllegalArgumentException("line " + numbers.get(i) + ": " + SqlErrors.serverMessage(e), e);
            }
        }
        return error;
    }
}
