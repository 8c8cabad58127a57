-- Which version (checksum) of each reference data set was loaded, so start-up can skip an
-- unchanged seed and a changed one is applied again (seeding is an idempotent upsert).
CREATE TABLE seed_run (
  name       text PRIMARY KEY,
  checksum   text NOT NULL,
  rows       integer NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);
