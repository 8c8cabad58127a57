-- Local binding (gắn quy trình với cơ quan): a province or commune says which of its agencies
-- performs each step of a workflow, and may shorten (never lengthen) the step's time. A rule for a
-- province binds a step by agency kind (each commune's own centre, say) or to one agency; a rule
-- for a commune overrides it there. Each save is a new revision; the latest is in force.
CREATE TABLE workflow_binding (
  procedure_code  text NOT NULL,
  version_no      integer NOT NULL,
  case_code       text NOT NULL DEFAULT '',
  unit_code       text NOT NULL CHECK (unit_code ~ '^[0-9]{2}([0-9]{3})?$'),  -- province rule or commune override
  revision        integer NOT NULL CHECK (revision >= 1),
  steps           jsonb NOT NULL,     -- [{ stepCode, agencyKind | agencyCode, hours }]
  saved_at        timestamptz NOT NULL,
  saved_by        uuid REFERENCES account (id),
  PRIMARY KEY (procedure_code, version_no, case_code, unit_code, revision),
  FOREIGN KEY (procedure_code, version_no) REFERENCES procedure_version (procedure_code, version_no)
);
