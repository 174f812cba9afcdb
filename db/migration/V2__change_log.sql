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

-- The parent (raw SQL through it fires only its own statement triggers: always on) and every partition.
SELECT ${schema}.add_change_triggers('entries', NULL);
SELECT ${schema}.add_disabled_change_triggers(name) FROM ${schema}.namespaces;

-- New namespaces get the triggers on their partition.
CREATE OR REPLACE FUNCTION ${schema}.create_namespace(ns_name text, ns_durability text) RETURNS text
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
