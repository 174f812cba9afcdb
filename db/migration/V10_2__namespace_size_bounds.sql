-- Optional bounds on what a namespace stores (HstoreKv.setSizeBounds), enforced by the expiry sweeper
-- of every instance: past a bound, the least recently written entries go first (by version, which
-- every write renews), until the namespace is within both. NULL: no bound.
--   max_entries  entries (rows) at most
--   max_bytes    bytes at most, as PostgreSQL stores key, value and fields (pg_column_size: after
--                compression, without row headers and indexes)
--   evictions    entries evicted so far to keep within them
ALTER TABLE ${schema}.namespaces
    ADD COLUMN max_entries bigint CHECK (max_entries > 0),
    ADD COLUMN max_bytes   bigint CHECK (max_bytes > 0),
    ADD COLUMN evictions   bigint NOT NULL DEFAULT 0;
