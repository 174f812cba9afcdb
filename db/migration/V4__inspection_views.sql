-- Views for people reading the store in SQL (psql, DBeaver, `hstore-kv sql`): one row per key, per
-- string, per hash field and per set member, as Redis shows them. Expired rows that the sweeper has
-- not deleted yet are left out. Every view reads hstorekv.entries directly, so a condition on
-- namespace and key uses its primary key (the db column is computed: filter on namespace to stay
-- cheap). Values: `value` is the text when the stored value is plain text, NULL otherwise (binary,
-- NUL, invalid UTF-8: stored as chr(1) || base64); `bytes` is always the value's bytes.
-- Read-only by nature: write through the facade, the server or hstorekv.entries.

-- hstore's each() may live in another schema than the one on the search path.
SELECT set_config('search_path', quote_ident(n.nspname) || ', ' || current_setting('search_path'), true)
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'hstore';

-- The Redis database number of a namespace db<n> (the server's SELECT n), NULL for other namespaces.
CREATE FUNCTION ${schema}.redis_db(ns text) RETURNS int
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE WHEN ns ~ '^db[0-9]{1,9}$' THEN substr(ns, 3)::int END
$$;

-- Time to live, to the second, as an interval ('00:04:59', '2 days 03:00:00'); NULL: no TTL.
CREATE FUNCTION ${schema}.ttl(expires_at timestamptz) RETURNS interval
LANGUAGE sql STABLE STRICT AS $$
    SELECT justify_hours(date_trunc('second', expires_at - now()))
$$;

-- A stored value as text when it is plain text; NULL when it is in the binary form.
CREATE FUNCTION ${schema}.text_or_null(stored text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE WHEN left(stored, 1) = chr(1) THEN NULL ELSE stored END
$$;

CREATE VIEW ${schema}.keys AS
SELECT e.ns AS namespace, ${schema}.redis_db(e.ns) AS db, e.key, e.type,
       ${schema}.ttl(e.expires_at) AS ttl, e.expires_at
  FROM ${schema}.entries e
 WHERE e.expires_at IS NULL OR e.expires_at > now();

CREATE VIEW ${schema}.strings AS
SELECT e.ns AS namespace, ${schema}.redis_db(e.ns) AS db, e.key,
       ${schema}.text_or_null(e.value) AS value, ${schema}.bytes(e.value) AS bytes,
       ${schema}.ttl(e.expires_at) AS ttl, e.expires_at
  FROM ${schema}.entries e
 WHERE e.type = 'string' AND (e.expires_at IS NULL OR e.expires_at > now());

CREATE VIEW ${schema}.hash_fields AS
SELECT e.ns AS namespace, ${schema}.redis_db(e.ns) AS db, e.key, f.key AS field,
       ${schema}.text_or_null(f.value) AS value, ${schema}.bytes(f.value) AS bytes,
       ${schema}.ttl(e.expires_at) AS ttl, e.expires_at
  FROM ${schema}.entries e CROSS JOIN LATERAL each(e.fields) AS f
 WHERE e.type = 'hash' AND (e.expires_at IS NULL OR e.expires_at > now());

CREATE VIEW ${schema}.set_members AS
SELECT e.ns AS namespace, ${schema}.redis_db(e.ns) AS db, e.key, m.member,
       ${schema}.ttl(e.expires_at) AS ttl, e.expires_at
  FROM ${schema}.entries e CROSS JOIN LATERAL skeys(e.fields) AS m(member)
 WHERE e.type = 'set' AND (e.expires_at IS NULL OR e.expires_at > now());

COMMENT ON VIEW ${schema}.keys IS 'One row per live key: namespace, Redis database number (db<n> namespaces), key, type, TTL left.';
COMMENT ON VIEW ${schema}.strings IS 'One row per live string: value as text (NULL when binary), its bytes, TTL left.';
COMMENT ON VIEW ${schema}.hash_fields IS 'One row per field of a live hash: field, value as text (NULL when binary), its bytes, TTL left.';
COMMENT ON VIEW ${schema}.set_members IS 'One row per member of a live set, TTL left.';
