-- Workflow templates (quy trình nội bộ): per procedure version and case, the ordered steps a
-- ministry defines. Each save is a new revision; the latest is the template in force.
CREATE TABLE workflow_template (
  procedure_code  text NOT NULL,
  version_no      integer NOT NULL,
  case_code       text NOT NULL DEFAULT '',               -- '' is the version's general case
  revision        integer NOT NULL CHECK (revision >= 1),
  steps           jsonb NOT NULL,
  allotted_hours  integer NOT NULL CHECK (allotted_hours > 0),
  saved_at        timestamptz NOT NULL,
  saved_by        uuid REFERENCES account (id),
  PRIMARY KEY (procedure_code, version_no, case_code, revision),
  FOREIGN KEY (procedure_code, version_no) REFERENCES procedure_version (procedure_code, version_no)
);
