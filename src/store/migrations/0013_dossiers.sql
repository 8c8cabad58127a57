-- Dossiers (hồ sơ): the row holds the derived current state for fast lists; dossier_action is the
-- append-only processing log (Form 06) and the truth. Each command writes both in one transaction,
-- guarded by the row's version (optimistic concurrency).
CREATE TABLE dossier (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code                text NOT NULL UNIQUE,                           -- mã hồ sơ (DOMAIN §5.4)
  channel             smallint NOT NULL CHECK (channel IN (1, 2, 3)), -- counter, online, postal
  intake_key          text UNIQUE,                                    -- 'portal:<portal id>' or 'counter:<agency>:<key>': idempotent intake
  procedure_code      text NOT NULL,
  version_no          integer NOT NULL,
  case_code           text NOT NULL DEFAULT '',
  workflow_revision   integer NOT NULL,                               -- pinned at receipt
  plan                jsonb NOT NULL,                                 -- each step's agency and hours, pinned at receipt
  received_by_agency  text NOT NULL REFERENCES agency (code),
  commune_code        text NOT NULL,                                  -- where the dossier is handled
  agency_code         text NOT NULL REFERENCES agency (code),         -- who holds it now
  assignee_id         uuid REFERENCES account (id),
  status              smallint NOT NULL CHECK (status BETWEEN 1 AND 10),
  step_code           text,
  step_role           text,                                           -- the role the current step needs
  version             integer NOT NULL,
  applicant_id_number text NOT NULL,
  applicant_name      text NOT NULL,
  applicant           jsonb NOT NULL,
  representative      jsonb,
  components          jsonb NOT NULL,
  eform               jsonb NOT NULL,
  summary             text,
  submitted_at        timestamptz NOT NULL,
  received_at         timestamptz,
  due_at              timestamptz,
  step_due_at         timestamptz,
  calendar_version    text,
  state               jsonb NOT NULL,                                 -- the full derived state (consultations, sub-states)
  visible_to          text[] NOT NULL,                                -- every agency that received, held or was consulted on it
  payment             text NOT NULL DEFAULT 'none',
  delivery            text NOT NULL DEFAULT 'none',
  sync                text NOT NULL DEFAULT 'pending',
  orphan              boolean NOT NULL DEFAULT false,
  updated_at          timestamptz NOT NULL,
  FOREIGN KEY (procedure_code, version_no) REFERENCES procedure_version (procedure_code, version_no)
);
-- Visibility is one indexed predicate (visible_to && the official's reach); worklists of an agency
-- read newest first from their own index.
CREATE INDEX dossier_visible_to ON dossier USING gin (visible_to);
CREATE INDEX dossier_agency_worklist ON dossier (agency_code, status, submitted_at DESC, id DESC);
CREATE INDEX dossier_assignee_worklist ON dossier (assignee_id, submitted_at DESC, id DESC) WHERE assignee_id IS NOT NULL;
CREATE INDEX dossier_applicant ON dossier (applicant_id_number);
CREATE INDEX dossier_orphan ON dossier (agency_code) WHERE orphan;

CREATE TABLE dossier_action (
  dossier_id     uuid NOT NULL REFERENCES dossier (id),
  seq            integer NOT NULL CHECK (seq >= 1),
  type           text NOT NULL,
  at             timestamptz NOT NULL,
  actor_kind     text NOT NULL CHECK (actor_kind IN ('staff', 'client', 'system')),
  actor_id       text,
  actor_role     text,
  agency_code    text NOT NULL,
  from_status    smallint NOT NULL,
  to_status      smallint NOT NULL,
  from_step      text,
  to_step        text,
  to_agency      text NOT NULL,
  assignee_id    uuid,
  due_at         timestamptz,
  step_due_at    timestamptz,
  step_verdict   text CHECK (step_verdict IN ('before_due', 'on_time', 'late')),
  calendar_version text,
  data           jsonb NOT NULL,
  PRIMARY KEY (dossier_id, seq)
);
-- The log is only added to.
CREATE FUNCTION dossier_action_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'dossier_action is append-only';
END;
$$;
CREATE TRIGGER dossier_action_no_change BEFORE UPDATE OR DELETE ON dossier_action
  FOR EACH ROW EXECUTE FUNCTION dossier_action_append_only();

-- Daily sequence of each receiving agency, taken in the intake's transaction: no gaps, no repeats.
CREATE TABLE dossier_sequence (
  agency_code  text NOT NULL,
  day          date NOT NULL,
  last         integer NOT NULL,
  PRIMARY KEY (agency_code, day)
);

-- Transactional outbox: what must leave the system, written with the change that caused it.
CREATE TABLE outbox_message (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dossier_id    uuid REFERENCES dossier (id),
  destination   text NOT NULL,           -- dvcqg, sms, email, payment, postal
  kind          text NOT NULL,
  payload       jsonb NOT NULL,
  created_at    timestamptz NOT NULL,
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
  attempts      integer NOT NULL DEFAULT 0
);
CREATE INDEX outbox_pending ON outbox_message (created_at) WHERE status = 'pending';
