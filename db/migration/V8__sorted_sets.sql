-- Sorted sets (issue #12). The key's hstorekv.entries row (type 'zset', value and fields NULL) carries
-- what every key has (version, TTL) plus its member count in `items`; the members live in
-- hstorekv.zset_members, one row each. Every sorted-set write changes the entries row (version, items),
-- so WATCH, compare-and-set and the change log follow from it as for the other types.
--   items  number of members of a sorted set (exact: each write adds what it inserted or deleted; a
--          set left empty is deleted, so a stored row has at least 1); NULL for the other types
ALTER TABLE ${schema}.entries ADD COLUMN items bigint;
ALTER TABLE ${schema}.entries ADD CONSTRAINT entries_items_check CHECK (type <> 'zset' OR coalesce(items, -1) >= 0);

-- Ranks and score ranges are index scans on (ns, key, score, member); lex ranges and look-ups by member
-- use the primary key. Members compare by their bytes (COLLATE "C"), as Redis orders equal scores.
-- Not partitioned: a VOLATILE namespace's sorted sets are logged like the rest (see the README).
CREATE TABLE ${schema}.zset_members (
    ns     text NOT NULL,
    key    text COLLATE "C" NOT NULL,
    member text COLLATE "C" NOT NULL,
    score  float8 NOT NULL CHECK (score <> 'NaN'),
    PRIMARY KEY (ns, key, member)
);
CREATE INDEX zset_members_by_score ON ${schema}.zset_members (ns, key, score, member);

-- A sorted set's members go with its entries row: when the row is deleted (DEL, the expiry sweeper,
-- a write that finds it expired), before the row, so that a statement creating the key again in the
-- same breath (ZADD on an expired set) starts empty; and when a write turns the key into another type
-- (SET over a sorted set). RENAME moves the members itself before it deletes the source row.
CREATE FUNCTION ${schema}.drop_zset_members() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM ${schema}.zset_members WHERE ns = OLD.ns AND key = OLD.key;
    RETURN OLD;
END $$;

CREATE TRIGGER zset_members_on_delete BEFORE DELETE ON ${schema}.entries
    FOR EACH ROW WHEN (OLD.type = 'zset') EXECUTE FUNCTION ${schema}.drop_zset_members();
CREATE TRIGGER zset_members_on_retype AFTER UPDATE ON ${schema}.entries
    FOR EACH ROW WHEN (OLD.type = 'zset' AND NEW.type <> 'zset') EXECUTE FUNCTION ${schema}.drop_zset_members();

-- Redis's view of a sorted set, for SQL readers (see "Inspecting the pairs" in the README): one row per
-- member of a live sorted set, with its score and its 0-based rank (ORDER BY score, member).
CREATE VIEW ${schema}.sorted_set_members AS
SELECT e.ns AS namespace, ${schema}.redis_db(e.ns) AS db, e.key, z.member, z.score,
       row_number() OVER (PARTITION BY e.ns, e.key ORDER BY z.score, z.member) - 1 AS rank,
       ${schema}.ttl(e.expires_at) AS ttl, e.expires_at
  FROM ${schema}.entries e JOIN ${schema}.zset_members z ON z.ns = e.ns AND z.key = e.key
 WHERE e.type = 'zset' AND (e.expires_at IS NULL OR e.expires_at > now());

COMMENT ON VIEW ${schema}.sorted_set_members IS 'One row per member of a live sorted set: score, rank (0 = lowest score), TTL left.';

-- A score a write computed (ZINCRBY, ZADD INCR): NaN (inf + -inf) is refused, as Redis does.
CREATE FUNCTION ${schema}.zset_score(score float8) RETURNS float8
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF score = 'NaN' THEN
        RAISE EXCEPTION USING ERRCODE = 'HK005', MESSAGE = 'resulting score is not a number (NaN)';
    END IF;
    RETURN score;
END $$;

-- ZUNIONSTORE and friends: a weighted score or a sum that comes out NaN (0 * inf, inf + -inf) counts
-- as 0, Redis's convention.
CREATE FUNCTION ${schema}.zset_nan_to_zero(score float8) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE WHEN score = 'NaN' THEN 0 ELSE score END
$$;
