-- Deployment routes (tuyến triển khai) per procedure and province, with their history: the route in
-- force at an instant is the latest entry that had begun. Entries are only ever added (history is
-- never rewritten), so a change can never move dossiers already received.
CREATE TABLE deployment_route (
  procedure_code  text NOT NULL REFERENCES procedure (code),
  province_code   text NOT NULL CHECK (province_code ~ '^[0-9]{2}$'),
  effective_from  timestamptz NOT NULL,
  mode            text NOT NULL CHECK (mode IN ('central', 'provincial', 'pilot')),
  note            text CHECK (length(note) <= 500),
  set_at          timestamptz NOT NULL,
  set_by          uuid REFERENCES account (id),
  PRIMARY KEY (procedure_code, province_code, effective_from)
);
