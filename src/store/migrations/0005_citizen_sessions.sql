-- Citizens sign in through the national identity (OpenID Connect). A sign-in in progress keeps its
-- PKCE verifier and nonce here, bound to the browser by a cookie whose hash is stored.
CREATE TABLE oidc_login (
  state          text PRIMARY KEY,
  browser_hash   text NOT NULL,
  code_verifier  text NOT NULL,
  nonce          text NOT NULL,
  created_at     timestamptz NOT NULL
);

-- Citizens' sessions are separate from officials' and carry no staff rights.
CREATE TABLE citizen_session (
  token_hash    text PRIMARY KEY,
  id_number     text NOT NULL CHECK (id_number ~ '^[0-9]{12}$'),
  full_name     text NOT NULL,
  created_at    timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL
);
CREATE INDEX citizen_session_id_number ON citizen_session (id_number);
