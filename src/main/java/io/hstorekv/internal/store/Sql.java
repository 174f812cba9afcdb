package io.hstorekv.internal.store;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every statement the store runs against a namespace's partition, as a template rendered once per
 * namespace (see {@link #render}). Each operation is one statement, so one round trip: liveness
 * (TTL), type checks and the write happen together. Tokens:
 * {@code {t}} the partition, {@code {ns}} the namespace as a literal, {@code {s}} our schema,
 * {@code {h}} the schema holding hstore, {@code {async}} a predicate that turns off synchronous
 * commit for ASYNC namespaces (and is {@code true} otherwise), {@code {live}} "row e has not expired",
 * {@code {raise(STATE, 'message', RESULT)}} raises a {@link SqlState} where a value like RESULT is
 * expected, {@code {wrongType(RESULT)}} raises {@link SqlState#WRONG_TYPE},
 * {@code {logged(KEYS)}} a CTE that appends the text[] KEYS to the change log when the namespace's
 * log is on (so near caches elsewhere drop them; see the package notes). Every write statement
 * starts with it, so it logs the keys it may have changed in the same statement, at the price of
 * an occasional key that turned out unchanged.
 * {@link SqlErrors} maps the states raised to exceptions.
 */
enum Sql {
    GET("""
        SELECT e.type, e.value FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND {live}"""),

    GET_MANY("""
        SELECT e.key, e.type, e.value FROM {t} e WHERE e.ns = {ns} AND e.key = ANY(:keys) AND {live}"""),

    GET_VERSIONED("""
        SELECT e.type, e.value, e.version FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND {live}"""),

    /** Plain SET: overwrites whatever the key holds, sets or clears the TTL. */
    SET("""
        WITH {logged(ARRAY[:key::text])}
        INSERT INTO {t} AS e (ns, key, type, value, version, expires_at)
        SELECT {ns}, :key, 'string', :value, nextval('{s}.versions'), :expiresAt WHERE {async}
        ON CONFLICT (ns, key) DO UPDATE SET type = 'string', value = EXCLUDED.value, fields = NULL,
            version = EXCLUDED.version, expires_at = EXCLUDED.expires_at"""),

    /** SET with conditions (only if absent / present), KEEPTTL and GET (previous value). */
    SET_WITH_OPTIONS("""
        WITH {logged(ARRAY[:key::text])},
        old AS (
            SELECT CASE WHEN e.type = 'string' OR NOT :returnPrevious THEN e.value
                        ELSE {wrongType(NULL::text)}
                   END AS value, e.expires_at
            FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND {live} FOR UPDATE),
        written AS (
            INSERT INTO {t} AS e (ns, key, type, value, version, expires_at)
            SELECT {ns}, :key, 'string', :value, nextval('{s}.versions'), :expiresAt
            WHERE {async} AND (NOT :ifPresent OR EXISTS (SELECT 1 FROM old))
                -- with GET, read (and lock) the old row before the upsert changes it; read after it,
                -- FOR UPDATE skips the row this statement updated, and the previous value is lost
                AND (NOT :returnPrevious OR (SELECT count(*) FROM old) >= 0)
            ON CONFLICT (ns, key) DO UPDATE SET type = 'string', value = EXCLUDED.value, fields = NULL,
                version = EXCLUDED.version,
                expires_at = CASE WHEN :keepTtl AND {live} THEN e.expires_at ELSE EXCLUDED.expires_at END
            WHERE (NOT :ifAbsent OR NOT {live}) AND (NOT :ifPresent OR {live})
            RETURNING 1)
        SELECT (SELECT count(*) FROM written) AS written, (SELECT value FROM old) AS previous"""),

    /** MSET: keys arrive sorted and distinct, so concurrent batches lock rows in one order. */
    SET_MANY("""
        WITH {logged(:keys::text[])}
        INSERT INTO {t} AS e (ns, key, type, value, version, expires_at)
        SELECT {ns}, u.key, 'string', u.value, nextval('{s}.versions'), NULL
        FROM unnest(:keys::text[], :values::text[]) AS u(key, value) WHERE {async}
        ON CONFLICT (ns, key) DO UPDATE SET type = 'string', value = EXCLUDED.value, fields = NULL,
            version = EXCLUDED.version, expires_at = NULL"""),

    /** MSETNX: all or nothing; a live key among them aborts the statement (KEY_EXISTS). Keys sorted, distinct. */
    SET_MANY_IF_ABSENT("""
        WITH {logged(:keys::text[])}
        INSERT INTO {t} AS e (ns, key, type, value, version, expires_at)
        SELECT {ns}, u.key, 'string', u.value, nextval('{s}.versions'), NULL
        FROM unnest(:keys::text[], :values::text[]) AS u(key, value) WHERE {async}
        ON CONFLICT (ns, key) DO UPDATE SET type = 'string', fields = NULL, version = EXCLUDED.version, expires_at = NULL,
            value = CASE WHEN {live} THEN {raise(KEY_EXISTS, 'key exists', NULL::text)} ELSE EXCLUDED.value END"""),

    /** GETDEL: deletes a string key, returning its value; WRONGTYPE (and no change) for other types. */
    GET_DELETE("""
        WITH {logged(ARRAY[:key::text])},
        old AS (
            SELECT CASE WHEN e.type = 'string' THEN e.value
                        ELSE {wrongType(NULL::text)}
                   END AS value
            FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND {live} AND {async} FOR UPDATE),
        gone AS (DELETE FROM {t} e USING old WHERE e.ns = {ns} AND e.key = :key RETURNING 1)
        SELECT value, (SELECT count(*) FROM gone) FROM old"""),

    /** GETEX: returns a string's value and sets (:expiresAt) or clears (:persist) its expiry. */
    GET_EXPIRE("""
        WITH {logged(ARRAY[:key::text])},
        old AS (
            SELECT CASE WHEN e.type = 'string' THEN e.value
                        ELSE {wrongType(NULL::text)}
                   END AS value
            FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND {live} AND {async} FOR UPDATE),
        changed AS (
            UPDATE {t} e SET expires_at = CASE WHEN :persist THEN NULL ELSE CAST(:expiresAt AS timestamptz) END,
                version = nextval('{s}.versions')
            FROM old WHERE e.ns = {ns} AND e.key = :key RETURNING 1)
        SELECT value, (SELECT count(*) FROM changed) FROM old"""),

    /** The version of a live key (WATCH). */
    WATCH_TOKEN("""
        SELECT e.version FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND {live}"""),
    /**
     * The same inside a transaction, the row locked until it ends: FOR UPDATE, as the transaction
     * is about to write it; two holding FOR SHARE would deadlock on the upgrade.
     */
    WATCH_TOKEN_LOCKED("""
        SELECT e.version FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND {live} FOR UPDATE"""),

    /** Locks the key's row, live or not, until the transaction ends: a read-modify-write holds it. */
    LOCK("""
        SELECT 1 FROM {t} e WHERE e.ns = {ns} AND e.key = :key FOR UPDATE"""),

    RANDOM_KEY("""
        SELECT e.key FROM {t} e WHERE {live} ORDER BY random() LIMIT 1"""),

    /** Compare-and-set (memcached cas): writes only if the key is a live string at that version. */
    COMPARE_AND_SET("""
        WITH {logged(ARRAY[:key::text])}
        UPDATE {t} e SET value = :value, version = nextval('{s}.versions'), expires_at = :expiresAt
        WHERE e.ns = {ns} AND e.key = :key AND e.version = :version AND e.type = 'string' AND {live} AND {async}"""),

    /** Deletes keys; counts those that were live (expired rows go too, uncounted). */
    DELETE("""
        WITH {logged(:keys::text[])},
        gone AS (DELETE FROM {t} e WHERE e.ns = {ns} AND e.key = ANY(:keys) AND {async} RETURNING {live} AS was_live)
        SELECT count(*) FILTER (WHERE was_live) FROM gone"""),

    /** Counts live keys among the arguments, a key named twice counting twice (Redis EXISTS). */
    COUNT_EXISTING("""
        SELECT count(*) FROM unnest(:keys::text[]) AS k(key) JOIN {t} e ON e.ns = {ns} AND e.key = k.key WHERE {live}"""),

    INCREMENT("""
        WITH {logged(ARRAY[:key::text])}
        INSERT INTO {t} AS e (ns, key, type, value, version)
        SELECT {ns}, :key, 'string', :delta::text, nextval('{s}.versions') WHERE {async}
        ON CONFLICT (ns, key) DO UPDATE SET type = 'string', fields = NULL, version = EXCLUDED.version,
            expires_at = CASE WHEN {live} THEN e.expires_at END,
            value = CASE
                WHEN NOT {live} THEN EXCLUDED.value
                WHEN e.type <> 'string' THEN {wrongType(NULL::text)}
                ELSE {s}.add_integer(e.value, :delta, 'value is not an integer or out of range') END
        RETURNING e.value::bigint"""),

    INCREMENT_FLOAT("""
        WITH {logged(ARRAY[:key::text])}
        INSERT INTO {t} AS e (ns, key, type, value, version)
        SELECT {ns}, :key, 'string', {s}.add_float('0', :delta, ''), nextval('{s}.versions') WHERE {async}
        ON CONFLICT (ns, key) DO UPDATE SET type = 'string', fields = NULL, version = EXCLUDED.version,
            expires_at = CASE WHEN {live} THEN e.expires_at END,
            value = CASE
                WHEN NOT {live} THEN EXCLUDED.value
                WHEN e.type <> 'string' THEN {wrongType(NULL::text)}
                ELSE {s}.add_float(e.value, :delta, 'value is not a valid float') END
        RETURNING e.value"""),

    /** APPEND: text onto text stays text; anything involving binary is re-encoded as a whole. */
    APPEND("""
        WITH {logged(ARRAY[:key::text])}
        INSERT INTO {t} AS e (ns, key, type, value, version)
        SELECT {ns}, :key, 'string', :value, nextval('{s}.versions') WHERE {async}
        ON CONFLICT (ns, key) DO UPDATE SET type = 'string', fields = NULL, version = EXCLUDED.version,
            expires_at = CASE WHEN {live} THEN e.expires_at END,
            value = CASE
                WHEN NOT {live} THEN EXCLUDED.value
                WHEN e.type <> 'string' THEN {wrongType(NULL::text)}
                WHEN {s}.byte_length(e.value) + {s}.byte_length(EXCLUDED.value) > :maxBytes
                    THEN {raise(INVALID_ARGUMENT, 'string exceeds maximum allowed size', NULL::text)}
                WHEN left(e.value, 1) <> chr(1) AND left(EXCLUDED.value, 1) <> chr(1) THEN e.value || EXCLUDED.value
                ELSE chr(1) || translate(encode({s}.bytes(e.value) || {s}.bytes(EXCLUDED.value), 'base64'), E'\\n', '') END
        RETURNING {s}.byte_length(e.value)"""),

    STRLEN("""
        SELECT e.type, {s}.byte_length(e.value) FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND {live}"""),

    TYPE("""
        SELECT e.type FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND {live}"""),

    EXPIRES_AT("""
        SELECT e.expires_at FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND {live}"""),

    /** EXPIRE family with Redis's NX/XX/GT/LT (no TTL counts as infinite for GT/LT); null clears (PERSIST). */
    SET_EXPIRY("""
        WITH {logged(ARRAY[:key::text])}
        UPDATE {t} e SET expires_at = :expiresAt, version = nextval('{s}.versions')
        WHERE e.ns = {ns} AND e.key = :key AND {live} AND {async} AND CASE :condition
            WHEN 'NX' THEN e.expires_at IS NULL
            WHEN 'XX' THEN e.expires_at IS NOT NULL
            WHEN 'GT' THEN e.expires_at IS NOT NULL AND :expiresAt > e.expires_at
            WHEN 'LT' THEN e.expires_at IS NULL OR :expiresAt < e.expires_at
            WHEN 'XX_LT' THEN e.expires_at IS NOT NULL AND :expiresAt < e.expires_at
            WHEN 'PERSIST' THEN e.expires_at IS NOT NULL
            ELSE true END"""),

    /**
     * RENAME / RENAMENX in one statement; a target that appears meanwhile aborts (CONCURRENT_CHANGE) for a retry.
     * A sorted set's members move with it (before the source row goes, which would delete them), and
     * the target's own members go first. A list's items stay where they are: its list_id moves to the
     * new row (a replaced target's items are orphans).
     */
    RENAME("""
        WITH {logged(ARRAY[:source::text, :target::text])},
        renaming AS (
            SELECT e.type FROM {t} e WHERE e.ns = {ns} AND e.key = :source AND {live}
              AND NOT (:ifAbsent AND EXISTS (SELECT 1 FROM {t} e WHERE e.ns = {ns} AND e.key = :target AND {live}))),
        target_members AS (
            DELETE FROM {s}.zset_members z WHERE z.ns = {ns} AND z.key = :target AND EXISTS (SELECT 1 FROM renaming)
            RETURNING 1),
        moved_members AS (
            UPDATE {s}.zset_members z SET key = :target
            WHERE z.ns = {ns} AND z.key = :source AND EXISTS (SELECT 1 FROM renaming WHERE type = 'zset')
              AND (SELECT count(*) FROM target_members) >= 0
            RETURNING 1),
        source AS (
            DELETE FROM {t} e WHERE e.ns = {ns} AND e.key = :source AND {live} AND {async}
              AND NOT (:ifAbsent AND EXISTS (SELECT 1 FROM {t} e WHERE e.ns = {ns} AND e.key = :target AND {live}))
              AND (SELECT count(*) FROM moved_members) >= 0
            RETURNING e.type, e.value, e.fields, e.items, e.expires_at, e.list_id, e.list_head, e.list_length),
        moved AS (
            INSERT INTO {t} AS e (ns, key, type, value, fields, items, version, expires_at, list_id, list_head, list_length)
            SELECT {ns}, :target, type, value, fields, items, nextval('{s}.versions'), expires_at, list_id, list_head, list_length
            FROM source
            ON CONFLICT (ns, key) DO UPDATE SET type = EXCLUDED.type, value = EXCLUDED.value, fields = EXCLUDED.fields,
                items = EXCLUDED.items, version = EXCLUDED.version, expires_at = EXCLUDED.expires_at,
                list_id = EXCLUDED.list_id, list_head = EXCLUDED.list_head, list_length = EXCLUDED.list_length,
                ns = CASE WHEN :ifAbsent AND {live} THEN {raise(CONCURRENT_CHANGE, 'rename target appeared concurrently', NULL::text)} ELSE e.ns END
            RETURNING 1)
        SELECT (SELECT count(*) FROM moved) AS moved,
               EXISTS (SELECT 1 FROM {t} e WHERE e.ns = {ns} AND e.key = :source AND {live}) AS source_exists"""),

    COUNT("""
        SELECT count(*) FROM {t} e WHERE {live}"""),

    /**
     * One page of a keyset scan: COUNT bounds the rows looked at, as in Redis; live keys of the type
     * are flagged. The caller matches the pattern (no regex: PostgreSQL rejects complex ones).
     */
    SCAN("""
        SELECT e.key, {live} AND (CAST(:type AS text) IS NULL OR e.type = :type) AS hit
        FROM {t} e WHERE e.ns = {ns} AND e.key >= :after AND (e.key > :after OR NOT :exclusive)
            AND e.key >= :prefix ORDER BY e.key LIMIT :count"""),

    FLUSH("""
        TRUNCATE {t}"""),

    /** After FLUSH, in its transaction (whose TRUNCATE holds off every writer): the sorted sets' members. */
    FLUSH_SORTED_SET_MEMBERS("""
        DELETE FROM {s}.zset_members WHERE ns = {ns}"""),

    /**
     * Keys whose hash contains all the given pairs: hstore @> through {s}.contains, which the planner
     * inlines into a lookup of the pairs' digests in the partial GIN index and a recheck of @>.
     */
    FIND_CONTAINING("""
        SELECT e.key FROM {t} e
        WHERE e.ns = {ns} AND e.type = 'hash' AND {s}.contains(e.fields, {h}.hstore(:fields::text[], :values::text[])) AND {live}
        ORDER BY e.key LIMIT :limit"""),

    // ---- hashes and sets: both live in the fields column; :type is 'hash' or 'set'

    /** The members (or field names) of several keys at once, for set algebra; types checked by the caller. */
    FIELD_NAMES_MANY("""
        SELECT e.key, e.type, {h}.akeys(e.fields) FROM {t} e WHERE e.ns = {ns} AND e.key = ANY(:keys) AND {live}"""),

    FIELD_LENGTH("""
        SELECT e.type, {s}.byte_length({h}.fetchval(e.fields, :field)) FROM {t} e
        WHERE e.ns = {ns} AND e.key = :key AND {live}"""),

    /** Reads a collection: the type (for the WRONGTYPE check) and its pairs as a flat k,v array. */
    FIELDS_ALL("""
        SELECT e.type, {h}.hstore_to_array(e.fields) FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND {live}"""),

    FIELD_GET("""
        SELECT e.type, {h}.fetchval(e.fields, :field) FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND {live}"""),

    FIELDS_GET("""
        SELECT e.type, {h}.slice_array(e.fields, :fields::text[]) FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND {live}"""),

    FIELDS_EXIST("""
        SELECT e.type, ARRAY(SELECT {h}.exist(e.fields, f) FROM unnest(:fields::text[]) WITH ORDINALITY AS u(f, i) ORDER BY i)
        FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND {live}"""),

    FIELD_NAMES("""
        SELECT e.type, {h}.akeys(e.fields) FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND {live}"""),

    FIELD_VALUES("""
        SELECT e.type, {h}.avals(e.fields) FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND {live}"""),

    FIELD_COUNT("""
        SELECT e.type, cardinality({h}.akeys(e.fields)) FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND {live}"""),

    /**
     * HSET / SADD (and HSETNX with :onlyNew): merges pairs into a collection, creating it if absent.
     * Returns how many fields were new; the count is computed from the old row inside the upsert and
     * handed to RETURNING through a transaction-local setting, as RETURNING only sees the new row.
     * HSETNX on an existing field writes nothing and returns no row.
     */
    FIELDS_PUT("""
        WITH {logged(ARRAY[:key::text])}
        INSERT INTO {t} AS e (ns, key, type, fields, version)
        SELECT {ns}, :key, :type, {h}.hstore(:fields::text[], :values::text[]), nextval('{s}.versions')
        WHERE {async} AND {s}.note(cardinality(:fields::text[]))
        ON CONFLICT (ns, key) DO UPDATE SET type = EXCLUDED.type, value = NULL, version = EXCLUDED.version,
            expires_at = CASE WHEN {live} THEN e.expires_at END,
            fields = CASE WHEN NOT {live} THEN EXCLUDED.fields
                          WHEN :onlyNew THEN {h}.hs_concat(EXCLUDED.fields, e.fields)
                          ELSE {h}.hs_concat(e.fields, EXCLUDED.fields) END
        WHERE {s}.note(CASE
            WHEN NOT {live} THEN cardinality(:fields::text[])
            WHEN e.type <> :type THEN {wrongType(0)}
            WHEN :onlyNew AND {h}.exist(e.fields, (:fields::text[])[1]) THEN -1
            ELSE (SELECT count(*) FROM unnest(:fields::text[]) f WHERE NOT {h}.exist(e.fields, f)) END)
        RETURNING current_setting('hstorekv.note')::bigint"""),

    /**
     * HDEL / SREM: removes fields; a collection left empty is deleted, as Redis does. The row is
     * locked first so the decision (update or delete) is taken on its latest version. (Data-modifying
     * CTEs always run to completion, read or not.)
     */
    FIELDS_REMOVE("""
        WITH {logged(ARRAY[:key::text])},
        cur AS (
            SELECT CASE WHEN e.type = :type THEN e.fields
                        ELSE {wrongType(e.fields)} END AS fields
            FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND {live} AND {async} FOR UPDATE),
        removed AS (
            SELECT count(*) AS n FROM cur, unnest(:fields::text[]) f WHERE {h}.exist(cur.fields, f)),
        emptied AS (
            DELETE FROM {t} e USING cur WHERE e.ns = {ns} AND e.key = :key
              AND cardinality({h}.akeys({h}.delete(cur.fields, :fields::text[]))) = 0 RETURNING 1),
        updated AS (
            UPDATE {t} e SET fields = {h}.delete(cur.fields, :fields::text[]), version = nextval('{s}.versions')
            FROM cur, removed WHERE e.ns = {ns} AND e.key = :key AND removed.n > 0
              AND cardinality({h}.akeys({h}.delete(cur.fields, :fields::text[]))) > 0 RETURNING 1)
        SELECT n FROM removed"""),

    /** HINCRBY: a missing hash or field starts at 0. */
    FIELD_INCREMENT("""
        WITH {logged(ARRAY[:key::text])}
        INSERT INTO {t} AS e (ns, key, type, fields, version)
        SELECT {ns}, :key, 'hash', {h}.hstore(:field, :delta::text), nextval('{s}.versions') WHERE {async}
        ON CONFLICT (ns, key) DO UPDATE SET type = 'hash', value = NULL, version = EXCLUDED.version,
            expires_at = CASE WHEN {live} THEN e.expires_at END,
            fields = CASE
                WHEN NOT {live} THEN EXCLUDED.fields
                WHEN e.type <> 'hash' THEN {wrongType(e.fields)}
                ELSE {h}.hs_concat(e.fields, {h}.hstore(:field,
                    {s}.add_integer(coalesce({h}.fetchval(e.fields, :field), '0'), :delta, 'hash value is not an integer'))) END
        RETURNING {h}.fetchval(e.fields, :field)::bigint"""),

    /** HINCRBYFLOAT: exact decimal arithmetic, trailing zeros trimmed. */
    FIELD_INCREMENT_FLOAT("""
        WITH {logged(ARRAY[:key::text])}
        INSERT INTO {t} AS e (ns, key, type, fields, version)
        SELECT {ns}, :key, 'hash', {h}.hstore(:field, {s}.add_float('0', :delta, '')), nextval('{s}.versions') WHERE {async}
        ON CONFLICT (ns, key) DO UPDATE SET type = 'hash', value = NULL, version = EXCLUDED.version,
            expires_at = CASE WHEN {live} THEN e.expires_at END,
            fields = CASE
                WHEN NOT {live} THEN EXCLUDED.fields
                WHEN e.type <> 'hash' THEN {wrongType(e.fields)}
                ELSE {h}.hs_concat(e.fields, {h}.hstore(:field,
                    {s}.add_float(coalesce({h}.fetchval(e.fields, :field), '0'), :delta, 'hash value is not a float'))) END
        RETURNING {h}.fetchval(e.fields, :field)""");

    /** "Row e is live at {@code :now}": it has no expiry, or a later one. */
    static final String LIVE = live(":now");

    private static final String WRONG_TYPE_MESSAGE = "'WRONGTYPE Operation against a key holding the wrong kind of value'";

    private static final Pattern LOGGED = Pattern.compile("\\{logged\\((.+)\\)}");
    private static final Pattern RAISE = Pattern.compile("\\{raise\\((\\w+), ('[^']*'), ([^)]*)\\)}");
    private static final Pattern WRONG_TYPE = Pattern.compile("\\{wrongType\\(([^)]*)\\)}");

    private static final String LOG = "logged AS (INSERT INTO {s}.changes (ns, keys) SELECT {ns}, $1 "
            + "WHERE EXISTS (SELECT 1 FROM {s}.namespaces WHERE name = {ns} AND change_log))";

    final String template;

    Sql(String template) {
        this.template = template;
    }

    /**
     * A change-log row for the whole namespace (near caches drop all of it), for bulk writes that
     * do not list their keys (imports). Logged whether or not the namespace's log is on: one row per
     * batch is cheap, and a bulk transaction's snapshot may predate the log being turned on.
     */
    static String logWholeNamespace(String schema, String namespace) {
        return "INSERT INTO " + schema + ".changes (ns, keys) VALUES ('" + Identifiers.namespace(namespace) + "', NULL)";
    }

    /** "Row e is live at {@code now}" (an SQL expression of a timestamptz): the one spelling of it. */
    static String live(String now) {
        return "(e.expires_at IS NULL OR e.expires_at > " + now + ")";
    }

    /** Renders every statement for one namespace partition, indexed by ordinal. */
    static String[] render(String schema, String hstoreSchema, String namespace, boolean async) {
        String[] rendered = new String[values().length];
        for (Sql sql : values()) {
            rendered[sql.ordinal()] = render(sql.template, schema, hstoreSchema, namespace, async);
        }
        return rendered;
    }

    /** Renders one template (of this enum or another family's, e.g. {@link ListSql}) for a namespace partition. */
    static String render(String template, String schema, String hstoreSchema, String namespace, boolean async) {
        String raising = RAISE.matcher(template).replaceAll(m -> Matcher.quoteReplacement(
                SqlState.valueOf(m.group(1)).raise("{s}", m.group(2), m.group(3))));
        raising = WRONG_TYPE.matcher(raising).replaceAll(m -> Matcher.quoteReplacement(
                SqlState.WRONG_TYPE.raise("{s}", WRONG_TYPE_MESSAGE, m.group(1))));
        return LOGGED.matcher(raising).replaceAll(LOG)
                .replace("{live}", LIVE)
                .replace("{async}", async ? "set_config('synchronous_commit', 'off', true) IS NOT NULL" : "true")
                .replace("{t}", Identifiers.quote(schema) + "." + Identifiers.quote(Identifiers.partition(namespace)))
                .replace("{ns}", "'" + namespace + "'")
                .replace("{s}", Identifiers.quote(schema))
                .replace("{h}", Identifiers.quote(hstoreSchema));
    }
}
