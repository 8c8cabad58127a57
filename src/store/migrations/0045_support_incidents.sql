-- Support and incidents (issue 23 §4). Support focal points per province, per ministry and for the
-- nation (name, unit, phone, e-mail, hours, a channel such as a Zalo group link), shown in the help
-- page and on error screens for the user's own area. Incidents: opened by anyone, with severity,
-- the affected province and procedure; acknowledged, worked and closed by support within target
-- times by severity (24/7 for the highest); linked to a difficulty report when there is one.
CREATE TABLE support_contact (
  id          uuid PRIMARY KEY,
  area_kind   text NOT NULL CHECK (area_kind IN ('national', 'province', 'ministry')),
  area_code   text,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  unit        text NOT NULL CHECK (length(unit) BETWEEN 1 AND 300),
  phone       text NOT NULL CHECK (length(phone) BETWEEN 1 AND 40),
  email       text CHECK (length(email) <= 200),
  hours       text NOT NULL CHECK (length(hours) BETWEEN 1 AND 200),
  channel     text CHECK (length(channel) <= 500),
  updated_by  uuid NOT NULL REFERENCES account (id),
  updated_at  timestamptz NOT NULL,
  CHECK ((area_kind = 'national') = (area_code IS NULL))
);
CREATE INDEX support_contact_area ON support_contact (area_kind, area_code);

CREATE SEQUENCE incident_number;
CREATE TABLE incident (
  id               uuid PRIMARY KEY,
  code             text NOT NULL UNIQUE,
  title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description      text NOT NULL CHECK (length(description) BETWEEN 1 AND 4000),
  severity         text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
  province         text,
  procedure_code   text REFERENCES procedure (code),
  feedback_code    text REFERENCES feedback (code),
  reporter_agency  text NOT NULL REFERENCES agency (code),
  opened_by        uuid NOT NULL REFERENCES account (id),
  opened_at        timestamptz NOT NULL,
  acknowledge_by   timestamptz NOT NULL,
  resolve_by       timestamptz NOT NULL,
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'in_progress', 'closed')),
  acknowledged_at  timestamptz,
  closed_at        timestamptz,
  resolution       text CHECK (length(resolution) <= 4000),
  log              jsonb NOT NULL DEFAULT '[]',
  idempotency_key  text UNIQUE,
  version          integer NOT NULL DEFAULT 1
);
CREATE INDEX incident_open ON incident (status, opened_at DESC);
