-- The monthly report (báo cáo tháng), stored with the data snapshot that produced it and the files
-- rendered from that snapshot, so what was sent is what can be shown again later.
CREATE TABLE monthly_report (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  month         date NOT NULL,
  scope_kind    text NOT NULL CHECK (scope_kind IN ('national', 'province')),
  scope_code    text NOT NULL DEFAULT '',           -- the province's code; '' for the nation
  scope_name    text NOT NULL,
  generated_at  timestamptz NOT NULL,
  generated_by  uuid REFERENCES account (id),       -- null: generated on schedule
  snapshot      jsonb NOT NULL,
  xlsx          bytea NOT NULL,
  pdf           bytea NOT NULL,
  CHECK ((scope_kind = 'national') = (scope_code = ''))
);
-- One scheduled report per month and scope; on-demand ones as many as asked for.
CREATE UNIQUE INDEX monthly_report_scheduled ON monthly_report (month, scope_kind, scope_code)
  WHERE generated_by IS NULL;
CREATE INDEX monthly_report_recent ON monthly_report (month DESC, generated_at DESC);
