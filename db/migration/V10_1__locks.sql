-- Leased locks (HstoreKv.lock): one row per lock name, kept after release so that its fencing token
-- keeps counting up. Every time is the database's clock (clock_timestamp()), never an instance's, so
-- instances whose clocks disagree still agree on who holds a lock.
--   token       the fencing token of the latest acquisition: it grows by one with each, and proves
--               ownership to renew and release (a holder whose lease ran out finds a newer token)
--   expires_at  when the lease ends; a released lock's is the moment of release
CREATE TABLE ${schema}.locks (
    name       text COLLATE "C" PRIMARY KEY,
    token      bigint NOT NULL CHECK (token > 0),
    expires_at timestamptz NOT NULL
);
