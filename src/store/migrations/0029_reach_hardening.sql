-- A nationwide view is its own role, granted only by the system administrator; a monitor held at a
-- ministry now reaches that ministry's units and the dossiers of its procedures, not the nation.
ALTER TABLE role_grant DROP CONSTRAINT role_grant_role_check;
ALTER TABLE role_grant ADD CONSTRAINT role_grant_role_check CHECK (role IN (
  'system_admin', 'ministry_admin', 'province_admin', 'commune_admin',
  'receiver', 'processor', 'leader', 'monitor', 'national_monitor'));

-- The Government Office's monitors (Cục Kiểm soát thủ tục hành chính) steer all 34 provinces.
UPDATE role_grant SET role = 'national_monitor'
WHERE role = 'monitor' AND agency_code = '000.00.00.G17';

-- Each dossier carries the mark of the ministry owning its procedure: what a ministry's monitor sees.
UPDATE dossier d SET visible_to = d.visible_to || ARRAY['bo:' || p.ministry_code]
FROM procedure p
WHERE p.code = d.procedure_code AND NOT ('bo:' || p.ministry_code) = ANY(d.visible_to);

-- Failed checks of a dossier code's last four digits (public status, rating, feedback), kept for a
-- while: a code — and an address — that fails too often is refused for a time, across every route
-- and every node that checks the digits.
CREATE TABLE public_check_failure (
  at    timestamptz NOT NULL,
  code  text NOT NULL,
  ip    text
);
CREATE INDEX public_check_failure_code ON public_check_failure (code, at);
CREATE INDEX public_check_failure_ip ON public_check_failure (ip, at);

-- The last TOTP time step an account accepted: a code works once, not twice in its window.
ALTER TABLE account ADD COLUMN totp_last_step bigint;

-- An idempotency key remembers what it was sent with and by whom: the same key with another
-- request, or from another client, is refused instead of answering someone else's dossier.
ALTER TABLE dossier ADD COLUMN intake_hash text;
ALTER TABLE dossier ADD COLUMN intake_by text;
