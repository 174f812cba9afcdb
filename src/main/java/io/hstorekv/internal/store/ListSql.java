package io.hstorekv.internal.store;

/**
 * The list statements (tokens as in {@link Sql}). Each is one statement. Pushes take the positions
 * they write from the entries row their upsert locked; every other write locks the row first and
 * hands the items' work to a function of V7 that reads them with a snapshot taken after that lock
 * (see {@link #changing}), then renews the row's version and the list's head and length, or deletes
 * the row when the list was emptied.
 */
enum ListSql {
    /** LPUSH/RPUSH: creates the list if absent (or expired); returns the new length. */
    PUSH("""
        WITH {logged(ARRAY[:key::text])},
        entry AS (
            INSERT INTO {t} AS e (ns, key, type, version, list_id, list_head, list_length)
            SELECT {ns}, :key, 'list', nextval('{s}.versions'), nextval('{s}.list_ids'),
                   CASE WHEN :left THEN -cardinality(:values::text[]) ELSE 0 END, cardinality(:values::text[])
            WHERE {async} AND {s}.key_pushed({ns}, :key)
            ON CONFLICT (ns, key) DO UPDATE SET
                type = CASE WHEN NOT {live} OR e.type = 'list' THEN 'list' ELSE {wrongType(NULL::text)} END,
                value = NULL, fields = NULL, version = EXCLUDED.version,
                expires_at = CASE WHEN {live} THEN e.expires_at END,
                list_id = CASE WHEN {live} THEN e.list_id ELSE EXCLUDED.list_id END,
                list_head = CASE WHEN NOT {live} THEN EXCLUDED.list_head
                                 WHEN :left THEN e.list_head - EXCLUDED.list_length ELSE e.list_head END,
                list_length = CASE WHEN {live} THEN e.list_length ELSE 0 END + EXCLUDED.list_length
            RETURNING e.list_id, e.list_head, e.list_length),
        """ + ListSql.ADD_ITEMS),

    /** LPUSHX/RPUSHX: only onto an existing list; returns the new length, 0 when absent. */
    PUSH_EXISTING("""
        WITH {logged(ARRAY[:key::text])},
        entry AS (
            UPDATE {t} e SET version = nextval('{s}.versions'),
                type = CASE WHEN e.type = 'list' THEN e.type ELSE {wrongType(NULL::text)} END,
                list_head = CASE WHEN :left THEN e.list_head - cardinality(:values::text[]) ELSE e.list_head END,
                list_length = e.list_length + cardinality(:values::text[])
            WHERE e.ns = {ns} AND e.key = :key AND {live} AND {async} AND {s}.key_pushed({ns}, :key)
            RETURNING e.list_id, e.list_head, e.list_length),
        """ + ListSql.ADD_ITEMS),

    /** LPOP/RPOP with a count: the items, or no row when the key is absent. */
    POP(changing("{s}.list_pop(l.list_id, l.list_head, l.list_length, :count, :left)")),

    LSET(changing("{s}.list_set(l.list_id, l.list_head, l.list_length, :index, :value)")),

    TRIM(changing("{s}.list_trim(l.list_id, l.list_head, l.list_length, :start, :stop)")),

    REMOVE(changing("{s}.list_remove(l.list_id, l.list_head, l.list_length, :count, :value)")),

    INSERT(changing("{s}.list_insert(l.list_id, l.list_head, l.list_length, :before, :pivot, :value)")),

    LENGTH("""
        SELECT e.type, e.list_length FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND {live}"""),

    /** LRANGE with Redis's index rules (negative from the tail, clamped). */
    RANGE("""
        SELECT e.type, ARRAY(SELECT i.value FROM {s}.list_items i
                WHERE i.list_id = e.list_id AND i.pos >= e.list_head + r.first AND i.pos <= e.list_head + r.last
                ORDER BY i.pos)
        FROM {t} e CROSS JOIN LATERAL (SELECT
                greatest(CASE WHEN :start < 0 THEN e.list_length + :start ELSE :start END, 0) AS first,
                least(CASE WHEN :stop < 0 THEN e.list_length + :stop ELSE :stop END, e.list_length - 1) AS last) r
        WHERE e.ns = {ns} AND e.key = :key AND {live}"""),

    INDEX("""
        SELECT e.type, (SELECT i.value FROM {s}.list_items i WHERE i.list_id = e.list_id
                AND i.pos = e.list_head + CASE WHEN :index < 0 THEN e.list_length + :index ELSE :index END
                AND :index BETWEEN -e.list_length AND e.list_length - 1)
        FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND {live}"""),

    /**
     * LPOS: the indexes of the items equal to the value, in the direction of the rank's sign,
     * skipping |rank| - 1 matches, at most :count of them (0: all), looking at :maxlen items (0: all).
     */
    POSITIONS("""
        SELECT e.type, ARRAY(SELECT i.pos - e.list_head FROM {s}.list_items i
                WHERE i.list_id = e.list_id AND i.value = :value
                  AND (:maxlen = 0 OR CASE WHEN :rank > 0 THEN i.pos < e.list_head + :maxlen
                                           ELSE i.pos >= e.list_head + e.list_length - :maxlen END)
                ORDER BY CASE WHEN :rank > 0 THEN i.pos END, i.pos DESC
                OFFSET abs(:rank) - 1 LIMIT CASE WHEN :count = 0 THEN NULL ELSE :count END)
        FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND {live}""");

    /** Writes the pushed values at the positions the locked row gives; returns the new length. */
    private static final String ADD_ITEMS = """
        added AS (
            INSERT INTO {s}.list_items (list_id, pos, value)
            SELECT entry.list_id,
                   CASE WHEN :left THEN entry.list_head + cardinality(:values::text[]) - u.i
                        ELSE entry.list_head + entry.list_length - cardinality(:values::text[]) + u.i - 1 END,
                   u.v
            FROM entry, unnest(:values::text[]) WITH ORDINALITY AS u(v, i))
        SELECT list_length FROM entry""";

    final String template;

    ListSql(String template) {
        this.template = template;
    }

    /**
     * A write of the items by {@code call} (a V7 function over the locked row {@code l} that returns
     * a list_change): WRONGTYPE for another type, no row when the key is absent, else the change.
     */
    private static String changing(String call) {
        return """
            WITH {logged(ARRAY[:key::text])},
            locked AS (
                SELECT e.list_id, e.list_head, e.list_length,
                       CASE WHEN e.type = 'list' THEN true ELSE {wrongType(NULL::boolean)} END AS list
                FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND {live} AND {async} FOR UPDATE),
            done AS (SELECT d.* FROM locked l CROSS JOIN LATERAL %s AS d),
            renewed AS (
                UPDATE {t} e SET version = nextval('{s}.versions'), list_head = d.head, list_length = d.length
                FROM done d WHERE e.ns = {ns} AND e.key = :key AND d.changed AND d.length > 0),
            emptied AS (DELETE FROM {t} e USING done d WHERE e.ns = {ns} AND e.key = :key AND d.length = 0)
            SELECT d.items, d.n FROM done d""".formatted(call);
    }

    static String[] render(String schema, String hstoreSchema, String namespace, boolean async) {
        String[] rendered = new String[values().length];
        for (ListSql sql : values()) {
            rendered[sql.ordinal()] = Sql.render(sql.template, schema, hstoreSchema, namespace, async);
        }
        return rendered;
    }
}
