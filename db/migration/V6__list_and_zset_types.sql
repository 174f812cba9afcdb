-- Lists and sorted sets (issue #12). Their entries row carries what every key has (type, version, TTL),
-- so TYPE, TTL, DEL, RENAME, SCAN and the change log treat them like hashes and sets; their items live
-- in tables of their own (later migrations), so neither column holds them.
ALTER TABLE ${schema}.entries DROP CONSTRAINT entries_type_check;
ALTER TABLE ${schema}.entries DROP CONSTRAINT entries_check;
ALTER TABLE ${schema}.entries ADD CONSTRAINT entries_type_check
    CHECK (type IN ('string', 'hash', 'set', 'list', 'zset'));
ALTER TABLE ${schema}.entries ADD CONSTRAINT entries_shape_check
    CHECK ((type = 'string') = (value IS NOT NULL) AND (type IN ('hash', 'set')) = (fields IS NOT NULL));
