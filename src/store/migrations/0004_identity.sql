-- Officials' accounts (tài khoản cán bộ), their role grants, server-side sessions, and the audit trail.

CREATE TABLE account (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username              text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
  full_name             text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
  search_name           text NOT NULL,                           -- folded full name and username
  agency_code           text NOT NULL REFERENCES agency (code),
  position              text CHECK (length(position) <= 200),   -- chức danh
  phone                 text CHECK (length(phone) <= 20),
  email                 text CHECK (length(email) <= 200),
  active                boolean NOT NULL DEFAULT true,
  valid_from            date NOT NULL,
  valid_to              date,
  password_hash         text NOT NULL,
  must_change_password  boolean NOT NULL DEFAULT false,
  password_changed_at   timestamptz NOT NULL DEFAULT now(),
  totp_secret           text,                                   -- base32; null until enrolled
  totp_pending_secret   text,                                   -- being set up, not yet confirmed
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX account_agency ON account (agency_code, username);

-- A role held at an agency (phân quyền), optionally narrowed to sectors (lĩnh vực), for a period.
-- A delegation (ủy quyền) is a grant with an end date, the delegating account and a reason.
CREATE TABLE role_grant (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id      uuid NOT NULL REFERENCES account (id),
  role            text NOT NULL CHECK (role IN (
                    'system_admin', 'ministry_admin', 'province_admin', 'commune_admin',
                    'receiver', 'processor', 'leader', 'monitor')),
  agency_code     text NOT NULL REFERENCES agency (code),
  sectors         text[],                                       -- null: every sector
  valid_from      timestamptz NOT NULL,
  valid_to        timestamptz,
  delegated_by    uuid REFERENCES account (id),
  reason          text CHECK (length(reason) <= 500),
  granted_by      uuid REFERENCES account (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  revoked_at      timestamptz,
  revoked_by      uuid REFERENCES account (id),
  CHECK (valid_to IS NULL OR valid_to > valid_from),
  CHECK (delegated_by IS NULL OR (valid_to IS NOT NULL AND reason IS NOT NULL))
);
CREATE INDEX role_grant_account ON role_grant (account_id) WHERE revoked_at IS NULL;
CREATE INDEX role_grant_agency ON role_grant (agency_code, role) WHERE revoked_at IS NULL;

-- Server-side sessions: the cookie holds a random token, the table only its SHA-256.
CREATE TABLE staff_session (
  token_hash      text PRIMARY KEY,
  account_id      uuid NOT NULL REFERENCES account (id),
  csrf_token      text NOT NULL,
  -- full; or restricted until the holder changes a reset password / sets up a second factor
  stage           text NOT NULL CHECK (stage IN ('full', 'change_password', 'enroll_totp')),
  created_at      timestamptz NOT NULL,
  last_seen_at    timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  ip              text,
  user_agent      text
);
CREATE INDEX staff_session_account ON staff_session (account_id);

-- Failed sign-ins per username, whether or not such an account exists, so that lockout behaves
-- the same for every name and reveals nothing about which accounts exist.
CREATE TABLE login_throttle (
  username       text PRIMARY KEY,
  failed_logins  integer NOT NULL DEFAULT 0,
  lockouts       integer NOT NULL DEFAULT 0,
  locked_until   timestamptz,
  updated_at     timestamptz NOT NULL
);

-- Append-only audit trail; each row carries the hash of the previous one (hash chain).
CREATE TABLE audit_log (
  seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at           timestamptz NOT NULL,
  actor_kind   text NOT NULL CHECK (actor_kind IN ('staff', 'citizen', 'client', 'system', 'anonymous')),
  actor_id     text,
  action       text NOT NULL,
  target_kind  text,
  target_id    text,
  agency_code  text,
  detail       jsonb NOT NULL DEFAULT '{}',
  ip           text,
  request_id   text,
  prev_hash    text NOT NULL,
  hash         text NOT NULL UNIQUE
);
CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);
CREATE INDEX audit_log_agency ON audit_log (agency_code, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);

-- No update, delete or truncate of the audit trail, whatever the role (a superuser can still
-- disable the trigger: the hash chain is what detects that, see docs/security.md).
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
