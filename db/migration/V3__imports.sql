-- Imports of ad-hoc tables into namespaces (io.hstorekv.store.TableCopy) and JSONL dumps.

-- One row per import job: where it stands, so that an interrupted import resumes where it stopped.
-- Each batch moves its rows and its position here in the same statement, so the position never
-- runs ahead of (or behind) what was written.
CREATE TABLE ${schema}.imports (
    job          text PRIMARY KEY,
    ns           text NOT NULL,
    spec         text NOT NULL,            -- the options the job runs with; a resume must name the same
    position     text[],                   -- the key columns (as text) of the last row copied; NULL: none yet
    rows_read    bigint NOT NULL DEFAULT 0, -- source rows copied so far
    rows_written bigint NOT NULL DEFAULT 0, -- entries inserted or overwritten (rows_read minus those kept by --on-conflict skip or without a value)
    expires_at   timestamptz,              -- --ttl: one expiry for every row, fixed when the job starts
    started_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz
);

-- The stored form of text (see io.hstorekv.store.StoredForm): as it is, unless it starts with chr(1),
-- which marks the binary form chr(1) || base64. (Text in PostgreSQL never holds NUL.) Not STRICT,
-- so that the planner inlines it.
CREATE FUNCTION ${schema}.stored_text(t text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN starts_with(t, chr(1)) THEN chr(1) || translate(encode(convert_to(t, 'UTF8'), 'base64'), E'\n', '')
                ELSE t END
$$;

-- The stored (binary) form of bytes: always chr(1) || base64, so the bytes come back exactly.
CREATE FUNCTION ${schema}.stored_bytes(b bytea) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT chr(1) || translate(encode(b, 'base64'), E'\n', '')
$$;
