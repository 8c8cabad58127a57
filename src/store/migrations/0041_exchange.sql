-- Inter-agency procedures with systems outside motcua (issue 22 §6), through the national
-- data-exchange platform. The systems are reference data; an agency that works in its own system
-- (a tax office in the tax authority's) is answered by that system, not by motcua's officials.
CREATE TABLE exchange_system (
  code  text PRIMARY KEY CHECK (code ~ '^[a-z0-9_]{2,30}$'),
  name  text NOT NULL
);
INSERT INTO exchange_system (code, name) VALUES
  ('cutru', 'Hệ thống quản lý cư trú (Bộ Công an)'),
  ('bhxh', 'Hệ thống nghiệp vụ Bảo hiểm xã hội Việt Nam'),
  ('thue', 'Hệ thống quản lý thuế (Cục Thuế)');

CREATE TABLE external_agency (
  agency_code  text PRIMARY KEY REFERENCES agency (code),
  system       text NOT NULL REFERENCES exchange_system (code),
  set_at       timestamptz NOT NULL,
  set_by       uuid REFERENCES account (id)
);

-- One request to another system: a linked dossier of a chained procedure, or a consultation. Its
-- status only moves forward; the other system's dossier code is its receipt.
CREATE TABLE exchange_request (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dossier_id       uuid NOT NULL REFERENCES dossier (id),
  kind             text NOT NULL CHECK (kind IN ('linked', 'consultation')),
  system           text NOT NULL REFERENCES exchange_system (code),
  procedure_code   text,
  procedure_name   text,
  consultation_id  text,
  question         text,
  due_at           timestamptz,
  status           text NOT NULL DEFAULT 'queued'
                   CHECK (status IN ('queued', 'sent', 'received', 'processing', 'done', 'refused')),
  remote_code      text,
  answer           text,
  events           jsonb NOT NULL DEFAULT '[]',
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  CHECK (kind = 'linked' OR consultation_id IS NOT NULL)
);
CREATE INDEX exchange_request_dossier ON exchange_request (dossier_id, created_at);
CREATE UNIQUE INDEX exchange_request_consultation ON exchange_request (dossier_id, consultation_id)
  WHERE consultation_id IS NOT NULL;

-- The procedures a version chains (started in other systems once a dossier is received): none
-- for the versions published before.
UPDATE procedure_version SET content = content || '{"linkedProcedures": []}'::jsonb
WHERE NOT content ? 'linkedProcedures';
