-- Feedback (phản ánh, kiến nghị): citizens' on their dossiers, and localities' difficulty reports
-- on the system. Answered within 10 working days (due_at, on the working calendar).
CREATE SEQUENCE feedback_number;
CREATE TABLE feedback (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code              text NOT NULL UNIQUE,                 -- PA-2026-000001
  kind              text NOT NULL CHECK (kind IN ('citizen', 'difficulty')),
  category          text NOT NULL,
  subject           text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
  content           text NOT NULL CHECK (length(content) BETWEEN 1 AND 4000),
  dossier_id        uuid REFERENCES dossier (id),         -- a citizen's feedback is on a dossier
  reporter_name     text NOT NULL,
  reporter_contact  text,
  reporter_account  uuid REFERENCES account (id),         -- an official reporting a difficulty
  reporter_agency   text REFERENCES agency (code),
  agency_code       text NOT NULL REFERENCES agency (code), -- who must answer
  assignee_id       uuid REFERENCES account (id),
  status            text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'assigned', 'answered')),
  submitted_at      timestamptz NOT NULL,
  due_at            timestamptz NOT NULL,
  answer            text CHECK (length(answer) <= 4000),
  answered_at       timestamptz,
  answered_by       uuid REFERENCES account (id),
  idempotency_key   text UNIQUE,
  version           integer NOT NULL DEFAULT 1,
  CHECK ((status = 'answered') = (answered_at IS NOT NULL AND answer IS NOT NULL)),
  CHECK (kind = 'difficulty' OR dossier_id IS NOT NULL)
);
CREATE INDEX feedback_by_agency ON feedback (agency_code, submitted_at DESC);
CREATE INDEX feedback_by_reporter_agency ON feedback (reporter_agency, submitted_at DESC)
  WHERE reporter_agency IS NOT NULL;
CREATE INDEX feedback_by_dossier ON feedback (dossier_id) WHERE dossier_id IS NOT NULL;
