-- The result document of a dossier as the document-management system numbered and signed it:
-- the draft goes out through the outbox when a leader issues the result; the numbered, signed file
-- comes back by a signed callback and is kept in the content-addressed file store.
CREATE TABLE dossier_result (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dossier_id      uuid NOT NULL REFERENCES dossier (id),
  status          text NOT NULL DEFAULT 'drafted' CHECK (status IN ('drafted', 'sent', 'signed')),
  title           text NOT NULL,
  external_ref    text UNIQUE,        -- the document's id in the document-management system
  number          text,               -- số, ký hiệu
  issued_on       date,
  signer          text,
  issuing_agency  text NOT NULL,
  sha256          text,
  size            integer,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
CREATE INDEX dossier_result_dossier ON dossier_result (dossier_id, created_at DESC);
