-- Hash contents were indexed by GIN on the hstore itself, whose entries (each key, each value) must
-- fit in a third of a page: a hash value or field above about 2.7 kB could not be stored at all.
-- The index now holds a 16-byte digest per pair, whatever its size, and containment queries go
-- through ${schema}.contains(fields, pairs), which asks the index for the digests and rechecks
-- the real hstore, so answers stay exact (a digest collision costs a recheck, never a wrong row).
-- Field existence (?) is no longer indexed: the store never asks it across rows.

-- The functions name hstore's objects with its schema, resolved here: PostgreSQL 17 evaluates index
-- expressions during maintenance (VACUUM, REINDEX) with a search_path of pg_catalog only.
DO $migration$
DECLARE
    h text := (SELECT quote_ident(n.nspname) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                WHERE e.extname = 'hstore');
BEGIN
    -- One digest per pair: the first 16 bytes of SHA-256 (md5 is refused by FIPS-mode servers) of
    -- the field's length, the field and the value ('=' || value; nothing for a NULL value), so that no
    -- two different pairs share an input. A plpgsql function keeps its plan for the session; a
    -- SQL one would be planned again by every statement that writes a hash.
    EXECUTE format($f$
        CREATE FUNCTION ${schema}.pair_digests(pairs %1$s.hstore) RETURNS uuid[]
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $body$
        BEGIN
            RETURN ARRAY(SELECT encode(substr(sha256(convert_to(octet_length(p.key)::text || ':' || p.key
                                                                || coalesce('=' || p.value, ''), 'UTF8')), 1, 16), 'hex')::uuid
                           FROM %1$s.each(pairs) AS p);
        END $body$$f$, h);
    -- fields @> pairs, answered by the index: a plain SQL expression that the planner inlines, so a
    -- query on contains(fields, ...) AND type = 'hash' matches the index expression below.
    EXECUTE format($f$
        CREATE FUNCTION ${schema}.contains(fields %1$s.hstore, pairs %1$s.hstore) RETURNS boolean
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $body$
            SELECT ${schema}.pair_digests(fields) OPERATOR(pg_catalog.@>) ${schema}.pair_digests(pairs)
               AND fields OPERATOR(%1$s.@>) pairs
        $body$$f$, h);
END $migration$;

-- Built on every partition in this statement; new partitions (create_namespace) inherit it.
DROP INDEX ${schema}.entries_hash_fields;
CREATE INDEX entries_hash_pairs ON ${schema}.entries USING gin (${schema}.pair_digests(fields)) WHERE type = 'hash';
