-- Officials activate their own accounts (issue 19): an administrator, an import or `create-admin`
-- makes the account without a password and sends a one-time link; the official sets the password
-- (and an administrator enrols the second factor) there. Only the link's SHA-256 is kept.
CREATE TABLE account_activation (
  token_hash   text PRIMARY KEY,
  account_id   uuid NOT NULL REFERENCES account (id),
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz,
  created_by   uuid REFERENCES account (id),
  CHECK (expires_at > created_at)
);
CREATE INDEX account_activation_account ON account_activation (account_id) WHERE used_at IS NULL;

-- The official's citizen ID number, as a bulk import declares it (not shown in lists).
ALTER TABLE account ADD COLUMN id_number text CHECK (id_number ~ '^[0-9]{12}$');
