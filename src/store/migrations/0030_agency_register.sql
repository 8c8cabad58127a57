-- The agency register as data people manage (issue 19): every change to an agency is a revision
-- with the day it takes effect and who made it; a merged agency names its successor.
ALTER TABLE agency ADD COLUMN successor_code text REFERENCES agency (code);
ALTER TABLE agency ADD COLUMN revision integer NOT NULL DEFAULT 0;

CREATE TABLE agency_revision (
  code             text NOT NULL REFERENCES agency (code),
  revision         integer NOT NULL,
  change           text NOT NULL CHECK (change IN ('created', 'updated', 'closed', 'merged')),
  name             text NOT NULL,
  kind             text NOT NULL,
  parent_code      text,
  admin_unit_code  text NOT NULL,
  valid_from       date NOT NULL,
  valid_to         date,
  successor_code   text,
  effective_on     date NOT NULL,
  changed_at       timestamptz NOT NULL,
  changed_by       uuid REFERENCES account (id),
  source           text NOT NULL CHECK (source IN ('api', 'import', 'seed')),
  PRIMARY KEY (code, revision)
);

-- The agencies already registered (the seed) start their history at revision 0.
INSERT INTO agency_revision (code, revision, change, name, kind, parent_code, admin_unit_code,
                             valid_from, valid_to, effective_on, changed_at, source)
SELECT code, 0, 'created', name, kind, parent_code, admin_unit_code, valid_from, valid_to,
       valid_from, now(), 'seed'
FROM agency;
