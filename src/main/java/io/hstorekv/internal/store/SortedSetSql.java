package io.hstorekv.internal.store;

/**
 * The statements on sorted sets, rendered per namespace like {@link Sql} (same tokens). The key's
 * entries row holds the type, version, TTL and member count ({@code items}); the members are rows of
 * {@code zset_members}. Reads check the type on the entries row (WRONGTYPE) and read the members in
 * the same statement. Writes change members with statements that see the latest committed rows
 * (ON CONFLICT, DELETE), then add what they inserted or deleted to {@code items} on the latest
 * entries row, so the count stays exact under concurrent writers; a set left empty is deleted.
 * Member order is Redis's: score, then member bytes (COLLATE "C").
 */
enum SortedSetSql {
    CARDINALITY(read("", "")),

    /** ZSCORE / ZMSCORE: the scores of :members in argument order, NULL for absent ones. */
    SCORES(read(", ARRAY(SELECT z.score FROM unnest(:members::text[]) WITH ORDINALITY AS u(member, i)"
            + " LEFT JOIN {s}.zset_members z ON z.ns = {ns} AND z.key = :key AND z.member = u.member ORDER BY u.i)", "")),

    /** ZRANK: the member's score and how many members sort before it (NULL score: no such member). */
    RANK(read(", m.score, (SELECT count(*) FROM {s}.zset_members z WHERE z.ns = {ns} AND z.key = :key"
            + " AND z.score <= m.score AND (z.score < m.score OR z.member < m.member))",
            "LEFT JOIN {s}.zset_members m ON m.ns = {ns} AND m.key = :key AND m.member = :member")),

    RANGE_BY_RANK(range(Range.RANK, Direction.ASCENDING)),
    RANGE_BY_RANK_REVERSED(range(Range.RANK, Direction.DESCENDING)),
    RANGE_BY_SCORE(range(Range.SCORE, Direction.ASCENDING)),
    RANGE_BY_SCORE_REVERSED(range(Range.SCORE, Direction.DESCENDING)),
    RANGE_BY_LEX(range(Range.LEX, Direction.ASCENDING)),
    RANGE_BY_LEX_REVERSED(range(Range.LEX, Direction.DESCENDING)),

    COUNT_BY_SCORE(read(", (SELECT count(*) FROM {s}.zset_members z WHERE z.ns = {ns} AND z.key = :key AND "
            + Range.SCORE.condition + ")", "")),
    COUNT_BY_LEX(read(", (SELECT count(*) FROM {s}.zset_members z WHERE z.ns = {ns} AND z.key = :key AND "
            + Range.LEX.condition + ")", "")),

    /** ZRANDMEMBER with a positive count: up to :count distinct members at random. */
    RANDOM(read(", r.members, r.scores", """
            LEFT JOIN LATERAL (
                SELECT array_agg(q.member) AS members, array_agg(q.score) AS scores FROM (
                    SELECT z.member, z.score FROM {s}.zset_members z WHERE z.ns = {ns} AND z.key = :key
                    ORDER BY random() LIMIT :count) q) r ON true""")),

    /**
     * ZADD / ZINCRBY. An expired row of the key is deleted first (its members with it, by the
     * trigger), so the set starts empty; key_pushed wakes blocked pops (BZPOPMIN, see KeyWaits). Without XX, members are upserted (ON CONFLICT sees the
     * latest row: NX, GT, LT and INCR decide on it); with XX only existing ones are updated. A member
     * whose score would not change is not written (and not counted by CH). Returns how many were
     * added, how many changed, the (single, with INCR) score written, and whether anything was.
     */
    ADD("""
        WITH {logged(ARRAY[:key::text])},
        checked AS (
            SELECT CASE WHEN NOT {live} THEN false WHEN e.type = 'zset' THEN true ELSE {wrongType(false)} END AS live
            FROM {t} e WHERE e.ns = {ns} AND e.key = :key),
        purged AS (
            DELETE FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND NOT {live} RETURNING 1),
        pushed AS (SELECT {s}.key_pushed({ns}, :key) AS done),
        input AS (
            SELECT u.member, u.score FROM unnest(:members::text[], :scores::float8[]) AS u(member, score)
            WHERE {async} AND (SELECT done FROM pushed) AND (SELECT count(*) FROM checked WHERE live) >= 0
              AND (SELECT count(*) FROM purged) >= 0),
        added AS (
            INSERT INTO {s}.zset_members AS z (ns, key, member, score)
            SELECT {ns}, :key, i.member, i.score FROM input i WHERE NOT :xx
            ON CONFLICT (ns, key, member) DO UPDATE
                SET score = {s}.zset_score(CASE WHEN :incr THEN z.score + EXCLUDED.score ELSE EXCLUDED.score END)
                WHERE NOT :nx
                  AND (NOT :gt OR CASE WHEN :incr THEN z.score + EXCLUDED.score ELSE EXCLUDED.score END > z.score)
                  AND (NOT :lt OR CASE WHEN :incr THEN z.score + EXCLUDED.score ELSE EXCLUDED.score END < z.score)
                  AND (:incr OR EXCLUDED.score <> z.score)
            RETURNING z.score, z.xmax::text = '0' AS inserted),
        updated AS (
            UPDATE {s}.zset_members z SET score = {s}.zset_score(CASE WHEN :incr THEN z.score + i.score ELSE i.score END)
            FROM input i
            WHERE :xx AND z.ns = {ns} AND z.key = :key AND z.member = i.member AND EXISTS (SELECT 1 FROM checked WHERE live)
              AND (NOT :gt OR CASE WHEN :incr THEN z.score + i.score ELSE i.score END > z.score)
              AND (NOT :lt OR CASE WHEN :incr THEN z.score + i.score ELSE i.score END < z.score)
              AND (:incr OR i.score <> z.score)
            RETURNING z.score, false AS inserted),
        written AS (SELECT * FROM added UNION ALL SELECT * FROM updated),
        entry AS (
            INSERT INTO {t} AS e (ns, key, type, items, version)
            SELECT {ns}, :key, 'zset', (SELECT count(*) FROM written WHERE inserted), nextval('{s}.versions')
            WHERE EXISTS (SELECT 1 FROM written)
            ON CONFLICT (ns, key) DO UPDATE SET type = 'zset', value = NULL, fields = NULL, version = EXCLUDED.version,
                items = CASE WHEN e.type = 'zset' THEN e.items + EXCLUDED.items ELSE {wrongType(0::bigint)} END
            RETURNING 1)
        SELECT (SELECT count(*) FROM written WHERE inserted), (SELECT count(*) FROM written WHERE NOT inserted),
               (SELECT max(score) FROM written), (SELECT count(*) FROM entry)"""),

    /** ZREM: the named members. */
    REMOVE_MEMBERS(remove("SELECT u.member FROM unnest(:members::text[]) AS u(member)", Direction.ASCENDING)),
    REMOVE_BY_SCORE(remove(members(Range.SCORE, Direction.ASCENDING, SortedSetSql.CUR_ITEMS), Direction.ASCENDING)),
    REMOVE_BY_LEX(remove(members(Range.LEX, Direction.ASCENDING, SortedSetSql.CUR_ITEMS), Direction.ASCENDING)),
    REMOVE_BY_RANK(remove(members(Range.RANK, Direction.ASCENDING, SortedSetSql.CUR_ITEMS), Direction.ASCENDING)),
    /** ZPOPMIN: the :count lowest, lowest first. */
    POP_MIN(remove(members(Range.FIRST, Direction.ASCENDING, SortedSetSql.CUR_ITEMS), Direction.ASCENDING)),
    /** ZPOPMAX: the :count highest, highest first. */
    POP_MAX(remove(members(Range.FIRST, Direction.DESCENDING, SortedSetSql.CUR_ITEMS), Direction.DESCENDING)),

    /**
     * ZUNION / ZINTER / ZDIFF (:mode UNION, INTER or DIFF) over :keys with :weights and :aggregate
     * (SUM, MIN, MAX); plain sets count with score 1, as in Redis.
     */
    COMBINE("WITH " + SortedSetSql.COMBINED + """

        SELECT array_agg(c.member ORDER BY c.score, c.member), array_agg(c.score ORDER BY c.score, c.member)
        FROM combined c"""),

    /** ZUNIONSTORE / ZINTERSTORE / ZDIFFSTORE: COMBINE into :destination (replaced; deleted when empty). */
    COMBINE_STORE(store(SortedSetSql.COMBINED)),

    /** ZRANGESTORE by rank, score or lex (:range RANK, SCORE, LEX; :reversed) from :key into :destination. */
    RANGE_STORE(store("""
        source AS (
            SELECT CASE WHEN e.type = 'zset' THEN e.items ELSE {wrongType(0::bigint)} END AS items
            FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND {live}),
        combined AS (
            SELECT * FROM (%s) AS by_rank WHERE :range = 'RANK' AND NOT :reversed
            UNION ALL SELECT * FROM (%s) AS by_rank_reversed WHERE :range = 'RANK' AND :reversed
            UNION ALL SELECT * FROM (%s) AS by_score WHERE :range = 'SCORE' AND NOT :reversed
            UNION ALL SELECT * FROM (%s) AS by_score_reversed WHERE :range = 'SCORE' AND :reversed
            UNION ALL SELECT * FROM (%s) AS by_lex WHERE :range = 'LEX' AND NOT :reversed
            UNION ALL SELECT * FROM (%s) AS by_lex_reversed WHERE :range = 'LEX' AND :reversed)""".formatted(
            scored(Range.RANK, Direction.ASCENDING), scored(Range.RANK, Direction.DESCENDING),
            scored(Range.SCORE, Direction.ASCENDING), scored(Range.SCORE, Direction.DESCENDING),
            scored(Range.LEX, Direction.ASCENDING), scored(Range.LEX, Direction.DESCENDING))));

    /** The member count of the set a removal works on (OFFSET and LIMIT take no column, but a subquery). */
    private static final String CUR_ITEMS = "(SELECT items FROM cur)";

    /** The CTEs src, typed, scored and combined(member, score) of COMBINE and COMBINE_STORE. */
    private static final String COMBINED = """
        src AS (
            SELECT u.key, u.weight, u.i FROM unnest(:keys::text[], :weights::float8[]) WITH ORDINALITY AS u(key, weight, i)),
        typed AS (
            SELECT s.key, s.weight, s.i, e.fields,
                   CASE WHEN e.type IN ('zset', 'set') THEN e.type ELSE {wrongType(NULL::text)} END AS type
            FROM src s JOIN {t} e ON e.ns = {ns} AND e.key = s.key AND {live}),
        scored AS (
            SELECT z.member, t.i, {s}.zset_nan_to_zero(t.weight * z.score) AS score
            FROM typed t JOIN {s}.zset_members z ON z.ns = {ns} AND z.key = t.key WHERE t.type = 'zset'
            UNION ALL
            SELECT m.member, t.i, t.weight FROM typed t, LATERAL {h}.skeys(t.fields) AS m(member) WHERE t.type = 'set'),
        combined AS (
            SELECT s.member COLLATE "C" AS member, {s}.zset_nan_to_zero(CASE :aggregate
                       WHEN 'MIN' THEN min(s.score) WHEN 'MAX' THEN max(s.score) ELSE sum(s.score) END) AS score
            FROM scored s GROUP BY s.member
            HAVING CASE :mode WHEN 'INTER' THEN count(DISTINCT s.i) = cardinality(:keys::text[])
                              WHEN 'DIFF' THEN bool_and(s.i = 1)
                              ELSE true END)""";

    /** Which members a range takes, and how its bounds are given. */
    private enum Range {
        /** :start and :stop, 0-based ranks, negative from the end. */
        RANK("true"),
        /** :min and :max, both inclusive (the caller turns exclusive bounds into the next double), then :offset and :limit. */
        SCORE("z.score >= :min AND z.score <= :max"),
        /** :minMember (inclusive when :minInclusive) to :maxMember (:maxInclusive; none when :maxOpen), then :offset and :limit. */
        LEX("z.member >= :minMember AND (z.member <> :minMember OR :minInclusive)"
                + " AND (:maxOpen OR z.member <= :maxMember) AND (z.member <> :maxMember OR :maxInclusive)"),
        /** The first :count. */
        FIRST("true");

        final String condition;

        Range(String condition) {
            this.condition = condition;
        }

        String order(Direction direction) {
            String by = this == LEX ? "z.member" : "z.score, z.member";
            return direction == Direction.ASCENDING ? by : by.replace(",", " DESC,") + " DESC";
        }

        /** The OFFSET and LIMIT clause; {@code items} is the set's member count. */
        String limit(String items) {
            return switch (this) {
                case RANK -> {
                    String first = "greatest(CASE WHEN :start < 0 THEN " + items + " + :start ELSE :start END, 0)";
                    String last = "least(CASE WHEN :stop < 0 THEN " + items + " + :stop ELSE :stop END, " + items + " - 1)";
                    yield "OFFSET " + first + " LIMIT greatest(" + last + " - " + first + " + 1, 0)";
                }
                case SCORE, LEX -> "OFFSET :offset LIMIT CASE WHEN :limit < 0 THEN NULL ELSE :limit END";
                case FIRST -> "LIMIT :count";
            };
        }
    }

    private enum Direction { ASCENDING, DESCENDING }

    final String template;

    SortedSetSql(String template) {
        this.template = template;
    }

    /**
     * One row (none when the key is absent): the member count, WRONGTYPE when the key is not a
     * sorted set, then {@code columns} (with their leading comma), from the entries row e and {@code join}.
     */
    private static String read(String columns, String join) {
        return "SELECT CASE WHEN e.type = 'zset' THEN e.items ELSE {wrongType(0::bigint)} END" + columns
                + " FROM {t} e " + join + " WHERE e.ns = {ns} AND e.key = :key AND {live}";
    }

    /** A range's members and scores as two arrays, in range order. */
    private static String range(Range range, Direction direction) {
        return read(", r.members, r.scores", """
                LEFT JOIN LATERAL (
                    SELECT array_agg(q.member) AS members, array_agg(q.score) AS scores FROM (%s) q) r ON true"""
                .formatted(scored(range, direction, "(SELECT i.items FROM {t} i WHERE i.ns = {ns} AND i.key = :key)")));
    }

    /** The (member, score) rows of a range, in order; ranks count on {@code items}. */
    private static String scored(Range range, Direction direction, String items) {
        return "SELECT z.member, z.score FROM {s}.zset_members z WHERE z.ns = {ns} AND z.key = :key AND "
                + range.condition + " ORDER BY " + range.order(direction) + " " + range.limit(items);
    }

    /** For RANGE_STORE: ranks count on the source row's items. */
    private static String scored(Range range, Direction direction) {
        return scored(range, direction, "(SELECT items FROM source)");
    }

    /** The members (one column) of a range, for removal. */
    private static String members(Range range, Direction direction, String items) {
        return "SELECT q.member FROM (" + scored(range, direction, items) + ") q";
    }

    /**
     * Removes the members {@code picked} selects (a query that may use {@link #CUR_ITEMS}) from a live
     * sorted set, WRONGTYPE for another type; deletes the key when none are left, else renews its
     * version and count. Returns the removed members and scores, in {@code order}.
     */
    private static String remove(String picked, Direction order) {
        return """
            WITH {logged(ARRAY[:key::text])},
            cur AS (
                SELECT CASE WHEN e.type = 'zset' THEN e.items ELSE {wrongType(0::bigint)} END AS items
                FROM {t} e WHERE e.ns = {ns} AND e.key = :key AND {live} AND {async} FOR UPDATE),
            picked AS (%s),
            gone AS (
                DELETE FROM {s}.zset_members z USING cur, picked p
                WHERE z.ns = {ns} AND z.key = :key AND z.member = p.member
                RETURNING z.member, z.score),
            emptied AS (
                DELETE FROM {t} e USING cur WHERE e.ns = {ns} AND e.key = :key AND cur.items = (SELECT count(*) FROM gone)
                RETURNING 1),
            changed AS (
                UPDATE {t} e SET items = cur.items - (SELECT count(*) FROM gone), version = nextval('{s}.versions')
                FROM cur WHERE e.ns = {ns} AND e.key = :key AND (SELECT count(*) FROM gone) BETWEEN 1 AND cur.items - 1
                RETURNING 1)
            SELECT z.member, z.score FROM gone z ORDER BY %s""".formatted(picked, Range.SCORE.order(order));
    }

    /**
     * Replaces :destination with the rows of the CTE {@code combined(member, score)} that
     * {@code source} defines (whatever type it held; deleted when there are none). Returns the count.
     */
    private static String store(String source) {
        return "WITH {logged(ARRAY[:destination::text])},\n" + source + """
            ,
            cleared AS (
                DELETE FROM {t} e WHERE e.ns = {ns} AND e.key = :destination AND (SELECT count(*) FROM combined) >= 0
                RETURNING 1),
            stored AS (
                INSERT INTO {s}.zset_members (ns, key, member, score)
                SELECT {ns}, :destination, c.member, c.score FROM combined c
                WHERE {async} AND (SELECT count(*) FROM cleared) >= 0 AND (SELECT {s}.key_pushed({ns}, :destination))
                RETURNING 1),
            entry AS (
                INSERT INTO {t} AS e (ns, key, type, items, version)
                SELECT {ns}, :destination, 'zset', (SELECT count(*) FROM stored), nextval('{s}.versions')
                WHERE EXISTS (SELECT 1 FROM stored)
                ON CONFLICT (ns, key) DO UPDATE SET type = 'zset', value = NULL, fields = NULL, items = EXCLUDED.items,
                    version = EXCLUDED.version, expires_at = NULL
                RETURNING 1)
            SELECT (SELECT count(*) FROM stored), (SELECT count(*) FROM entry)""";
    }

    /** Renders every statement for one namespace, indexed by ordinal. */
    static String[] render(String schema, String hstoreSchema, String namespace, boolean async) {
        String[] rendered = new String[values().length];
        for (SortedSetSql sql : values()) {
            rendered[sql.ordinal()] = Sql.render(sql.template, schema, hstoreSchema, namespace, async);
        }
        return rendered;
    }
}
