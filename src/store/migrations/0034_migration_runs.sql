-- Taking over from a provincial one-stop system (issue 20). Each `migrate-in run` is a run; every
-- dossier it brought in is named by its source key, so a resumed run, a second run or a delta
-- export changes only what is new, and a run's rows can be removed as a unit.
CREATE TABLE migration_run (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  province     text NOT NULL,
  source       text NOT NULL,                   -- the export folder as given
  started_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  finished_at  timestamptz,
  state        text NOT NULL CHECK (state IN ('staging', 'importing', 'done', 'rolled_back')),
  progress     jsonb NOT NULL DEFAULT '{}',     -- lines staged, dossiers done: what the screen shows
  report       jsonb                            -- the reconciliation at the end of the run
);
-- One run in progress per export of a province: running again resumes it.
CREATE UNIQUE INDEX migration_run_open ON migration_run (province, source) WHERE state IN ('staging', 'importing');

CREATE TABLE migrated_dossier (
  dossier_id        uuid PRIMARY KEY REFERENCES dossier (id),
  source_key        text NOT NULL UNIQUE,       -- '<province>:<DonViId>:<MaHoSo>', upper-cased unit
  run_id            uuid NOT NULL REFERENCES migration_run (id),
  row_hash          text NOT NULL,              -- the source row as last imported: a delta compares it
  imported_version  integer NOT NULL,           -- the dossier's version when imported: work here raises it
  in_flight         boolean NOT NULL
);
CREATE INDEX migrated_dossier_run ON migrated_dossier (run_id);

-- The processing history of a run's export, staged by dossier code so that each batch of dossiers
-- reads its own rows in time order (the export's history is in no useful order). Emptied at the end.
CREATE TABLE migration_history (
  run_id      uuid NOT NULL REFERENCES migration_run (id),
  code        text NOT NULL,
  line        integer NOT NULL,
  source_id   text NOT NULL,
  at          timestamptz NOT NULL,
  status      smallint,
  label       text NOT NULL,
  actor       text NOT NULL,
  actor_name  text NOT NULL,
  note        text NOT NULL,
  node        text NOT NULL,
  PRIMARY KEY (run_id, code, line)
);

-- The log stays append-only; a run's own rows may be removed as a unit (rollback, before any work
-- was done on them here), and only inside the transaction that says so.
CREATE OR REPLACE FUNCTION dossier_action_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('motcua.migration_rollback', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'dossier_action is append-only';
END;
$$;

-- A provincial system's result, brought in with its number, signer and file: kept as it was,
-- never claimed as signed here (a signature that does not verify here proves nothing).
ALTER TABLE dossier_result DROP CONSTRAINT dossier_result_status_check;
ALTER TABLE dossier_result ADD CONSTRAINT dossier_result_status_check
  CHECK (status IN ('drafted', 'sent', 'signed', 'imported'));
-- What a holder finds in their warehouse from a migration is marked so.
ALTER TABLE warehouse_item ADD COLUMN imported boolean NOT NULL DEFAULT false;
