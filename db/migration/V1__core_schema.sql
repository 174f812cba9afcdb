-- hstore-kv core schema. Flyway runs this with the placeholders:
--   ${schema}         our own schema (default hstorekv), also where the history table lives
--   ${hstore_schema}  where CREATE EXTENSION puts hstore if it is not installed yet (default public),
--                     named explicitly so it never lands in our schema, off the application's search_path
-- hstore is a trusted extension since PostgreSQL 13: a non-superuser database owner may create it.
-- (Checked first rather than IF NOT EXISTS, which logs a notice on every new schema.)
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'hstore') THEN
        CREATE EXTENSION hstore SCHEMA ${hstore_schema};
    END IF;
END $$;
-- hstore may have been installed earlier in another schema: resolve its type there for this migration.
SELECT set_config('search_path', quote_ident(n.nspname) || ', ' || current_setting('search_path'), true)
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'hstore';

-- One row per namespace; durability is chosen at creation and visible here.
CREATE TABLE ${schema}.namespaces (
    name       text PRIMARY KEY CHECK (name ~ '^[a-z0-9_]{1,48}$'),
    durability text NOT NULL CHECK (durability IN ('DURABLE', 'ASYNC', 'VOLATILE')),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Every write draws a fresh version, unique across the database, so a compare-and-set can never
-- succeed against a deleted-and-recreated key (no ABA).
CREATE SEQUENCE ${schema}.versions AS bigint CACHE 100;

-- All pairs, one partition per namespace (hstorekv.ns_<name>), so flushing a namespace is a TRUNCATE
-- and VOLATILE namespaces can be UNLOGGED partitions.
--   type     string | hash | set
--   value    strings: UTF-8 text as is; anything else (binary, NUL) as chr(1) || base64
--   fields   hashes: field -> value (values encoded like strings); sets: member -> NULL
--   version  compare-and-set token, renewed by every write
CREATE TABLE ${schema}.entries (
    ns         text NOT NULL,
    key        text COLLATE "C" NOT NULL,
    type       text NOT NULL CHECK (type IN ('string', 'hash', 'set')),
    value      text,
    fields     hstore,
    version    bigint NOT NULL,
    expires_at timestamptz,
    PRIMARY KEY (ns, key),
    CHECK ((type = 'string') = (value IS NOT NULL) AND (type = 'string') = (fields IS NULL))
) PARTITION BY LIST (ns);

-- Containment queries (@>, ?) on hashes. Sets are left out: they are not queried by content, and an
-- index they do not need would cost them HOT updates.
CREATE INDEX entries_hash_fields ON ${schema}.entries USING gin (fields) WHERE type = 'hash';
-- The sweeper's way to expired rows; keys without a TTL are not in it.
CREATE INDEX entries_expiry ON ${schema}.entries (expires_at) WHERE expires_at IS NOT NULL;

-- Raises a clear error from inside a statement (used in CASE branches so that type and number checks
-- cost no extra round trip). VOLATILE so that the planner never folds it into a branch not taken.
CREATE FUNCTION ${schema}.fail(code text, message text, result_type anyelement) RETURNS anyelement
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = code, MESSAGE = message;
END $$;

-- Decodes a stored value (string value or hash value) to its bytes, for SQL users.
CREATE FUNCTION ${schema}.bytes(stored text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE WHEN left(stored, 1) = chr(1) THEN decode(substr(stored, 2), 'base64')
                ELSE convert_to(stored, 'UTF8') END
$$;

-- Hands a number from an ON CONFLICT clause (which sees the old row) to RETURNING (which does not),
-- through a transaction-local setting. False for a negative number: "do not write".
CREATE FUNCTION ${schema}.note(n bigint) RETURNS boolean
LANGUAGE sql VOLATILE AS $$
    SELECT set_config('hstorekv.note', n::text, true) IS NOT NULL AND n >= 0
$$;

-- Byte length of the value a stored form stands for.
CREATE FUNCTION ${schema}.byte_length(stored text) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE WHEN left(stored, 1) = chr(1) THEN octet_length(decode(substr(stored, 2), 'base64'))
                ELSE octet_length(stored) END
$$;

-- Integer counters with Redis's rules: the stored text must be a canonical 64-bit integer, and the
-- result must stay in range; otherwise a clear error and no change.
CREATE FUNCTION ${schema}.add_integer(stored text, delta bigint, not_integer_message text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    result numeric;
BEGIN
    IF stored !~ '^(0|-?[1-9][0-9]{0,18})$'
       OR stored::numeric NOT BETWEEN -9223372036854775808 AND 9223372036854775807 THEN
        RAISE EXCEPTION USING ERRCODE = 'HK002', MESSAGE = not_integer_message;
    END IF;
    result := stored::numeric + delta;
    IF result NOT BETWEEN -9223372036854775808 AND 9223372036854775807 THEN
        RAISE EXCEPTION USING ERRCODE = 'HK003', MESSAGE = 'increment or decrement would overflow';
    END IF;
    RETURN result::text;
END $$;

-- Float counters: decimal text in, exact decimal arithmetic, trailing zeros trimmed on the way out.
CREATE FUNCTION ${schema}.add_float(stored text, delta numeric, not_float_message text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF stored !~ '^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,4})?$' THEN
        RAISE EXCEPTION USING ERRCODE = 'HK004', MESSAGE = not_float_message;
    END IF;
    RETURN trim_scale(stored::numeric + delta)::text;
END $$;

-- Change log for near caches (see io.hstorekv.store.ChangeFeed): one row per (statement, namespace)
-- that changed keys, written by statement-level triggers with transition tables, so that every
-- write is seen: ours (which go straight to the partitions) and raw SQL (through the parent too).
-- UNLOGGED: it costs no WAL and no fsync; it is lost in a crash, when every cache reconnects and
-- flushes anyway. Rows older than a few minutes are deleted by the expiry sweeper.
CREATE UNLOGGED TABLE ${schema}.changes (
    seq  bigserial PRIMARY KEY,
    tx   xid8 NOT NULL DEFAULT pg_current_xact_id(),
    ns   text NOT NULL,
    keys text[],              -- NULL: the whole namespace (TRUNCATE)
    at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX changes_tx ON ${schema}.changes (tx);
CREATE INDEX changes_at ON ${schema}.changes (at);

-- INSERT / UPDATE / DELETE: the changed keys per namespace, one row per namespace (none when the
-- statement changed nothing). Every trigger names its transition table "changed".
CREATE FUNCTION ${schema}.log_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ${schema}.changes (ns, keys) SELECT c.ns, array_agg(c.key) FROM changed c GROUP BY c.ns;
    RETURN NULL;
END $$;

-- TRUNCATE: the partition's namespace (TG_ARGV[0]), or, on the parent, every namespace.
CREATE FUNCTION ${schema}.log_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_NARGS > 0 THEN
        INSERT INTO ${schema}.changes (ns, keys) VALUES (TG_ARGV[0], NULL);
    ELSE
        INSERT INTO ${schema}.changes (ns, keys) SELECT name, NULL FROM ${schema}.namespaces;
    END IF;
    RETURN NULL;
END $$;

-- The four triggers on one table (a partition with its namespace, or the parent with NULL).
CREATE FUNCTION ${schema}.add_change_triggers(tbl text, ns_name text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER changes_insert AFTER INSERT ON ${schema}.%I REFERENCING NEW TABLE AS changed '
                   'FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.log_changes()', tbl);
    EXECUTE format('CREATE TRIGGER changes_update AFTER UPDATE ON ${schema}.%I REFERENCING NEW TABLE AS changed '
                   'FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.log_changes()', tbl);
    EXECUTE format('CREATE TRIGGER changes_delete AFTER DELETE ON ${schema}.%I REFERENCING OLD TABLE AS changed '
                   'FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.log_changes()', tbl);
    IF ns_name IS NULL THEN
        EXECUTE format('CREATE TRIGGER changes_truncate AFTER TRUNCATE ON ${schema}.%I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.log_truncate()', tbl);
    ELSE
        EXECUTE format('CREATE TRIGGER changes_truncate AFTER TRUNCATE ON ${schema}.%I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.log_truncate(%L)', tbl, ns_name);
    END IF;
END $$;

-- A partition's triggers start disabled: a namespace that no instance caches pays nothing for the
-- change log. The first instance that opens it with a near cache enables them, for good, before
-- its cache serves anything (so writes of every instance are logged from then on).
CREATE FUNCTION ${schema}.enable_change_log(ns_name text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    trigger_name text;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('${schema}.enable_change_log'));
    FOREACH trigger_name IN ARRAY ARRAY['changes_insert', 'changes_update', 'changes_delete', 'changes_truncate'] LOOP
        IF EXISTS (SELECT 1 FROM pg_trigger
                    WHERE tgrelid = format('${schema}.%I', 'ns_' || ns_name)::regclass
                      AND tgname = trigger_name AND tgenabled = 'D') THEN
            EXECUTE format('ALTER TABLE ${schema}.%I ENABLE TRIGGER %I', 'ns_' || ns_name, trigger_name);
        END IF;
    END LOOP;
END $$;

CREATE FUNCTION ${schema}.add_disabled_change_triggers(ns_name text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM ${schema}.add_change_triggers('ns_' || ns_name, ns_name);
    EXECUTE format('ALTER TABLE ${schema}.%I DISABLE TRIGGER changes_insert, DISABLE TRIGGER changes_update, '
                   'DISABLE TRIGGER changes_delete, DISABLE TRIGGER changes_truncate', 'ns_' || ns_name);
END $$;

-- The parent: raw SQL through it fires only its own statement triggers, always on.
SELECT ${schema}.add_change_triggers('entries', NULL);

-- Creates a namespace and its partition (change-log triggers off); idempotent, safe when several
-- instances race.
CREATE FUNCTION ${schema}.create_namespace(ns_name text, ns_durability text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    existing text;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('${schema}.create_namespace'));
    SELECT durability INTO existing FROM ${schema}.namespaces WHERE name = ns_name;
    IF existing IS NOT NULL THEN
        RETURN existing;
    END IF;
    INSERT INTO ${schema}.namespaces (name, durability) VALUES (ns_name, ns_durability);
    EXECUTE format('CREATE %s TABLE ${schema}.%I PARTITION OF ${schema}.entries FOR VALUES IN (%L) WITH (fillfactor = 80)',
                   CASE WHEN ns_durability = 'VOLATILE' THEN 'UNLOGGED' ELSE '' END,
                   'ns_' || ns_name, ns_name);
    PERFORM ${schema}.add_disabled_change_triggers(ns_name);
    RETURN ns_durability;
END $$;
