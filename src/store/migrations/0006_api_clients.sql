-- Machine clients (the national portal, other systems): an API key each, with its own scopes.
-- Keys are 256-bit random values, so a SHA-256 of the key is enough to store (no slow hash needed).
CREATE TABLE api_client (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name          text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
  key_prefix    text NOT NULL UNIQUE,
  key_hash      text NOT NULL,
  scopes        text[] NOT NULL,
  agency_code   text REFERENCES agency (code),
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL,
  created_by    uuid REFERENCES account (id),
  last_used_at  timestamptz
);
