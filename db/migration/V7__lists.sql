-- Lists (issue #12). A list's entries row (type 'list', value and fields NULL) carries key, version
-- and TTL like every type; it also says where the items are: list_id names them in list_items,
-- and they sit at the contiguous positions list_head .. list_head + list_length - 1, so LPUSH/RPUSH/
-- LPOP/RPOP/LINDEX/LRANGE find them through the primary key without counting. Every list write locks
-- and renews that row (version: WATCH, compare-and-set and the change log follow from it), and a
-- list emptied by a write deletes it, as Redis does.
--
-- A list_id is never reused: when the row goes (DEL, expiry, FLUSHDB, SET over it, a push onto an
-- expired list), its items are orphans that no statement can reach any more, and the expiry sweeper
-- deletes them (Database#sweepOrphanListItems). So no other statement has to know about lists, and
-- RENAME only carries the three columns over.
ALTER TABLE ${schema}.entries ADD COLUMN list_id bigint;
ALTER TABLE ${schema}.entries ADD COLUMN list_head bigint;
ALTER TABLE ${schema}.entries ADD COLUMN list_length bigint;

CREATE SEQUENCE ${schema}.list_ids;

-- The sweeper's look-up of a list_id's owner; rows without a list stay out of the index.
CREATE INDEX entries_list_id ON ${schema}.entries (list_id) WHERE list_id IS NOT NULL;

-- Positions are checked unique at the end of each statement, so that LINSERT and LREM can shift a
-- run of items by one in a single UPDATE.
CREATE TABLE ${schema}.list_items (
    list_id bigint NOT NULL,
    pos     bigint NOT NULL,
    value   text NOT NULL,   -- a stored value (see io.hstorekv.internal.store.StoredForm)
    CONSTRAINT list_items_pkey PRIMARY KEY (list_id, pos) DEFERRABLE INITIALLY IMMEDIATE
);

-- Blocked clients (BLPOP, BZPOPMIN, ...): one row per (namespace, key, server instance) while some
-- client of that instance waits on the key. UNLOGGED: lost in a crash along with the waiting clients.
CREATE UNLOGGED TABLE ${schema}.key_waits (
    ns     text NOT NULL,
    key    text NOT NULL,
    waiter text NOT NULL,
    PRIMARY KEY (ns, key, waiter)
);

-- Every write that may wake a blocked client (a push, for any type) calls this before it adds
-- anything. The shared lock on the key, held to commit, orders it against a waiter's first look
-- (which takes the lock exclusively after registering, see io.hstorekv.internal.store.KeyWaits):
-- either the waiter's look sees this write, or this check, run with a snapshot taken after the
-- lock, sees the waiter's registration and notifies (delivered at commit). Without a waiter it
-- costs a lock and an index probe of a tiny table, and no NOTIFY (which would serialize commits).
CREATE FUNCTION ${schema}.key_pushed(ns_name text, key_name text) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended(ns_name || ':' || key_name, 7));
    IF EXISTS (SELECT 1 FROM ${schema}.key_waits w WHERE w.ns = ns_name AND w.key = key_name) THEN
        PERFORM pg_notify('${schema}_pushed', md5(ns_name || ':' || key_name));
    END IF;
    RETURN true;
END $$;

-- What a list write did to the items: the list's new head and length, whether it changed anything,
-- and its result (popped items, or a count). The functions below run after the statement that
-- calls them has locked the list's entries row, and, being VOLATILE, read the items with a
-- snapshot taken after that lock: a READ COMMITTED statement's own snapshot is older than the lock
-- and could miss items a concurrent push committed meanwhile.
CREATE TYPE ${schema}.list_change AS (head bigint, length bigint, changed boolean, items text[], n bigint);

-- LPOP/RPOP: up to n items from one end.
CREATE FUNCTION ${schema}.list_pop(id bigint, head bigint, length bigint, n bigint, from_left boolean)
RETURNS ${schema}.list_change LANGUAGE plpgsql AS $$
DECLARE
    taken bigint := least(n, length);
    popped text[];
BEGIN
    IF from_left THEN
        WITH gone AS (DELETE FROM ${schema}.list_items i WHERE i.list_id = id AND i.pos >= head AND i.pos < head + taken
                      RETURNING i.pos, i.value)
        SELECT array_agg(value ORDER BY pos) INTO popped FROM gone;
        RETURN (head + taken, length - taken, taken > 0, coalesce(popped, '{}'), taken);
    END IF;
    WITH gone AS (DELETE FROM ${schema}.list_items i WHERE i.list_id = id AND i.pos >= head + length - taken
                  AND i.pos < head + length RETURNING i.pos, i.value)
    SELECT array_agg(value ORDER BY pos DESC) INTO popped FROM gone;
    RETURN (head, length - taken, taken > 0, coalesce(popped, '{}'), taken);
END $$;

-- LSET: n is 1 when the index was in range (and the item replaced), else 0.
CREATE FUNCTION ${schema}.list_set(id bigint, head bigint, length bigint, index bigint, new_value text)
RETURNS ${schema}.list_change LANGUAGE plpgsql AS $$
DECLARE
    at bigint := CASE WHEN index < 0 THEN length + index ELSE index END;
BEGIN
    IF at < 0 OR at >= length THEN
        RETURN (head, length, false, NULL::text[], 0::bigint);
    END IF;
    UPDATE ${schema}.list_items i SET value = new_value WHERE i.list_id = id AND i.pos = head + at;
    RETURN (head, length, true, NULL::text[], 1::bigint);
END $$;

-- LTRIM: keeps the items from start to stop (Redis's index rules); n is how many went.
CREATE FUNCTION ${schema}.list_trim(id bigint, head bigint, length bigint, start bigint, stop bigint)
RETURNS ${schema}.list_change LANGUAGE plpgsql AS $$
DECLARE
    first bigint := greatest(CASE WHEN start < 0 THEN length + start ELSE start END, 0);
    last bigint := least(CASE WHEN stop < 0 THEN length + stop ELSE stop END, length - 1);
BEGIN
    IF first > last THEN
        DELETE FROM ${schema}.list_items i WHERE i.list_id = id;
        RETURN (head, 0::bigint, length > 0, NULL::text[], length);
    END IF;
    DELETE FROM ${schema}.list_items i WHERE i.list_id = id AND (i.pos < head + first OR i.pos > head + last);
    RETURN (head + first, last - first + 1, length <> last - first + 1, NULL::text[], length - (last - first + 1));
END $$;

-- LREM: removes up to |count| items equal to the value (from the head when count >= 0, from the
-- tail when negative; 0: all), then closes the gaps so that positions stay contiguous.
CREATE FUNCTION ${schema}.list_remove(id bigint, head bigint, length bigint, count bigint, target text)
RETURNS ${schema}.list_change LANGUAGE plpgsql AS $$
DECLARE
    removed bigint;
BEGIN
    WITH doomed AS (
        SELECT i.pos FROM ${schema}.list_items i WHERE i.list_id = id AND i.value = target
        ORDER BY CASE WHEN count >= 0 THEN i.pos END, i.pos DESC
        LIMIT CASE WHEN count = 0 THEN NULL ELSE abs(count) END),
    gone AS (DELETE FROM ${schema}.list_items i USING doomed d WHERE i.list_id = id AND i.pos = d.pos RETURNING 1)
    SELECT count(*) INTO removed FROM gone;
    IF removed > 0 THEN
        UPDATE ${schema}.list_items i SET pos = r.new_pos
          FROM (SELECT x.pos, head + row_number() OVER (ORDER BY x.pos) - 1 AS new_pos
                  FROM ${schema}.list_items x WHERE x.list_id = id) r
         WHERE i.list_id = id AND i.pos = r.pos AND r.pos <> r.new_pos;
    END IF;
    RETURN (head, length - removed, removed > 0, NULL::text[], removed);
END $$;

-- LINSERT: puts the value before or after the first item equal to the pivot, shifting the shorter
-- side by one; n is -1 when there is no such item.
CREATE FUNCTION ${schema}.list_insert(id bigint, head bigint, length bigint, before boolean, pivot text, new_value text)
RETURNS ${schema}.list_change LANGUAGE plpgsql AS $$
DECLARE
    at bigint;
BEGIN
    SELECT min(i.pos) INTO at FROM ${schema}.list_items i WHERE i.list_id = id AND i.value = pivot;
    IF at IS NULL THEN
        RETURN (head, length, false, NULL::text[], -1::bigint);
    END IF;
    IF NOT before THEN
        at := at + 1;   -- the new item goes where the pivot's successor is
    END IF;
    IF at - head < length / 2 THEN
        UPDATE ${schema}.list_items i SET pos = i.pos - 1 WHERE i.list_id = id AND i.pos < at;
        INSERT INTO ${schema}.list_items (list_id, pos, value) VALUES (id, at - 1, new_value);
        RETURN (head - 1, length + 1, true, NULL::text[], length + 1);
    END IF;
    UPDATE ${schema}.list_items i SET pos = i.pos + 1 WHERE i.list_id = id AND i.pos >= at;
    INSERT INTO ${schema}.list_items (list_id, pos, value) VALUES (id, at, new_value);
    RETURN (head, length + 1, true, NULL::text[], length + 1);
END $$;

-- One row per item of a live list, in order (index 0 is the head), as LRANGE key 0 -1 shows them.
CREATE VIEW ${schema}.list_elements AS
SELECT e.ns AS namespace, ${schema}.redis_db(e.ns) AS db, e.key, i.pos - e.list_head AS index,
       ${schema}.text_or_null(i.value) AS value, ${schema}.bytes(i.value) AS bytes,
       ${schema}.ttl(e.expires_at) AS ttl, e.expires_at
  FROM ${schema}.entries e JOIN ${schema}.list_items i ON i.list_id = e.list_id
 WHERE e.type = 'list' AND (e.expires_at IS NULL OR e.expires_at > now());

COMMENT ON VIEW ${schema}.list_elements IS 'One row per item of a live list: index from the head, value as text (NULL when binary), its bytes, TTL left.';
