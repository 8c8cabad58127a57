-- Service-quality indicators kept as running sums (docs/indicators.md). A dossier's indicator rows
-- (src/domain/reports/indicatorRows.ts) are a pure function of its log and facts; every change to
-- them is queued in the transaction that caused it and folded into the sums by one folder at a
-- time, so busy agencies never queue behind a hot counter row.

-- The rows last counted for each dossier: the next change is the difference from these.
CREATE TABLE dossier_indicator (
  dossier_id  uuid PRIMARY KEY REFERENCES dossier (id),
  rows        jsonb NOT NULL                       -- [[measure, ref day number, day number, n], …]
);

-- The recount (periods the sums do not answer) and the check read dossiers by receiving agency.
CREATE INDEX dossier_received_by ON dossier (received_by_agency, id);

-- Changes waiting to be folded (insert-only on the action's path).
CREATE TABLE indicator_change (
  id              bigserial PRIMARY KEY,
  agency_code     text NOT NULL,                   -- the agency that received the dossier
  procedure_code  text NOT NULL,
  measure         text NOT NULL,
  ref_day         date NOT NULL,
  day             date NOT NULL,
  n               integer NOT NULL
);

-- The province of each local agency (its own, or its commune's): the sums are also kept per
-- province. Reference data: refreshed whenever the agencies are loaded.
CREATE MATERIALIZED VIEW agency_province AS
  SELECT a.code, coalesce(u.parent_code, u.code) AS province
  FROM agency a JOIN admin_unit u ON u.code = a.admin_unit_code AND u.valid_to IS NULL
  WHERE a.kind IN ('province_committee', 'department', 'province_service_center', 'commune_committee',
                   'commune_service_center');
CREATE UNIQUE INDEX agency_province_code ON agency_province (code);

-- Receipt and finish measures by month of their reference day and month of the change, per agency
-- and procedure. Procedure '*' holds the sum over procedures, and agency '*PP' (with procedure '*')
-- the sum over the local agencies of province PP: what province and national views read.
CREATE TABLE indicator_cell (
  procedure_code  text NOT NULL,
  month           date NOT NULL,
  agency_code     text NOT NULL,
  measure         text NOT NULL,
  changed_month   date NOT NULL,
  n               bigint NOT NULL,
  -- Agency before month: a view names its few keys (34 provinces, a province's agencies).
  PRIMARY KEY (procedure_code, agency_code, month, measure, changed_month)
);

-- Dossiers open now (in progress or paused) by due day.
CREATE TABLE indicator_open (
  procedure_code  text NOT NULL,
  agency_code     text NOT NULL,
  measure         text NOT NULL,
  due_day         date NOT NULL,
  n               bigint NOT NULL,
  PRIMARY KEY (procedure_code, agency_code, measure, due_day)
);

-- Recent changes of the open stock by day, so that a month can be closed after it ended.
CREATE TABLE indicator_open_change (
  day             date NOT NULL,
  procedure_code  text NOT NULL,
  agency_code     text NOT NULL,
  measure         text NOT NULL,
  due_day         date NOT NULL,
  n               bigint NOT NULL,
  PRIMARY KEY (day, procedure_code, agency_code, measure, due_day)
);

-- The open stock at the end of each closed month (in progress on time, late; paused).
CREATE TABLE indicator_month_end (
  procedure_code       text NOT NULL,
  month                date NOT NULL,
  agency_code          text NOT NULL,
  in_progress_on_time  bigint NOT NULL,
  in_progress_late     bigint NOT NULL,
  paused               bigint NOT NULL,
  PRIMARY KEY (procedure_code, month, agency_code)
);
CREATE TABLE indicator_month_closed (
  month      date PRIMARY KEY,
  closed_at  timestamptz NOT NULL
);
