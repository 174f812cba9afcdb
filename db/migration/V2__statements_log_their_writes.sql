-- Our own write statements log the keys they write themselves, in the same statement (a
-- data-modifying CTE, see io.hstorekv.store.Sql), once some instance caches the namespace. The
-- partitions lose their INSERT/UPDATE/DELETE triggers: a statement trigger costs every write ~10%
-- even when it has nothing to do, and the transition tables more. Raw SQL goes through the parent
-- `entries`, whose triggers (always on) log the keys it changes; TRUNCATE of a partition is still
-- caught by its own trigger, now always on (it costs writes nothing).

-- Whether writes to the namespace are logged: off until an instance opens it with a near cache,
-- then on for good. Every write statement reads it (a primary-key lookup in a tiny table).
ALTER TABLE ${schema}.namespaces ADD COLUMN change_log boolean NOT NULL DEFAULT false;

-- The log keeps one index, on tx, which the feeds poll and the sweeper deletes by; the primary key
-- on seq and the index on `at` each cost every logged write a b-tree insert. seq still identifies a
-- row for the feeds' de-duplication. `at` goes: it was the transaction's start, not its commit, so
-- it could not tell when a row may go; the sweeper now cuts below a transaction horizon it saw
-- long enough ago (io.hstorekv.store.Database#deleteOldChanges).
ALTER TABLE ${schema}.changes DROP CONSTRAINT changes_pkey;
ALTER TABLE ${schema}.changes DROP COLUMN at;

CREATE FUNCTION ${schema}.add_truncate_trigger(ns_name text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER changes_truncate AFTER TRUNCATE ON ${schema}.%I '
                   'FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.log_truncate(%L)', 'ns_' || ns_name, ns_name);
END $$;

-- Existing partitions: a namespace whose triggers were on keeps being logged.
DO $$
DECLARE
    n record;
BEGIN
    FOR n IN SELECT name FROM ${schema}.namespaces LOOP
        UPDATE ${schema}.namespaces SET change_log = true
         WHERE name = n.name AND EXISTS (
            SELECT 1 FROM pg_trigger WHERE tgrelid = format('${schema}.%I', 'ns_' || n.name)::regclass
               AND tgname = 'changes_insert' AND tgenabled <> 'D');
        EXECUTE format('DROP TRIGGER changes_insert ON ${schema}.%1$I; DROP TRIGGER changes_update ON ${schema}.%1$I; '
                       'DROP TRIGGER changes_delete ON ${schema}.%1$I; DROP TRIGGER changes_truncate ON ${schema}.%1$I',
                       'ns_' || n.name);
        PERFORM ${schema}.add_truncate_trigger(n.name);
    END LOOP;
END $$;

DROP FUNCTION ${schema}.add_disabled_change_triggers(text);

-- Turns the log on for a namespace, for good. The lock waits for every write statement in flight
-- (they hold ROW EXCLUSIVE on the partition) and holds new ones until this commits; a statement
-- takes its snapshot after its locks, so every write either finished before this returned or sees
-- change_log = true and logs itself. Idempotent.
CREATE OR REPLACE FUNCTION ${schema}.enable_change_log(ns_name text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ${schema}.namespaces SET change_log = true WHERE name = ns_name AND NOT change_log;
    IF FOUND THEN
        EXECUTE format('LOCK TABLE ${schema}.%I IN SHARE ROW EXCLUSIVE MODE', 'ns_' || ns_name);
    END IF;
END $$;

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
    PERFORM ${schema}.add_truncate_trigger(ns_name);
    RETURN ns_durability;
END $$;
