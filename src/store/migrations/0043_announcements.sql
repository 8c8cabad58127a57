-- Announcements (issue 23 §3): notices to the people who run motcua (everyone, a province, an agency
-- kind, a role, or these combined), with importance, validity and attachments; planned maintenance
-- with its window. Each official's reading is kept, so unread notices are shown at sign-in.
CREATE TABLE announcement (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('notice', 'maintenance')),
  importance text NOT NULL CHECK (importance IN ('info', 'important', 'urgent')),
  title text NOT NULL,
  body text NOT NULL,
  audience_province text,
  audience_agency_kind text,
  audience_role text,
  public boolean NOT NULL DEFAULT false,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz NOT NULL CHECK (valid_to > valid_from),
  window_from timestamptz,
  window_to timestamptz,
  publisher_level text NOT NULL CHECK (publisher_level IN ('system', 'ministry', 'province')),
  publisher_agency text NOT NULL REFERENCES agency (code),
  published_by uuid NOT NULL REFERENCES account (id),
  published_at timestamptz NOT NULL,
  withdrawn_at timestamptz,
  -- The publisher's account and Idempotency-Key: a repeated request returns the first notice.
  idempotency_key text UNIQUE,
  CHECK ((kind = 'maintenance') = (window_from IS NOT NULL AND window_to IS NOT NULL)),
  CHECK (window_to IS NULL OR window_to > window_from)
);
CREATE INDEX announcement_valid ON announcement (valid_to, valid_from) WHERE withdrawn_at IS NULL;

-- Attachments: files kept in the file store by their hash, named as uploaded.
CREATE TABLE announcement_attachment (
  announcement_id uuid NOT NULL REFERENCES announcement (id),
  position int NOT NULL,
  name text NOT NULL,
  media_type text NOT NULL,
  sha256 text NOT NULL,
  size_bytes bigint NOT NULL,
  PRIMARY KEY (announcement_id, position)
);

CREATE TABLE announcement_read (
  announcement_id uuid NOT NULL REFERENCES announcement (id),
  account_id uuid NOT NULL REFERENCES account (id),
  read_at timestamptz NOT NULL,
  PRIMARY KEY (account_id, announcement_id)
);
