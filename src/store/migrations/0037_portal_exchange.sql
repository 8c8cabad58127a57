-- The complete exchange with the national portal (issue 22).
--
-- Keys that sign the document and result links given to the portal (HMAC, named in each link). The
-- newest signs; a key replaced by a newer one still verifies the links it signed until
-- `verifies_until` (their longest validity), and is then no longer honoured.
CREATE TABLE link_signing_key (
  id             text PRIMARY KEY,
  secret         bytea NOT NULL,
  created_at     timestamptz NOT NULL,
  verifies_until timestamptz
);

-- What the portal acknowledged of each dossier, as content: the digest of the last dossier message
-- it accepted (without the links' signatures, which change with time) and the version it carried.
-- A change that leaves the message as it was sends nothing.
ALTER TABLE portal_sync
  ADD COLUMN acked_digest text,
  ADD COLUMN acked_rev bigint NOT NULL DEFAULT 0;
