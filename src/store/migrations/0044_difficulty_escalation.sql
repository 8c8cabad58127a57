-- Difficulties that reach the ministry (issue 23 §5): a difficulty report may name the procedure it
-- is about; the province's desk forwards it to the ministry that owns the procedure, the ministry
-- may escalate it to the Government Office. Each level answers within its own deadline; each
-- forward is kept (who, when, why, the level left and its due, the new level's due). A ministry's
-- answer may name the release that fixed it.
ALTER TABLE feedback
  ADD COLUMN procedure_code text REFERENCES procedure (code),
  ADD COLUMN level text NOT NULL DEFAULT 'province' CHECK (level IN ('province', 'ministry', 'government')),
  ADD COLUMN fixed_in_release text CHECK (length(fixed_in_release) BETWEEN 1 AND 100);

CREATE TABLE feedback_forward (
  feedback_id   uuid NOT NULL REFERENCES feedback (id),
  seq           integer NOT NULL CHECK (seq >= 1),
  from_agency   text NOT NULL REFERENCES agency (code),
  from_due_at   timestamptz NOT NULL,
  to_agency     text NOT NULL REFERENCES agency (code),
  to_level      text NOT NULL CHECK (to_level IN ('ministry', 'government')),
  due_at        timestamptz NOT NULL,
  note          text NOT NULL CHECK (length(note) BETWEEN 1 AND 2000),
  forwarded_by  uuid NOT NULL REFERENCES account (id),
  forwarded_at  timestamptz NOT NULL,
  PRIMARY KEY (feedback_id, seq)
);
CREATE INDEX feedback_forward_from ON feedback_forward (from_agency);
CREATE INDEX feedback_by_procedure ON feedback (procedure_code, category) WHERE kind = 'difficulty';
